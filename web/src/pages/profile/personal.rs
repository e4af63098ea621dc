//! Personal data form (`PATCH /me`).

use kabinet_shared::api::me::{Profile, UpdateProfileRequest};
use yew::prelude::*;

use crate::api;
use crate::components::form_field::FormField;
use crate::hooks::use_submit;
use crate::i18n::{use_lang, Text};
use crate::session::{use_session, SessionState};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub profile: Profile,
}

#[derive(Clone, PartialEq)]
struct Form {
    full_name: String,
    email: String,
    phone: String,
    home_phone: String,
    postal_address: String,
    current_password: String,
}

#[function_component(Personal)]
pub fn personal(props: &Props) -> Html {
    let lang = use_lang();
    let session = use_session();
    let p = &props.profile;
    let form = use_state(|| Form {
        full_name: p.full_name.clone(),
        email: p.email.clone(),
        phone: p.phone.clone(),
        home_phone: p.home_phone.clone().unwrap_or_default(),
        postal_address: p.postal_address.clone().unwrap_or_default(),
        current_password: String::new(),
    });
    let submit = use_submit::<Profile>();
    let set = |apply: fn(&mut Form, String)| {
        let (form, submit) = (form.clone(), submit.clone());
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            apply(&mut next, v);
            form.set(next);
            if submit.done().is_some() {
                submit.reset();
            }
        })
    };
    let onsubmit = {
        let (form, submit) = (form.clone(), submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            let body = UpdateProfileRequest {
                full_name: Some(f.full_name),
                email: Some(f.email),
                phone: Some(f.phone),
                home_phone: Some(f.home_phone),
                postal_address: Some(f.postal_address),
                current_password: (!f.current_password.is_empty()).then_some(f.current_password),
                language: None,
            };
            let (form, session) = (form.clone(), session.clone());
            submit.run(api::me::update(&body), move |profile| {
                let mut cleared = (*form).clone();
                cleared.current_password.clear();
                form.set(cleared);
                session
                    .set
                    .emit(SessionState::SignedIn(Box::new(profile.clone())));
            });
        })
    };
    let err = |name: &str| submit.field(name);
    let f = &*form;
    html! {
        <section class="card" data-testid="personal">
            <h2>{ lang.text(Text::PersonalData) }</h2>
            if submit.done().is_some() {
                <div class="banner ok" role="status" data-testid="personal-saved">{ lang.text(Text::Saved) }</div>
            }
            <form {onsubmit} novalidate=true ref={submit.form.clone()}>
                { submit.banner() }
                <FormField name="full_name" label={lang.text(Text::FullNameLabel)} value={f.full_name.clone()} error={err("full_name")} oninput={set(|f, v| f.full_name = v)} />
                <FormField name="email" kind="email" label={lang.text(Text::EmailLabel)} value={f.email.clone()} error={err("email")} oninput={set(|f, v| f.email = v)} />
                <FormField name="phone" kind="tel" label={lang.text(Text::PhoneLabel)} value={f.phone.clone()} error={err("phone")} oninput={set(|f, v| f.phone = v)} />
                <FormField name="home_phone" kind="tel" label={lang.text(Text::HomePhoneLabel)} value={f.home_phone.clone()} error={err("home_phone")} oninput={set(|f, v| f.home_phone = v)} />
                <FormField name="postal_address" label={lang.text(Text::PostalAddress)} value={f.postal_address.clone()} error={err("postal_address")} oninput={set(|f, v| f.postal_address = v)} />
                <FormField name="current_password" kind="password" label={lang.text(Text::CurrentPasswordForEmail)} value={f.current_password.clone()}
                    autocomplete="current-password" error={err("current_password")} oninput={set(|f, v| f.current_password = v)} />
                <button class="primary" type="submit" disabled={submit.busy()} data-testid="personal-save">{ lang.text(Text::Save) }</button>
            </form>
        </section>
    }
}
