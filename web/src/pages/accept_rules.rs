//! Acceptance of a new version of the Rules (Rules 2.2): shown instead of every other page
//! until the resident accepts.

use kabinet_shared::api::rules::RulesDocument;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::app::Route;
use crate::components::error_banner::ErrorBanner;
use crate::components::rules_text::RulesText;
use crate::components::spinner::Spinner;
use crate::i18n::{use_lang, Text};
use crate::session::use_session;

#[function_component(AcceptRules)]
pub fn accept_rules() -> Html {
    let lang = use_lang();
    let session = use_session();
    let navigator = use_navigator();
    let rules = use_state(|| None::<Result<RulesDocument, ApiFailure>>);
    let failure = use_state(|| None::<ApiFailure>);
    {
        let rules = rules.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                rules.set(Some(api::auth::current_rules().await))
            });
        });
    }
    let doc = match &*rules {
        None => return html! { <Spinner /> },
        Some(Err(f)) => return html! { <ErrorBanner failure={f.clone()} /> },
        Some(Ok(doc)) => doc.clone(),
    };
    let onclick = {
        let (failure, session, version) = (failure.clone(), session.clone(), doc.version);
        Callback::from(move |_| {
            let (failure, session, navigator) =
                (failure.clone(), session.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::me::accept_rules(version).await {
                    Ok(()) => {
                        session.reload();
                        if let Some(nav) = navigator {
                            nav.push(&Route::Accounts);
                        }
                    }
                    Err(err) => failure.set(Some(err)),
                }
            });
        })
    };
    html! {
        <section class="card">
            <h1>{ lang.text(Text::AcceptRulesTitle) }</h1>
            <p>{ lang.text(Text::AcceptRulesIntro) }</p>
            if let Some(f) = &*failure {
                <ErrorBanner failure={f.clone()} />
            }
            <RulesText body={doc.body.clone()} label={lang.text(Text::RulesHeading)} />
            <button class="primary" {onclick} data-testid="accept-rules">{ lang.text(Text::AcceptRulesSubmit) }</button>
        </section>
    }
}
