//! Linking an account with the code from the service office (Rules §5).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::form_field::FormField;
use crate::hooks::use_submit;
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
    let submit = use_submit::<()>();
    let onsubmit = {
        let (number, code, family, submit, done) = (
            number.clone(),
            code.clone(),
            family.clone(),
            submit.clone(),
            props.on_linked.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // Checked here first: an empty or mistyped form must not cost one of the few
            // tries the server allows.
            let local = check(&number, &code);
            if !local.is_empty() {
                submit.refuse(ApiFailure::invalid(&local));
                return;
            }
            let (n, c, f) = (digits_only(&number), (*code).clone(), *family);
            let (number, code, done) = (number.clone(), code.clone(), done.clone());
            submit.run(api::accounts::link(&n, &c, f), move |_| {
                number.set(String::new());
                code.set(String::new());
                done.emit(());
            });
        })
    };
    let on_family = {
        let family = family.clone();
        Callback::from(move |e: Event| {
            family.set(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let on_edit = |state: &UseStateHandle<String>| {
        let (state, submit) = (state.clone(), submit.clone());
        Callback::from(move |v: String| {
            if submit.done().is_some() {
                submit.reset();
            }
            state.set(v);
        })
    };
    html! {
        <section class="card" id="link" data-testid="link-form">
            <h2>{ lang.text(Text::LinkTitle) }</h2>
            <p class="hint">{ lang.text(Text::LinkIntro) }</p>
            if submit.done().is_some() {
                <div class="banner ok" role="status" data-testid="linked">{ lang.text(Text::Linked) }</div>
            }
            <form {onsubmit} novalidate=true ref={submit.form.clone()}>
                if submit.field("account_number").is_none() && submit.field("code").is_none() {
                    { submit.banner() }
                }
                <FormField name="account_number" label={lang.text(Text::AccountNumber)} value={(*number).clone()} kind="text"
                    inputmode="numeric" error={submit.field("account_number")}
                    required=true oninput={on_edit(&number)} />
                <FormField name="code" label={lang.text(Text::LinkCodeLabel)} hint={lang.text(Text::LinkCodeHint)} value={(*code).clone()}
                    error={submit.field("code")}
                    required=true oninput={on_edit(&code)} />
                <div class="check">
                    <input type="checkbox" id="as-family" checked={*family} onchange={on_family} />
                    <label for="as-family">{ lang.text(Text::AsFamilyMember) }</label>
                </div>
                <button class="primary" type="submit" disabled={submit.busy()} data-testid="link-submit">{ lang.text(Text::LinkSubmit) }</button>
            </form>
        </section>
    }
}

/// An account number as people write it («100 200 301», «100-200-301») without the spaces and
/// hyphens.
fn digits_only(number: &str) -> String {
    number
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{a0}'))
        .collect()
}

/// The form's own checks, as the server applies them: an account number is 6–12 digits, a code
/// is 10 letters and digits once spaces and hyphens are dropped.
fn check(number: &str, code: &str) -> Vec<(&'static str, &'static str)> {
    let mut errors = Vec::new();
    let number = digits_only(number);
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
