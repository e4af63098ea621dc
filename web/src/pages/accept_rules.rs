//! Acceptance of a new version of the Rules (Rules 2.2): shown instead of every other page
//! until the resident accepts.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::rules_text::rules_text;
use crate::hooks::{use_fetch, use_submit};
use crate::i18n::{use_lang, Text};
use crate::session::use_session;

#[function_component(AcceptRules)]
pub fn accept_rules() -> Html {
    let lang = use_lang();
    let session = use_session();
    let navigator = use_navigator();
    let rules = use_fetch((), |()| api::auth::current_rules());
    let submit = use_submit::<()>();
    let body = rules.view(|doc| {
        let onclick = {
            let (submit, version) = (submit.clone(), doc.version);
            Callback::from(move |_| {
                let (session, navigator) = (session.clone(), navigator.clone());
                submit.run(api::me::accept_rules(version), move |_| {
                    session.reload();
                    if let Some(nav) = navigator {
                        nav.push(&Route::Home);
                    }
                });
            })
        };
        html! {
            <div ref={submit.form.clone()}>
                { submit.banner() }
                { rules_text(&doc.body, lang.text(Text::RulesHeading)) }
                <button class="primary" {onclick} disabled={submit.busy()} data-testid="accept-rules">{ lang.text(Text::AcceptRulesSubmit) }</button>
            </div>
        }
    });
    html! {
        <section class="card">
            <h1>{ lang.text(Text::AcceptRulesTitle) }</h1>
            <p>{ lang.text(Text::AcceptRulesIntro) }</p>
            { body }
        </section>
    }
}
