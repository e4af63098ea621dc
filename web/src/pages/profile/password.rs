//! Password change (`PUT /me/password`); other sessions end.

use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_banner::ErrorBanner;
use crate::components::form_field::FormField;
use crate::i18n::{use_lang, Text};

#[function_component(PasswordCard)]
pub fn password_card() -> Html {
    let lang = use_lang();
    let current = use_state(String::new);
    let new = use_state(String::new);
    let failure = use_state(|| None::<ApiFailure>);
    let done = use_state(|| false);
    let onsubmit = {
        let (current, new, failure, done) =
            (current.clone(), new.clone(), failure.clone(), done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (c, n) = ((*current).clone(), (*new).clone());
            let (current, new, failure, done) =
                (current.clone(), new.clone(), failure.clone(), done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::me::change_password(&c, &n).await {
                    Ok(()) => {
                        failure.set(None);
                        done.set(true);
                        current.set(String::new());
                        new.set(String::new());
                    }
                    Err(err) => {
                        done.set(false);
                        failure.set(Some(err));
                    }
                }
            });
        })
    };
    let err = |name: &str| failure.as_ref().and_then(|f| f.field(name));
    html! {
        <section class="card">
            <h2>{ lang.text(Text::PasswordTitle) }</h2>
            if let Some(f) = failure.as_ref().filter(|f| f.field("current_password").is_none() && f.field("new_password").is_none()) {
                <ErrorBanner failure={f.clone()} />
            }
            if *done {
                <div class="banner ok" role="status">{ lang.text(Text::PasswordChanged) }</div>
            }
            <form {onsubmit} novalidate=true>
                <FormField prefix="pw-" name="current_password" kind="password" label={lang.text(Text::CurrentPassword)} value={(*current).clone()}
                    autocomplete="current-password" error={err("current_password")} oninput={{ let s = current.clone(); Callback::from(move |v| s.set(v)) }} />
                <FormField prefix="pw-" name="new_password" kind="password" label={lang.text(Text::NewPassword)} hint={lang.text(Text::PasswordHint)} value={(*new).clone()}
                    autocomplete="new-password" error={err("new_password")} oninput={{ let s = new.clone(); Callback::from(move |v| s.set(v)) }} />
                <button class="primary" type="submit">{ lang.text(Text::ChangePassword) }</button>
            </form>
        </section>
    }
}
