//! Operators find users (by login, name, e-mail or a phone as people type it), open a user's
//! page (contacts, linked accounts, block history — the read is audited) and block or unblock
//! them with a reason (Rules 2.3), confirmed per row.

use kabinet_shared::api::auth::Role;
use kabinet_shared::api::operator::{UserDetail, UserListItem};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::confirm::Confirm;
use crate::components::dates::moment;
use crate::components::form_field::FormField;
use crate::components::require_auth::RequireAuth;
use crate::hooks::{use_fetch, use_paged, use_submit};
use crate::i18n::{use_lang, Lang, Text};
use crate::pages::accounts::address_line;

fn role_name(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Resident => lang.text(Text::RoleResident),
        Role::Operator => lang.text(Text::RoleOperator),
        Role::Admin => lang.text(Text::RoleAdmin),
    }
}

fn state_text(lang: Lang, blocked: bool, locked: bool) -> (&'static str, &'static str) {
    if blocked {
        (lang.text(Text::BlockedState), "status-bad")
    } else if locked {
        (lang.text(Text::PasswordLockedState), "status-bad")
    } else {
        (lang.text(Text::ActiveState), "status-ok")
    }
}

#[derive(Properties, PartialEq)]
struct BlockProps {
    id: i64,
    /// Blocked or password-locked now: the action unblocks (which lifts both).
    blocked: bool,
    login: AttrValue,
    on_done: Callback<UserDetail>,
}

/// «Заблокировать» / «Разблокировать» with its confirmation and reason.
#[function_component(BlockButton)]
fn block_button(props: &BlockProps) -> Html {
    let lang = use_lang();
    let submit = use_submit::<UserDetail>();
    let (id, block) = (props.id, !props.blocked);
    let on_confirm = {
        let (submit, done) = (submit.clone(), props.on_done.clone());
        Callback::from(move |reason: String| {
            let done = done.clone();
            submit.run(
                api::operator::set_blocked(id, block, &reason),
                move |detail| done.emit(detail.clone()),
            );
        })
    };
    let (label, question) = if block {
        (Text::Block, Text::BlockQuestion)
    } else {
        (Text::Unblock, Text::UnblockQuestion)
    };
    html! {
        <div ref={submit.form.clone()}>
            <Confirm label={lang.text(label)} question={format!("{} {}?", lang.text(question), props.login)} reason=true
                busy={submit.busy()} on_confirm={on_confirm} testid={format!("block-{}", props.login)} />
            { submit.banner() }
        </div>
    }
}

#[function_component(OperatorUsers)]
pub fn operator_users() -> Html {
    html! { <RequireAuth staff=true><UsersInner /></RequireAuth> }
}

#[function_component(UsersInner)]
fn users_inner() -> Html {
    let lang = use_lang();
    let query = use_state(String::new);
    let results = use_paged(|q: String, cursor: Option<String>| {
        api::operator::search_users(&q, cursor.as_deref())
    });
    let onsubmit = {
        let (query, results) = (query.clone(), results.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            results.search((*query).clone());
        })
    };
    let refresh = {
        let results = results.clone();
        Callback::from(move |_: UserDetail| results.refresh())
    };
    let rows = |items: &[UserListItem]| {
        html! {
            <table class="data" data-testid="users">
                <thead><tr>
                    <th>{ lang.text(Text::LoginLabel) }</th><th>{ lang.text(Text::FullNameLabel) }</th>
                    <th>{ lang.text(Text::StateLabel) }</th><th>{ lang.text(Text::ActionLabel) }</th>
                </tr></thead>
                <tbody>
                    { for items.iter().map(|u| {
                        let (state, class) = state_text(lang, u.blocked, u.password_locked);
                        html! {
                            <tr data-testid={format!("user-{}", u.login)}>
                                <td><Link<Route> to={Route::OperatorUser { id: u.id }}>{ &u.login }</Link<Route>></td>
                                <td>{ &u.full_name }<br /><small>{ role_name(lang, u.role) }</small></td>
                                <td class={class} data-label={lang.text(Text::StateLabel)}>{ state }</td>
                                <td><BlockButton id={u.id} blocked={u.blocked || u.password_locked} login={u.login.clone()} on_done={refresh.clone()} /></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        }
    };
    html! {
        <section class="card">
            <h1>{ lang.text(Text::UsersTitle) }</h1>
            <form {onsubmit} class="inline" role="search">
                <FormField name="q" kind="search" label={lang.text(Text::SearchLabel)} hint={lang.text(Text::UserSearchHint)} value={(*query).clone()}
                    oninput={{ let s = query.clone(); Callback::from(move |v| s.set(v)) }} />
                <button class="primary" type="submit">{ lang.text(Text::Search) }</button>
            </form>
            { results.view(lang.text(Text::NothingFound), lang.text(Text::Found), lang.text(Text::LoadMore), rows) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct UserProps {
    pub id: i64,
}

/// `/operator/users/:id`: one user in full.
#[function_component(OperatorUser)]
pub fn operator_user(props: &UserProps) -> Html {
    html! { <RequireAuth staff=true><UserInner id={props.id} /></RequireAuth> }
}

#[function_component(UserInner)]
fn user_inner(props: &UserProps) -> Html {
    let lang = use_lang();
    let user = use_fetch(props.id, api::operator::user);
    let reload = user.reload.reform(|_: UserDetail| ());
    let body = user.view(|u| {
        let (state, class) = state_text(lang, u.blocked_at.is_some(), u.password_locked_at.is_some());
        html! {
            <div data-testid="user-detail">
                <dl class="facts">
                    <dt>{ lang.text(Text::LoginLabel) }</dt><dd>{ &u.login }</dd>
                    <dt>{ lang.text(Text::FullNameLabel) }</dt><dd>{ &u.full_name }</dd>
                    <dt>{ lang.text(Text::RoleLabel) }</dt><dd>{ role_name(lang, u.role) }</dd>
                    <dt>{ lang.text(Text::EmailLabel) }</dt><dd><a href={format!("mailto:{}", u.email)}>{ &u.email }</a></dd>
                    <dt>{ lang.text(Text::PhoneLabel) }</dt><dd><a href={format!("tel:{}", u.phone)}>{ &u.phone }</a></dd>
                    if let Some(home) = &u.home_phone {
                        <dt>{ lang.text(Text::HomePhoneLabel) }</dt><dd>{ home }</dd>
                    }
                    if let Some(postal) = &u.postal_address {
                        <dt>{ lang.text(Text::PostalAddress) }</dt><dd>{ postal }</dd>
                    }
                    <dt>{ lang.text(Text::RegisteredAt) }</dt><dd>{ moment(lang, &u.created_at) }</dd>
                    <dt>{ lang.text(Text::StateLabel) }</dt>
                    <dd class={class} data-testid="user-state">{ state }
                        if let Some(reason) = &u.blocked_reason { { format!(" — {reason}") } }
                    </dd>
                    <dt>{ lang.text(Text::SessionsTitle) }</dt><dd>{ u.active_sessions }</dd>
                    <dt>{ lang.text(Text::RecentFailedLogins) }</dt><dd>{ u.recent_failed_logins }</dd>
                </dl>
                <BlockButton id={u.id} blocked={u.blocked_at.is_some() || u.password_locked_at.is_some()} login={u.login.clone()} on_done={reload.clone()} />
                <h2>{ lang.text(Text::LinkedAccounts) }</h2>
                if u.linked_accounts.is_empty() {
                    <p>{ lang.text(Text::NoAccountsLinked) }</p>
                } else {
                    <ul class="plain" data-testid="user-accounts">
                        { for u.linked_accounts.iter().map(|a| html! {
                            <li>
                                <Link<Route> to={Route::OperatorAccount { number: a.number.clone() }}>{ format!("{} {}", lang.text(Text::AccountNo), a.number) }</Link<Route>>
                                { format!(" — {}", address_line(lang, &a.address)) }
                                if a.as_family_member { <span class="tag">{ lang.text(Text::FamilyMember) }</span> }
                            </li>
                        }) }
                    </ul>
                }
                <h2>{ lang.text(Text::BlockHistory) }</h2>
                if u.block_history.is_empty() {
                    <p>{ lang.text(Text::NeverBlocked) }</p>
                } else {
                    <ul class="plain" data-testid="block-history">
                        { for u.block_history.iter().map(|b| html! {
                            <li>
                                { format!("{} — {}", moment(lang, &b.at), lang.text(if b.blocked { Text::Blocked } else { Text::Unblocked })) }
                                if let Some(reason) = &b.reason { { format!(": {reason}") } }
                            </li>
                        }) }
                    </ul>
                }
                <p><a href={format!("{}?target_kind=user&target_id={}", crate::app::STAFF_AUDIT, u.id)}>{ lang.text(Text::UserAuditLink) }</a></p>
            </div>
        }
    });
    html! {
        <section class="card">
            <h1>{ lang.text(Text::UserTitle) }</h1>
            <p><Link<Route> to={Route::OperatorUsers}>{ lang.text(Text::BackToSearch) }</Link<Route>></p>
            { body }
        </section>
    }
}
