//! Password reset: ask for a link by e-mail, and set a new password from the link.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::form_field::FormField;
use crate::hooks::use_submit;
use crate::i18n::{use_lang, Text};

#[function_component(Forgot)]
pub fn forgot() -> Html {
    let lang = use_lang();
    let email = use_state(String::new);
    let submit = use_submit::<()>();
    let onsubmit = {
        let (email, submit) = (email.clone(), submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let email = (*email).clone();
            submit.run(api::auth::request_reset(&email), |_| {});
        })
    };
    html! {
        <section class="card narrow">
            <h1>{ lang.text(Text::ForgotTitle) }</h1>
            if submit.done().is_some() {
                <div class="banner ok" role="status">{ lang.text(Text::LinkSent) }</div>
            } else {
                <p>{ lang.text(Text::ForgotIntro) }</p>
                <form {onsubmit} novalidate=true ref={submit.form.clone()}>
                    { submit.banner() }
                    <FormField name="email" kind="email" label={lang.text(Text::EmailLabel)} value={(*email).clone()}
                        autocomplete="email" required=true error={submit.field("email")}
                        oninput={{ let s = email.clone(); Callback::from(move |v| s.set(v)) }} />
                    <button class="primary" type="submit" disabled={submit.busy()}>{ lang.text(Text::SendLink) }</button>
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
    let submit = use_submit::<()>();
    let onsubmit = {
        let (token, password, submit) = (token.clone(), password.clone(), submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (token, password) = ((*token).clone(), (*password).clone());
            submit.run(api::auth::confirm_reset(&token, &password), |_| {});
        })
    };
    html! {
        <section class="card narrow">
            <h1>{ lang.text(Text::ResetTitle) }</h1>
            if submit.done().is_some() {
                <div class="banner ok" role="status">{ lang.text(Text::ResetDone) }</div>
                <Link<Route> to={Route::Login}>{ lang.text(Text::LoginSubmit) }</Link<Route>>
            } else {
                <form {onsubmit} novalidate=true ref={submit.form.clone()}>
                    if let Some(code) = submit.field("token") {
                        <div class="banner error" role="alert" tabindex="-1">{ lang.field_error("token", &code) }</div>
                    } else {
                        { submit.banner() }
                    }
                    <FormField name="new_password" kind="password" label={lang.text(Text::NewPassword)} hint={lang.text(Text::PasswordHint)}
                        value={(*password).clone()} autocomplete="new-password" required=true error={submit.field("new_password")}
                        oninput={{ let s = password.clone(); Callback::from(move |v| s.set(v)) }} />
                    <button class="primary" type="submit" disabled={submit.busy()}>{ lang.text(Text::ResetSubmit) }</button>
                </form>
            }
        </section>
    }
}
