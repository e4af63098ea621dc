//! The two pages a message links to: `/verify-email?code=…` (the code from the message, sent
//! once the resident is signed in) and `/unsubscribe?token=…` (works without signing in; asks
//! before withdrawing, because mail scanners open links).

use yew::prelude::*;

use crate::api;
use crate::components::require_auth::RequireAuth;
use crate::hooks::use_submit;
use crate::i18n::{use_lang, Text};
use crate::pages::query_param;
use crate::session::{use_session, SessionState};

/// `/verify-email`.
pub fn verify_email_page() -> Html {
    html! { <RequireAuth allow_pending_rules=true><VerifyEmail /></RequireAuth> }
}

#[function_component(VerifyEmail)]
fn verify_email() -> Html {
    let lang = use_lang();
    let session = use_session();
    let code = use_state(|| query_param("code").unwrap_or_default());
    let submit = use_submit::<()>();
    let resend = use_submit::<()>();
    let onsubmit = {
        let (code, submit, session) = (code.clone(), submit.clone(), session.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let session = session.clone();
            submit.run(api::me::verify_email(&code), move |()| {
                if let Some(p) = session.profile() {
                    let mut p = p.clone();
                    p.email_verified = true;
                    session.set.emit(SessionState::SignedIn(Box::new(p)));
                }
            });
        })
    };
    let oninput = {
        let code = code.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            code.set(input.value());
        })
    };
    let on_resend = {
        let resend = resend.clone();
        Callback::from(move |_| resend.run(api::me::resend_verification(), |()| {}))
    };
    let verified = submit.done().is_some() || session.profile().is_some_and(|p| p.email_verified);
    html! {
        <section class="card narrow">
            <h1>{ lang.text(Text::VerifyEmailTitle) }</h1>
            if verified {
                <div class="banner ok" role="status" data-testid="email-verified">{ lang.text(Text::VerifyDone) }</div>
            } else {
                <p>{ lang.text(Text::VerifyEmailIntro) }</p>
                <form {onsubmit} novalidate=true ref={submit.form.clone()}>
                    { submit.banner() }
                    <div class="field">
                        <label for="verify-code">{ lang.text(Text::VerifyCode) }</label>
                        <input id="verify-code" data-testid="verify-code" inputmode="numeric" autocomplete="one-time-code"
                            maxlength="6" value={(*code).clone()} {oninput} />
                    </div>
                    <button class="primary" type="submit" disabled={submit.busy()} data-testid="verify-submit">{ lang.text(Text::VerifySubmit) }</button>
                </form>
                <div ref={resend.form.clone()}>{ resend.banner() }</div>
                if resend.done().is_some() {
                    <div class="banner ok" role="status">{ lang.text(Text::VerifyResent) }</div>
                }
                <button class="secondary" onclick={on_resend} disabled={resend.busy()} data-testid="verify-resend">{ lang.text(Text::VerifyResend) }</button>
            }
        </section>
    }
}

/// `/unsubscribe`.
#[function_component(Unsubscribe)]
pub fn unsubscribe() -> Html {
    let lang = use_lang();
    let token = query_param("token").unwrap_or_default();
    let submit = use_submit::<()>();
    let onclick = {
        let submit = submit.clone();
        Callback::from(move |_| submit.run(api::me::unsubscribe(&token), |()| {}))
    };
    html! {
        <section class="card narrow">
            <h1>{ lang.text(Text::UnsubscribeTitle) }</h1>
            <div ref={submit.form.clone()}>{ submit.banner() }</div>
            if submit.done().is_some() {
                <div class="banner ok" role="status" data-testid="unsubscribed">{ lang.text(Text::UnsubscribeDone) }</div>
            } else {
                <p>{ lang.text(Text::UnsubscribeIntro) }</p>
                <button class="primary" {onclick} disabled={submit.busy()} data-testid="unsubscribe-confirm">{ lang.text(Text::UnsubscribeConfirm) }</button>
            }
        </section>
    }
}
