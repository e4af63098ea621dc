//! Linking an account with the code from the service office (Rules §5).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_banner::ErrorBanner;
use crate::components::form_field::FormField;
use crate::i18n::{use_lang, Text};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_linked: Callback<()>,
}

#[function_component(LinkForm)]
pub fn link_form(props: &Props) -> Html {
    let lang = use_lang();
    let number = use_state(String::new);
    let code = use_state(String::new);
    let family = use_state(|| false);
    let failure = use_state(|| None::<ApiFailure>);
    let linked = use_state(|| false);
    let busy = use_state(|| false);
    let field_errors = use_state(Vec::<(&'static str, &'static str)>::new);
    let onsubmit = {
        let field_errors = field_errors.clone();
        let (number, code, family, failure, linked, busy, done) = (
            number.clone(),
            code.clone(),
            family.clone(),
            failure.clone(),
            linked.clone(),
            busy.clone(),
            props.on_linked.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            // Checked here first: an empty or mistyped form must not cost one of the few
            // tries the server allows.
            let local = check(&number, &code);
            if !local.is_empty() {
                field_errors.set(local);
                return;
            }
            field_errors.set(Vec::new());
            busy.set(true);
            let (n, c, f) = ((*number).clone(), (*code).clone(), *family);
            let (number, code, failure, linked, busy, done) = (
                number.clone(),
                code.clone(),
                failure.clone(),
                linked.clone(),
                busy.clone(),
                done.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::accounts::link(&n, &c, f).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        failure.set(None);
                        linked.set(true);
                        number.set(String::new());
                        code.set(String::new());
                        done.emit(());
                    }
                    Err(err) => {
                        linked.set(false);
                        failure.set(Some(err));
                    }
                }
            });
        })
    };
    let on_family = {
        let family = family.clone();
        Callback::from(move |e: Event| {
            family.set(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let local_error = |field: &str| {
        field_errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, code)| (*code).to_owned())
    };
    html! {
        <section class="card" data-testid="link-form">
            <h2>{ lang.text(Text::LinkTitle) }</h2>
            <p class="hint">{ lang.text(Text::LinkIntro) }</p>
            if *linked {
                <div class="banner ok" role="status" data-testid="linked">{ lang.text(Text::Linked) }</div>
            }
            if let Some(f) = &*failure {
                <ErrorBanner failure={f.clone()} />
            }
            <form {onsubmit} novalidate=true>
                <FormField name="account_number" label={lang.text(Text::AccountNumber)} value={(*number).clone()} kind="text"
                    inputmode="numeric" error={local_error("account_number")}
                    required=true oninput={{ let s = number.clone(); Callback::from(move |v| s.set(v)) }} />
                <FormField name="code" label={lang.text(Text::LinkCodeLabel)} hint={lang.text(Text::LinkCodeHint)} value={(*code).clone()}
                    error={local_error("code")}
                    required=true oninput={{ let s = code.clone(); Callback::from(move |v| s.set(v)) }} />
                <div class="check">
                    <input type="checkbox" id="as-family" checked={*family} onchange={on_family} />
                    <label for="as-family">{ lang.text(Text::AsFamilyMember) }</label>
                </div>
                <button class="primary" type="submit" disabled={*busy} data-testid="link-submit">{ lang.text(Text::LinkSubmit) }</button>
            </form>
        </section>
    }
}

/// The form's own checks, as the server applies them: an account number is 6–12 digits, a code
/// is 10 letters and digits once spaces and hyphens are dropped.
fn check(number: &str, code: &str) -> Vec<(&'static str, &'static str)> {
    let mut errors = Vec::new();
    let number = number.trim();
    if number.is_empty() {
        errors.push(("account_number", "required"));
    } else if !(6..=12).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        errors.push(("account_number", "invalid"));
    }
    let code: String = code.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if code.is_empty() {
        errors.push(("code", "required"));
    } else if code.chars().count() != 10 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        errors.push(("code", "invalid"));
    }
    errors
}
