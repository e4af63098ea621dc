//! The operator's account page: find an account by number, see who is linked (audited), issue
//! a link code with a printable slip, disconnect one user or everyone (Rules 2.4).

use kabinet_shared::api::accounts::{DisconnectReason, LinkCode, OperatorAccount};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_banner::ErrorBanner;
use crate::components::form_field::FormField;
use crate::components::money::BalanceView;
use crate::components::require_auth::RequireAuth;
use crate::i18n::{use_lang, Lang, Text};
use crate::pages::accounts::address_line;

#[function_component(OperatorAccounts)]
pub fn operator_accounts() -> Html {
    html! { <RequireAuth staff=true><Inner /></RequireAuth> }
}

fn load(number: String, account: UseStateHandle<Option<Result<OperatorAccount, ApiFailure>>>) {
    wasm_bindgen_futures::spawn_local(async move {
        account.set(Some(api::operator::operator_view(&number).await))
    });
}

#[function_component(Inner)]
fn inner() -> Html {
    let lang = use_lang();
    let number = use_state(String::new);
    let account = use_state(|| None::<Result<OperatorAccount, ApiFailure>>);
    let code = use_state(|| None::<LinkCode>);
    let action_failure = use_state(|| None::<ApiFailure>);
    let reason = use_state(|| DisconnectReason::WrittenRequest);
    let note = use_state(String::new);
    let onsubmit = {
        let (number, account, code) = (number.clone(), account.clone(), code.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            code.set(None);
            load((*number).clone(), account.clone());
        })
    };
    let issue = {
        let (account, code, failure) = (account.clone(), code.clone(), action_failure.clone());
        Callback::from(move |_| {
            let Some(Ok(a)) = &*account else { return };
            let (n, account, code, failure) = (
                a.number.clone(),
                account.clone(),
                code.clone(),
                failure.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::operator::issue_code(&n).await {
                    Ok(c) => {
                        failure.set(None);
                        code.set(Some(c));
                        load(n, account);
                    }
                    Err(err) => failure.set(Some(err)),
                }
            });
        })
    };
    let disconnect = |user_id: Option<i64>| {
        let (account, failure, reason, note) = (
            account.clone(),
            action_failure.clone(),
            reason.clone(),
            note.clone(),
        );
        Callback::from(move |_| {
            let Some(Ok(a)) = &*account else { return };
            let (n, account, failure, r, text) = (
                a.number.clone(),
                account.clone(),
                failure.clone(),
                *reason,
                (*note).clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::operator::disconnect(&n, user_id, r, &text).await {
                    Ok(_) => {
                        failure.set(None);
                        load(n, account);
                    }
                    Err(err) => failure.set(Some(err)),
                }
            });
        })
    };
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            reason.set(match value.as_str() {
                "owner_change" => DisconnectReason::OwnerChange,
                "other" => DisconnectReason::Other,
                _ => DisconnectReason::WrittenRequest,
            });
        })
    };
    let details = match &*account {
        None => Html::default(),
        Some(Err(f)) => html! { <ErrorBanner failure={f.clone()} /> },
        Some(Ok(a)) => html! {
            <div data-testid="operator-account">
                <dl class="facts">
                    <dt>{ lang.text(Text::Address) }</dt><dd>{ address_line(lang, &a.address) }</dd>
                    <dt>{ lang.text(Text::Owner) }</dt><dd>{ &a.owner_name }</dd>
                    <dt>{ lang.text(Text::BalanceToday) }</dt><dd><BalanceView balance={a.balance.clone()} /></dd>
                    <dt>{ lang.text(Text::ActiveCode) }</dt><dd>{ if a.active_code { lang.text(Text::Yes) } else { lang.text(Text::No) } }</dd>
                </dl>
                <button class="primary" onclick={issue} data-testid="issue-code">{ lang.text(Text::IssueCode) }</button>
                if let Some(c) = &*code {
                    { code_slip(lang, c, a) }
                }
                <h2>{ lang.text(Text::LinkedUsers) }</h2>
                if a.linked_users.is_empty() {
                    <p>{ lang.text(Text::NobodyLinked) }</p>
                } else {
                    <label for="disconnect-reason">{ lang.text(Text::Reason) }</label>
                    <select id="disconnect-reason" onchange={on_reason}>
                        <option value="written_request" selected={*reason == DisconnectReason::WrittenRequest}>{ lang.text(Text::ReasonWritten) }</option>
                        <option value="owner_change" selected={*reason == DisconnectReason::OwnerChange}>{ lang.text(Text::ReasonOwnerChange) }</option>
                        <option value="other" selected={*reason == DisconnectReason::Other}>{ lang.text(Text::ReasonOther) }</option>
                    </select>
                    <FormField name="note" label={lang.text(Text::Note)} value={(*note).clone()}
                        oninput={{ let s = note.clone(); Callback::from(move |v| s.set(v)) }} />
                    <ul class="plain">
                        { for a.linked_users.iter().map(|u| html! {
                            <li>
                                <strong>{ &u.full_name }</strong>{ format!(" ({})", u.login) }
                                if u.as_family_member { <span class="tag">{ lang.text(Text::FamilyMember) }</span> }
                                <button class="secondary" onclick={disconnect(Some(u.user_id))}>{ lang.text(Text::Disconnect) }</button>
                            </li>
                        }) }
                    </ul>
                    <button class="secondary" onclick={disconnect(None)}>{ lang.text(Text::DisconnectAll) }</button>
                }
            </div>
        },
    };
    html! {
        <section class="card">
            <h1>{ lang.text(Text::OperatorAccountsTitle) }</h1>
            <form {onsubmit} class="inline">
                <FormField name="number" label={lang.text(Text::AccountNumber)} value={(*number).clone()}
                    oninput={{ let s = number.clone(); Callback::from(move |v| s.set(v)) }} />
                <button class="primary" type="submit" data-testid="find-account">{ lang.text(Text::Search) }</button>
            </form>
            if let Some(f) = &*action_failure {
                <ErrorBanner failure={f.clone()} />
            }
            { details }
        </section>
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
        <div class="code-slip" data-testid="code-slip">
            <h3>{ lang.text(Text::SlipTitle) }</h3>
            <p>{ format!("{} {}", lang.text(Text::AccountNo), code.account_number) }<br />{ address_line(lang, &a.address) }</p>
            <p class="code" data-testid="issued-code">{ &code.code }</p>
            <p>{ format!("{} {}", lang.text(Text::ValidUntil), crate::components::dates::day(lang, &code.expires_on)) }</p>
            <p class="hint">{ lang.text(Text::SlipHowTo) }</p>
            <button class="secondary no-print" onclick={print}>{ lang.text(Text::Print) }</button>
        </div>
    }
}
