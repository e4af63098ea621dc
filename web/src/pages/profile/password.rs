//! Password change (`PUT /me/password`); other sessions end.

use yew::prelude::*;

use crate::api;
use crate::components::form_field::FormField;
use crate::hooks::use_submit;
use crate::i18n::{use_lang, Text};

#[function_component(PasswordCard)]
pub fn password_card() -> Html {
    let lang = use_lang();
    let current = use_state(String::new);
    let new = use_state(String::new);
    let submit = use_submit::<()>();
    let onsubmit = {
        let (current, new, submit) = (current.clone(), new.clone(), submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (c, n) = ((*current).clone(), (*new).clone());
            if let Some(refusal) =
                api::ApiFailure::missing(&[("current_password", &c), ("new_password", &n)])
            {
                submit.refuse(refusal);
                return;
            }
            let (current, new) = (current.clone(), new.clone());
            submit.run(api::me::change_password(&c, &n), move |_| {
                current.set(String::new());
                new.set(String::new());
            });
        })
    };
    let fields_named =
        submit.field("current_password").is_some() || submit.field("new_password").is_some();
    html! {
        <section class="card">
            <h2>{ lang.text(Text::PasswordTitle) }</h2>
            if submit.done().is_some() {
                <div class="banner ok" role="status">{ lang.text(Text::PasswordChanged) }</div>
            }
            <form {onsubmit} novalidate=true ref={submit.form.clone()}>
                if !fields_named { { submit.banner() } }
                <FormField prefix="pw-" name="current_password" kind="password" label={lang.text(Text::CurrentPassword)} value={(*current).clone()}
                    autocomplete="current-password" error={submit.field("current_password")} oninput={{ let s = current.clone(); Callback::from(move |v| s.set(v)) }} />
                <FormField prefix="pw-" name="new_password" kind="password" label={lang.text(Text::NewPassword)} hint={lang.text(Text::PasswordHint)} value={(*new).clone()}
                    autocomplete="new-password" error={submit.field("new_password")} oninput={{ let s = new.clone(); Callback::from(move |v| s.set(v)) }} />
                <button class="primary" type="submit" disabled={submit.busy()}>{ lang.text(Text::ChangePassword) }</button>
            </form>
        </section>
    }
}
