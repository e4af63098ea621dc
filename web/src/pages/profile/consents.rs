//! Consents (152-FZ): each shown with when it last changed; withdrawals are recorded.

use kabinet_shared::api::auth::ConsentChoices;
use kabinet_shared::api::me::{ConsentState, Consents};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api;
use crate::components::dates::moment;
use crate::hooks::use_submit;
use crate::i18n::{use_lang, Text};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub consents: Consents,
}

#[function_component(ConsentsCard)]
pub fn consents_card(props: &Props) -> Html {
    let lang = use_lang();
    let state = use_state(|| props.consents.clone());
    let submit = use_submit::<Consents>();
    let change = |kind: &'static str| {
        let (state, submit) = (state.clone(), submit.clone());
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
            // Until the answer comes (or if it refuses) the box shows what is recorded.
            input.set_checked(!input.checked());
            let state = state.clone();
            submit.run(api::me::set_consents(&wanted), move |next| {
                state.set(next.clone());
            });
        })
    };
    let row = |kind: &'static str, label: Text, s: &ConsentState| {
        let id = format!("consent-{kind}");
        html! {
            <div class="check">
                <input type="checkbox" id={id.clone()} checked={s.granted} onchange={change(kind)} data-testid={id.clone()} />
                <label for={id}>{ lang.text(label) }</label>
                <small class="hint">{ format!(" ({} {})", lang.text(Text::ChangedAt), moment(lang, &s.changed_at)) }</small>
            </div>
        }
    };
    let c = &*state;
    html! {
        <section class="card" data-testid="consents">
            <h2>{ lang.text(Text::ConsentsHeading) }</h2>
            <div ref={submit.form.clone()}>{ submit.banner() }</div>
            if submit.done().is_some() {
                <div class="banner ok" role="status">{ lang.text(Text::ConsentsSaved) }</div>
            }
            { row("personal_data", Text::ConsentPersonal, &c.personal_data) }
            { row("email", Text::ConsentEmail, &c.email) }
            { row("sms", Text::ConsentSms, &c.sms) }
            { row("service_info", Text::ConsentService, &c.service_info) }
        </section>
    }
}
