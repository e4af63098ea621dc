//! The operator's accounts: search by number as people write it («100 200 303»), owner's name
//! or address; each account has its own page (`/operator/accounts/:number`, the read is
//! audited) to issue a link code with a printable slip and disconnect users (Rules 2.4) —
//! re-issuing a live code and disconnecting ask first, with the reason — and its meters, with a
//! reading taken on the phone.

use kabinet_shared::api::accounts::{
    DisconnectReason, LinkCode, OperatorAccount, OperatorAccountListItem,
};
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::confirm::Confirm;
use crate::components::dates::day;
use crate::components::form_field::FormField;
use crate::components::money::balance_view;
use crate::components::require_auth::RequireAuth;
use crate::hooks::{use_fetch, use_paged, use_submit};
use crate::i18n::{use_lang, Lang, Text};
use crate::pages::accounts::address_line;
use crate::pages::operator::account_meters::AccountMeters;

#[function_component(OperatorAccounts)]
pub fn operator_accounts() -> Html {
    html! { <RequireAuth staff=true><SearchInner /></RequireAuth> }
}

#[function_component(SearchInner)]
fn search_inner() -> Html {
    let lang = use_lang();
    let query = use_state(String::new);
    let results = use_paged(|q: String, cursor: Option<String>| {
        api::operator::search_accounts(&q, cursor.as_deref())
    });
    let onsubmit = {
        let (query, results) = (query.clone(), results.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            results.search((*query).clone());
        })
    };
    let rows = |items: &[OperatorAccountListItem]| {
        html! {
            <table class="data" data-testid="found-accounts">
                <thead><tr>
                    <th>{ lang.text(Text::AccountNumber) }</th><th>{ lang.text(Text::Owner) }</th>
                    <th>{ lang.text(Text::Address) }</th><th>{ lang.text(Text::LinkedUsers) }</th>
                </tr></thead>
                <tbody>
                    { for items.iter().map(|a| html! {
                        <tr data-testid={format!("found-{}", a.number)}>
                            <td><Link<Route> to={Route::OperatorAccount { number: a.number.clone() }}>{ &a.number }</Link<Route>></td>
                            <td data-label={lang.text(Text::Owner)}>{ &a.owner_name }</td>
                            <td data-label={lang.text(Text::Address)}>{ address_line(lang, &a.address) }</td>
                            <td data-label={lang.text(Text::LinkedUsers)}>{ a.linked_users }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    };
    html! {
        <section class="card">
            <h1>{ lang.text(Text::OperatorAccountsTitle) }</h1>
            <form {onsubmit} class="inline" role="search">
                <FormField name="q" kind="search" label={lang.text(Text::SearchLabel)} hint={lang.text(Text::AccountSearchHint)} value={(*query).clone()}
                    oninput={{ let s = query.clone(); Callback::from(move |v| s.set(v)) }} />
                <button class="primary" type="submit" data-testid="find-account">{ lang.text(Text::Search) }</button>
            </form>
            { results.view(lang.text(Text::NothingFound), lang.text(Text::Found), lang.text(Text::LoadMore), rows) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct AccountProps {
    pub number: AttrValue,
}

/// `/operator/accounts/:number`.
#[function_component(OperatorAccountPage)]
pub fn operator_account_page(props: &AccountProps) -> Html {
    html! { <RequireAuth staff=true><AccountInner number={props.number.clone()} /></RequireAuth> }
}

#[function_component(AccountInner)]
fn account_inner(props: &AccountProps) -> Html {
    let lang = use_lang();
    let account = use_fetch(props.number.to_string(), |n: String| {
        api::operator::operator_view(&n)
    });
    let issue = use_submit::<LinkCode>();
    let body = account.view(|a| {
        let on_issue = {
            let (issue, n, reload) = (issue.clone(), a.number.clone(), account.reload.clone());
            Callback::from(move |_: String| {
                let (n, reload) = (n.clone(), reload.clone());
                issue.run(api::operator::issue_code(&n), move |_| reload.emit(()));
            })
        };
        html! {
            <div data-testid="operator-account">
                <dl class="facts">
                    <dt>{ lang.text(Text::Address) }</dt><dd>{ address_line(lang, &a.address) }</dd>
                    <dt>{ lang.text(Text::Owner) }</dt><dd>{ &a.owner_name }</dd>
                    <dt>{ lang.text(Text::BalanceToday) }</dt><dd>{ balance_view(lang, &a.balance) }</dd>
                    <dt>{ lang.text(Text::ActiveCode) }</dt><dd>{ if a.active_code { lang.text(Text::Yes) } else { lang.text(Text::No) } }</dd>
                </dl>
                <div ref={issue.form.clone()}>
                    { issue.banner() }
                    if a.active_code {
                        // A new code voids the one the resident may be holding: ask first.
                        <Confirm label={lang.text(Text::IssueCode)} question={lang.text(Text::ReissueQuestion)} class="primary"
                            busy={issue.busy()} on_confirm={on_issue} testid="issue-code" />
                    } else {
                        <button class="primary" disabled={issue.busy()} onclick={on_issue.reform(|_| String::new())} data-testid="issue-code">{ lang.text(Text::IssueCode) }</button>
                    }
                </div>
                if let Some(c) = issue.done() {
                    { code_slip(lang, c, a) }
                }
                <h2>{ lang.text(Text::LinkedUsers) }</h2>
                <LinkedUsers account={a.clone()} on_change={account.reload.clone()} />
                <AccountMeters number={a.number.clone()} />
            </div>
        }
    });
    html! {
        <section class="card">
            <h1>{ format!("{} {}", lang.text(Text::AccountNo), props.number) }</h1>
            <p><Link<Route> to={Route::OperatorAccounts}>{ lang.text(Text::BackToSearch) }</Link<Route>></p>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LinkedProps {
    account: OperatorAccount,
    on_change: Callback<()>,
}

/// Who is linked, each with «Отключить» (and «Отключить всех»), asking for the ground and a note.
#[function_component(LinkedUsers)]
fn linked_users(props: &LinkedProps) -> Html {
    let lang = use_lang();
    let ground = use_state(|| DisconnectReason::WrittenRequest);
    let submit = use_submit::<()>();
    let a = &props.account;
    if a.linked_users.is_empty() {
        return html! { <p>{ lang.text(Text::NobodyLinked) }</p> };
    }
    let disconnect = |user_id: Option<i64>| {
        let (submit, n, ground, done) = (
            submit.clone(),
            a.number.clone(),
            ground.clone(),
            props.on_change.clone(),
        );
        Callback::from(move |note: String| {
            let (n, r, done) = (n.clone(), *ground, done.clone());
            submit.run(
                async move {
                    api::operator::disconnect(&n, user_id, r, &note)
                        .await
                        .map(|_| ())
                },
                move |_| done.emit(()),
            );
        })
    };
    let on_ground = {
        let ground = ground.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            ground.set(match value.as_str() {
                "owner_change" => DisconnectReason::OwnerChange,
                "other" => DisconnectReason::Other,
                _ => DisconnectReason::WrittenRequest,
            });
        })
    };
    // The ground is asked inside each confirmation dialog (one is open at a time).
    let ground_select = |id: String| {
        html! {
            <div class="field">
                <label for={id.clone()}>{ lang.text(Text::DisconnectGround) }</label>
                <select id={id} onchange={on_ground.clone()}>
                    <option value="written_request" selected={*ground == DisconnectReason::WrittenRequest}>{ lang.text(Text::ReasonWritten) }</option>
                    <option value="owner_change" selected={*ground == DisconnectReason::OwnerChange}>{ lang.text(Text::ReasonOwnerChange) }</option>
                    <option value="other" selected={*ground == DisconnectReason::Other}>{ lang.text(Text::ReasonOther) }</option>
                </select>
            </div>
        }
    };
    html! {
        <div ref={submit.form.clone()}>
            { submit.banner() }
            <ul class="plain" data-testid="linked-users">
                { for a.linked_users.iter().map(|u| html! {
                    <li>
                        <Link<Route> to={Route::OperatorUser { id: u.user_id }}><strong>{ &u.full_name }</strong></Link<Route>>
                        { format!(" ({}, {} {})", u.login, lang.text(Text::LinkedSince), day(lang, &u.linked_at)) }
                        if u.as_family_member { <span class="tag">{ lang.text(Text::FamilyMember) }</span> }
                        <Confirm label={lang.text(Text::Disconnect)} question={format!("{} {}?", lang.text(Text::DisconnectQuestion), u.full_name)}
                            reason=true busy={submit.busy()} on_confirm={disconnect(Some(u.user_id))} testid={format!("disconnect-{}", u.login)}>
                            { ground_select(format!("ground-{}", u.user_id)) }
                        </Confirm>
                    </li>
                }) }
            </ul>
            <Confirm label={lang.text(Text::DisconnectAll)} question={lang.text(Text::DisconnectAllQuestion)}
                reason=true busy={submit.busy()} on_confirm={disconnect(None)} testid="disconnect-all">
                { ground_select("ground-all".to_owned()) }
            </Confirm>
        </div>
    }
}

/// The slip the operator prints and hands over; printing shows only this.
fn code_slip(lang: Lang, code: &LinkCode, a: &OperatorAccount) -> Html {
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    html! {
        <div class="code-slip" role="status" data-testid="code-slip">
            <h2>{ lang.text(Text::SlipTitle) }</h2>
            <p>{ format!("{} {}", lang.text(Text::AccountNo), code.account_number) }<br />{ address_line(lang, &a.address) }</p>
            <p class="code" data-testid="issued-code">{ &code.code }</p>
            <p>{ format!("{} {}", lang.text(Text::ValidUntil), day(lang, &code.expires_on)) }</p>
            <p class="hint">{ lang.text(Text::SlipHowTo) }</p>
            <button class="secondary no-print" onclick={print}>{ lang.text(Text::Print) }</button>
        </div>
    }
}
