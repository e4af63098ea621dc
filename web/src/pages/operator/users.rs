//! Operators find users and block or unblock them (Rules 2.3). Each search is audited.

use kabinet_shared::api::auth::Role;
use kabinet_shared::api::operator::UserListItem;
use kabinet_shared::api::page::Page;
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_banner::ErrorBanner;
use crate::components::form_field::FormField;
use crate::components::require_auth::RequireAuth;
use crate::components::spinner::Spinner;
use crate::i18n::{use_lang, Lang, Text};

fn role_name(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Resident => lang.text(Text::RoleResident),
        Role::Operator => lang.text(Text::RoleOperator),
        Role::Admin => lang.text(Text::RoleAdmin),
    }
}

#[derive(Clone, PartialEq)]
enum Results {
    Idle,
    Loading,
    Loaded(Page<UserListItem>),
    Failed(ApiFailure),
}

#[function_component(OperatorUsers)]
pub fn operator_users() -> Html {
    html! { <RequireAuth staff=true><UsersInner /></RequireAuth> }
}

#[function_component(UsersInner)]
fn users_inner() -> Html {
    let lang = use_lang();
    let query = use_state(String::new);
    let results = use_state(|| Results::Idle);
    let reason = use_state(String::new);
    let action_failure = use_state(|| None::<ApiFailure>);
    let search = {
        let (query, results) = (query.clone(), results.clone());
        Callback::from(move |cursor: Option<String>| {
            let (q, results) = ((*query).clone(), results.clone());
            let previous = match &*results {
                Results::Loaded(page) if cursor.is_some() => page.items.clone(),
                _ => Vec::new(),
            };
            results.set(Results::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                results.set(
                    match api::operator::search_users(&q, cursor.as_deref()).await {
                        Ok(mut page) => {
                            let mut items = previous;
                            items.append(&mut page.items);
                            Results::Loaded(Page {
                                items,
                                next_cursor: page.next_cursor,
                            })
                        }
                        Err(err) => Results::Failed(err),
                    },
                );
            });
        })
    };
    let onsubmit = {
        let search = search.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            search.emit(None);
        })
    };
    let toggle = |user: &UserListItem| {
        // A blocked or password-locked user is unblocked (which lifts both); others blocked.
        let (id, block) = (user.id, !(user.blocked || user.password_locked));
        let (reason, results, action_failure) =
            (reason.clone(), results.clone(), action_failure.clone());
        Callback::from(move |_| {
            let (why, results, action_failure) =
                ((*reason).clone(), results.clone(), action_failure.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::operator::set_blocked(id, block, &why).await {
                    Ok(detail) => {
                        action_failure.set(None);
                        if let Results::Loaded(mut page) = (*results).clone() {
                            for item in page.items.iter_mut().filter(|i| i.id == detail.id) {
                                item.blocked = detail.blocked_at.is_some();
                                item.password_locked = detail.password_locked_at.is_some();
                            }
                            results.set(Results::Loaded(page));
                        }
                    }
                    Err(err) => action_failure.set(Some(err)),
                }
            });
        })
    };
    let list = match &*results {
        Results::Idle => Html::default(),
        Results::Loading => html! { <Spinner /> },
        Results::Failed(f) => html! { <ErrorBanner failure={f.clone()} /> },
        Results::Loaded(page) if page.items.is_empty() => {
            html! { <p>{ lang.text(Text::NothingFound) }</p> }
        }
        Results::Loaded(page) => html! {
            <>
                <table class="data" data-testid="users">
                    <thead><tr>
                        <th>{ lang.text(Text::LoginLabel) }</th><th>{ lang.text(Text::FullNameLabel) }</th><th></th><th></th>
                    </tr></thead>
                    <tbody>
                        { for page.items.iter().map(|u| html! {
                            <tr data-testid={format!("user-{}", u.login)}>
                                <td>{ &u.login }</td>
                                <td>{ &u.full_name }<br /><small>{ role_name(lang, u.role) }</small></td>
                                <td class={if u.blocked || u.password_locked { "status-bad" } else { "status-ok" }}>
                                    { if u.blocked {
                                        lang.text(Text::BlockedState)
                                    } else if u.password_locked {
                                        lang.text(Text::PasswordLockedState)
                                    } else {
                                        lang.text(Text::ActiveState)
                                    } }
                                </td>
                                <td><button class="secondary" onclick={toggle(u)}>
                                    { if u.blocked || u.password_locked { lang.text(Text::Unblock) } else { lang.text(Text::Block) } }
                                </button></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                if let Some(cursor) = page.next_cursor.clone() {
                    <button class="secondary" onclick={search.reform(move |_| Some(cursor.clone()))}>{ lang.text(Text::LoadMore) }</button>
                }
            </>
        },
    };
    html! {
        <section class="card">
            <h1>{ lang.text(Text::UsersTitle) }</h1>
            <form {onsubmit} class="inline">
                <FormField name="q" kind="search" label={lang.text(Text::SearchLabel)} value={(*query).clone()}
                    oninput={{ let s = query.clone(); Callback::from(move |v| s.set(v)) }} />
                <button class="primary" type="submit">{ lang.text(Text::Search) }</button>
            </form>
            <FormField name="reason" label={lang.text(Text::Reason)} value={(*reason).clone()}
                error={action_failure.as_ref().and_then(|f| f.field("reason"))}
                oninput={{ let s = reason.clone(); Callback::from(move |v| s.set(v)) }} />
            if let Some(f) = action_failure.as_ref().filter(|f| f.field("reason").is_none()) {
                <ErrorBanner failure={f.clone()} />
            }
            { list }
        </section>
    }
}
