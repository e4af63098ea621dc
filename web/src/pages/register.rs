//! Registration (Rules 2.1 and section 5): the Rules in a scrollable box, the consents, and
//! every field error from the API shown next to its field.

use kabinet_shared::api::auth::{ConsentChoices, RegisterRequest};
use kabinet_shared::api::rules::RulesDocument;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::app::Route;
use crate::components::error_banner::ErrorBanner;
use crate::components::form_field::FormField;
use crate::components::rules_text::RulesText;
use crate::components::spinner::Spinner;
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

fn checkbox(id: &'static str, label: &'static str, checked: bool, on: Callback<bool>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        on.emit(input.checked());
    });
    html! {
        <div class="check">
            <input type="checkbox" id={id} {checked} {onchange} />
            <label for={id}>{ label }</label>
        </div>
    }
}

#[function_component(Register)]
pub fn register() -> Html {
    let lang = use_lang();
    let form = use_state(Form::default);
    let rules = use_state(|| None::<Result<RulesDocument, ApiFailure>>);
    let failure = use_state(|| None::<ApiFailure>);
    let done = use_state(|| false);
    let busy = use_state(|| false);
    let session = use_session();
    let navigator = use_navigator();
    {
        let rules = rules.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                rules.set(Some(api::auth::current_rules().await))
            });
        });
    }
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
    if *done {
        return html! {
            <section class="card narrow">
                <h1>{ lang.text(Text::RegisterTitle) }</h1>
                <div class="banner ok" role="status" data-testid="registered">{ lang.text(Text::Registered) }</div>
                <Link<Route> to={Route::Login} classes="button primary">{ lang.text(Text::LoginSubmit) }</Link<Route>>
            </section>
        };
    }
    let version = match &*rules {
        Some(Ok(doc)) => Some(doc.version),
        _ => None,
    };
    let onsubmit = {
        let (form, failure, done, busy) =
            (form.clone(), failure.clone(), done.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            let Some(version) = version else { return };
            if !f.accepted || *busy {
                failure.set(None);
                return;
            }
            busy.set(true);
            let body = RegisterRequest {
                login: f.login,
                full_name: f.full_name,
                email: f.email,
                phone: f.phone,
                home_phone: (!f.home_phone.trim().is_empty()).then_some(f.home_phone),
                password: f.password,
                rules_version: version,
                consents: f.consents,
            };
            let (failure, done, busy) = (failure.clone(), done.clone(), busy.clone());
            let (session, navigator) = (session.clone(), navigator.clone());
            let (login, password) = (body.login.clone(), body.password.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::auth::register(&body).await;
                if let Err(err) = result {
                    busy.set(false);
                    failure.set(Some(err));
                    return;
                }
                // Registered: sign straight in. If that fails (the e-mail belonged to someone
                // already, so nothing was created), the page says what to do instead.
                let signed_in = match api::auth::login(&login, &password).await {
                    Ok(_) => {
                        api::mark_signed_in(true);
                        api::me::profile().await.ok()
                    }
                    Err(_) => None,
                };
                busy.set(false);
                match (signed_in, navigator) {
                    (Some(profile), Some(nav)) => {
                        session.set.emit(SessionState::SignedIn(Box::new(profile)));
                        nav.push(&Route::Accounts);
                    }
                    _ => done.set(true),
                }
            });
        })
    };
    let err = |name: &str| failure.as_ref().and_then(|f| f.field(name));
    let f = &*form;
    html! {
        <section class="card">
            <h1>{ lang.text(Text::RegisterTitle) }</h1>
            if let Some(fail) = &*failure {
                <ErrorBanner failure={fail.clone()} />
            }
            <form {onsubmit} novalidate=true data-testid="register-form">
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
                { match &*rules {
                    None => html! { <Spinner /> },
                    Some(Ok(doc)) => html! { <RulesText body={doc.body.clone()} label={lang.text(Text::RulesHeading)} /> },
                    Some(Err(fail)) => html! { <ErrorBanner failure={fail.clone()} /> },
                } }
                if let Some(code) = err("rules_version") {
                    <p class="error">{ lang.field_error("rules_version", &code) }</p>
                }
                { checkbox("accept-rules", lang.text(Text::AcceptRulesCheckbox), f.accepted, toggle(|f, v| f.accepted = v)) }
                <h2>{ lang.text(Text::ConsentsHeading) }</h2>
                { checkbox("consent-personal", lang.text(Text::ConsentPersonal), f.consents.personal_data, toggle(|f, v| f.consents.personal_data = v)) }
                if let Some(code) = err("consents.personal_data") {
                    <p class="error">{ lang.field_error("consents.personal_data", &code) }</p>
                }
                { checkbox("consent-email", lang.text(Text::ConsentEmail), f.consents.email, toggle(|f, v| f.consents.email = v)) }
                { checkbox("consent-sms", lang.text(Text::ConsentSms), f.consents.sms, toggle(|f, v| f.consents.sms = v)) }
                { checkbox("consent-service", lang.text(Text::ConsentService), f.consents.service_info, toggle(|f, v| f.consents.service_info = v)) }
                if !f.accepted {
                    <p class="hint">{ lang.text(Text::MustAcceptRules) }</p>
                }
                <button class="primary" type="submit" disabled={!f.accepted || version.is_none() || *busy} data-testid="register-submit">
                    { lang.text(Text::RegisterSubmit) }
                </button>
            </form>
        </section>
    }
}
