//! Registration (Rules 2.1 and section 5): the Rules in a scrollable box, the consents, and
//! every field error from the API shown next to its field.

use kabinet_shared::api::auth::{ConsentChoices, RegisterRequest};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::app::Route;
use crate::components::form_field::FormField;
use crate::components::rules_text::rules_text;
use crate::hooks::{use_fetch, use_submit};
use crate::i18n::{use_lang, Text};
use crate::session::{use_session, SessionState};

#[derive(Clone, Default, PartialEq)]
struct Form {
    login: String,
    full_name: String,
    email: String,
    phone: String,
    home_phone: String,
    password: String,
    accepted: bool,
    consents: ConsentChoices,
}

/// A labelled checkbox with its own error message tied to it for screen readers.
fn checkbox(
    id: &'static str,
    label: &'static str,
    checked: bool,
    error: Option<&'static str>,
    on: Callback<bool>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        on.emit(input.checked());
    });
    let error_id = format!("{id}-error");
    html! {
        <div class={classes!("check", error.map(|_| "has-error"))}>
            <input type="checkbox" id={id} {checked} {onchange} aria-invalid={error.is_some().to_string()}
                aria-describedby={error.map(|_| error_id.clone())} />
            <label for={id}>{ label }</label>
            if let Some(message) = error {
                <p class="error" id={error_id} data-testid={format!("error-{id}")}>{ message }</p>
            }
        </div>
    }
}

#[function_component(Register)]
pub fn register() -> Html {
    let lang = use_lang();
    let form = use_state(Form::default);
    let rules = use_fetch((), |()| api::auth::current_rules());
    // `Some(false)`: registered, but signing straight in did not work (say so and link to login).
    let submit = use_submit::<bool>();
    let session = use_session();
    let navigator = use_navigator();
    let set = |apply: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            apply(&mut next, v);
            form.set(next);
        })
    };
    let toggle = |apply: fn(&mut Form, bool)| {
        let form = form.clone();
        Callback::from(move |v: bool| {
            let mut next = (*form).clone();
            apply(&mut next, v);
            form.set(next);
        })
    };
    if submit.done() == Some(&false) {
        return html! {
            <section class="card narrow">
                <h1>{ lang.text(Text::RegisterTitle) }</h1>
                <div class="banner ok" role="status" data-testid="registered">{ lang.text(Text::Registered) }</div>
                <Link<Route> to={Route::Login} classes="button primary">{ lang.text(Text::LoginSubmit) }</Link<Route>>
            </section>
        };
    }
    let version = rules.data().map(|doc| doc.version);
    let onsubmit = {
        let (form, submit) = (form.clone(), submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            let Some(version) = version else { return };
            // What the browser can tell at once, all together: empty fields, the Rules not
            // accepted, the personal-data consent (required by 152-FZ) not given.
            let local = check(&f);
            if !local.is_empty() {
                submit.refuse(ApiFailure::invalid(&local));
                return;
            }
            let body = RegisterRequest {
                login: f.login,
                full_name: f.full_name,
                email: f.email,
                phone: f.phone,
                home_phone: (!f.home_phone.trim().is_empty()).then_some(f.home_phone),
                password: f.password,
                rules_version: version,
                consents: f.consents,
                // Messages come in the language the page was filled in.
                language: if lang == crate::i18n::Lang::En {
                    kabinet_shared::api::auth::Language::En
                } else {
                    kabinet_shared::api::auth::Language::Ru
                },
            };
            let (session, navigator) = (session.clone(), navigator.clone());
            let (login, password) = (body.login.clone(), body.password.clone());
            let signed_in = std::rc::Rc::new(std::cell::RefCell::new(None));
            let keep = signed_in.clone();
            submit.run(
                async move {
                    api::auth::register(&body).await?;
                    // Registered: sign straight in. If that fails (the e-mail belonged to
                    // someone already, so nothing was created), the page says what to do.
                    if api::auth::login(&login, &password).await.is_ok() {
                        api::mark_signed_in(true);
                        *keep.borrow_mut() = api::me::profile().await.ok();
                    }
                    Ok(keep.borrow().is_some())
                },
                move |_| {
                    if let (Some(profile), Some(nav)) = (signed_in.borrow_mut().take(), navigator) {
                        session.set.emit(SessionState::SignedIn(Box::new(profile)));
                        nav.push(&Route::Home);
                    }
                },
            );
        })
    };
    let err = |name: &str| submit.field(name);
    let f = &*form;
    html! {
        <section class="card">
            <h1>{ lang.text(Text::RegisterTitle) }</h1>
            <form {onsubmit} novalidate=true data-testid="register-form" ref={submit.form.clone()}>
                { submit.banner() }
                <FormField name="login" label={lang.text(Text::LoginLabel)} hint={lang.text(Text::LoginHint)} value={f.login.clone()}
                    autocomplete="username" required=true error={err("login")} oninput={set(|f, v| f.login = v)} />
                <FormField name="full_name" label={lang.text(Text::FullNameLabel)} hint={lang.text(Text::FullNameHint)} value={f.full_name.clone()}
                    autocomplete="name" required=true error={err("full_name")} oninput={set(|f, v| f.full_name = v)} />
                <FormField name="email" kind="email" label={lang.text(Text::EmailLabel)} value={f.email.clone()}
                    autocomplete="email" required=true error={err("email")} oninput={set(|f, v| f.email = v)} />
                <FormField name="phone" kind="tel" label={lang.text(Text::PhoneLabel)} value={f.phone.clone()}
                    autocomplete="tel" required=true error={err("phone")} oninput={set(|f, v| f.phone = v)} />
                <FormField name="home_phone" kind="tel" label={lang.text(Text::HomePhoneLabel)} value={f.home_phone.clone()}
                    error={err("home_phone")} oninput={set(|f, v| f.home_phone = v)} />
                <FormField name="password" kind="password" label={lang.text(Text::PasswordField)} hint={lang.text(Text::PasswordHint)}
                    value={f.password.clone()} autocomplete="new-password" required=true error={err("password")} oninput={set(|f, v| f.password = v)} />
                <h2>{ lang.text(Text::RulesHeading) }</h2>
                { rules.view(|doc| rules_text(&doc.body, lang.text(Text::RulesHeading))) }
                { checkbox("accept-rules", lang.text(Text::AcceptRulesCheckbox), f.accepted,
                    err("accepted").map(|code| lang.field_error("accepted", &code)),
                    toggle(|f, v| f.accepted = v)) }
                if let Some(code) = err("rules_version") {
                    <p class="error" id="accept-rules-error">{ lang.field_error("rules_version", &code) }</p>
                }
                <h2>{ lang.text(Text::ConsentsHeading) }</h2>
                { checkbox("consent-personal", lang.text(Text::ConsentPersonal), f.consents.personal_data,
                    err("consents.personal_data").map(|code| lang.field_error("consents.personal_data", &code)),
                    toggle(|f, v| f.consents.personal_data = v)) }
                { checkbox("consent-email", lang.text(Text::ConsentEmail), f.consents.email, None, toggle(|f, v| f.consents.email = v)) }
                { checkbox("consent-sms", lang.text(Text::ConsentSms), f.consents.sms, None, toggle(|f, v| f.consents.sms = v)) }
                { checkbox("consent-service", lang.text(Text::ConsentService), f.consents.service_info, None, toggle(|f, v| f.consents.service_info = v)) }
                <button class="primary" type="submit" disabled={version.is_none() || submit.busy()} data-testid="register-submit">
                    { lang.text(Text::RegisterSubmit) }
                </button>
            </form>
        </section>
    }
}

/// The form's own checks, named like the API's fields.
fn check(f: &Form) -> Vec<(&'static str, &'static str)> {
    let mut errors: Vec<(&'static str, &'static str)> = [
        ("login", &f.login),
        ("full_name", &f.full_name),
        ("email", &f.email),
        ("phone", &f.phone),
        ("password", &f.password),
    ]
    .into_iter()
    .filter(|(_, v)| v.trim().is_empty())
    .map(|(name, _)| (name, "required"))
    .collect();
    if !f.accepted {
        errors.push(("accepted", "required"));
    }
    if !f.consents.personal_data {
        errors.push(("consents.personal_data", "required"));
    }
    errors
}
