//! Consents (152-FZ): each shown with when it last changed; withdrawals are recorded.

use kabinet_shared::api::auth::ConsentChoices;
use kabinet_shared::api::me::{ConsentState, Consents};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{use_lang, Text};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub consents: Consents,
}

#[function_component(ConsentsCard)]
pub fn consents_card(props: &Props) -> Html {
    let lang = use_lang();
    let state = use_state(|| props.consents.clone());
    let failure = use_state(|| None::<ApiFailure>);
    let saved = use_state(|| false);
    let change = |kind: &'static str| {
        let (state, failure, saved) = (state.clone(), failure.clone(), saved.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let c = &*state;
            let mut wanted = ConsentChoices {
                personal_data: c.personal_data.granted,
                email: c.email.granted,
                sms: c.sms.granted,
                service_info: c.service_info.granted,
            };
            match kind {
                "personal_data" => wanted.personal_data = input.checked(),
                "email" => wanted.email = input.checked(),
                "sms" => wanted.sms = input.checked(),
                _ => wanted.service_info = input.checked(),
            }
            let (state, failure, saved) = (state.clone(), failure.clone(), saved.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::me::set_consents(&wanted).await {
                    Ok(next) => {
                        failure.set(None);
                        saved.set(true);
                        state.set(next);
                    }
                    Err(err) => {
                        saved.set(false);
                        failure.set(Some(err));
                        // Re-render from the unchanged state so the box shows the truth.
                        state.set((*state).clone());
                    }
                }
            });
        })
    };
    let row = |kind: &'static str, label: Text, s: &ConsentState| {
        let id = format!("consent-{kind}");
        html! {
            <div class="check">
                <input type="checkbox" id={id.clone()} checked={s.granted} onchange={change(kind)} data-testid={id.clone()} />
                <label for={id}>{ lang.text(label) }</label>
                <small class="hint">{ format!(" ({} {})", lang.text(Text::ChangedAt), s.changed_at.replace('T', " ").trim_end_matches('Z')) }</small>
            </div>
        }
    };
    let c = &*state;
    html! {
        <section class="card" data-testid="consents">
            <h2>{ lang.text(Text::ConsentsHeading) }</h2>
            if let Some(f) = &*failure {
                <ErrorBanner failure={f.clone()} />
            }
            if *saved {
                <div class="banner ok" role="status">{ lang.text(Text::ConsentsSaved) }</div>
            }
            { row("personal_data", Text::ConsentPersonal, &c.personal_data) }
            { row("email", Text::ConsentEmail, &c.email) }
            { row("sms", Text::ConsentSms, &c.sms) }
            { row("service_info", Text::ConsentService, &c.service_info) }
        </section>
    }
}
