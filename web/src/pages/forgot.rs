//! Password reset: ask for a link by e-mail, and set a new password from the link.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::app::Route;
use crate::components::error_banner::ErrorBanner;
use crate::components::form_field::FormField;
use crate::i18n::{use_lang, Text};

#[function_component(Forgot)]
pub fn forgot() -> Html {
    let lang = use_lang();
    let email = use_state(String::new);
    let sent = use_state(|| false);
    let failure = use_state(|| None::<ApiFailure>);
    let onsubmit = {
        let (email, sent, failure) = (email.clone(), sent.clone(), failure.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (email, sent, failure) = ((*email).clone(), sent.clone(), failure.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::auth::request_reset(&email).await {
                    Ok(()) => sent.set(true),
                    Err(err) => failure.set(Some(err)),
                }
            });
        })
    };
    html! {
        <section class="card narrow">
            <h1>{ lang.text(Text::ForgotTitle) }</h1>
            if *sent {
                <div class="banner ok" role="status">{ lang.text(Text::LinkSent) }</div>
            } else {
                <p>{ lang.text(Text::ForgotIntro) }</p>
                if let Some(f) = &*failure {
                    <ErrorBanner failure={f.clone()} />
                }
                <form {onsubmit}>
                    <FormField name="email" kind="email" label={lang.text(Text::EmailLabel)} value={(*email).clone()}
                        autocomplete="email" required=true error={failure.as_ref().and_then(|f| f.field("email"))}
                        oninput={{ let s = email.clone(); Callback::from(move |v| s.set(v)) }} />
                    <button class="primary" type="submit">{ lang.text(Text::SendLink) }</button>
                </form>
            }
        </section>
    }
}

#[function_component(ResetPassword)]
pub fn reset_password() -> Html {
    let lang = use_lang();
    let token = use_memo((), |_| super::query_param("token").unwrap_or_default());
    let password = use_state(String::new);
    let done = use_state(|| false);
    let failure = use_state(|| None::<ApiFailure>);
    let onsubmit = {
        let (token, password, done, failure) = (
            token.clone(),
            password.clone(),
            done.clone(),
            failure.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (token, password, done, failure) = (
                (*token).clone(),
                (*password).clone(),
                done.clone(),
                failure.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::auth::confirm_reset(&token, &password).await {
                    Ok(()) => done.set(true),
                    Err(err) => failure.set(Some(err)),
                }
            });
        })
    };
    let err = |name: &str| failure.as_ref().and_then(|f| f.field(name));
    html! {
        <section class="card narrow">
            <h1>{ lang.text(Text::ResetTitle) }</h1>
            if *done {
                <div class="banner ok" role="status">{ lang.text(Text::ResetDone) }</div>
                <Link<Route> to={Route::Login}>{ lang.text(Text::LoginSubmit) }</Link<Route>>
            } else {
                if let Some(code) = err("token") {
                    <div class="banner error" role="alert">{ lang.field_error("token", &code) }</div>
                }
                <form {onsubmit}>
                    <FormField name="new_password" kind="password" label={lang.text(Text::NewPassword)} hint={lang.text(Text::PasswordHint)}
                        value={(*password).clone()} autocomplete="new-password" required=true error={err("new_password")}
                        oninput={{ let s = password.clone(); Callback::from(move |v| s.set(v)) }} />
                    <button class="primary" type="submit">{ lang.text(Text::ResetSubmit) }</button>
                </form>
            }
        </section>
    }
}
