//! Home page: a welcome and the live service status from `GET /api/v1/health`.

use kabinet_shared::api::health::{Backend, HealthResponse, HealthStatus};
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_banner::ErrorBanner;
use crate::components::spinner::Spinner;
use crate::i18n::{use_lang, Lang, Text};

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready(HealthResponse),
    Failed(ApiFailure),
}

#[function_component(Home)]
pub fn home() -> Html {
    let lang = use_lang();
    let state = use_state(|| Load::Loading);
    let reload = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            let state = state.clone();
            state.set(Load::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                state.set(match api::health::fetch().await {
                    Ok(health) => Load::Ready(health),
                    Err(failure) => Load::Failed(failure),
                });
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    let body = match &*state {
        Load::Loading => html! { <Spinner /> },
        Load::Ready(health) => status_facts(lang, health),
        Load::Failed(failure) => html! {
            <ErrorBanner failure={failure.clone()} on_retry={reload.reform(|_| ())} />
        },
    };
    html! {
        <>
            <section class="card">
                <h1>{ lang.text(Text::HomeTitle) }</h1>
                <p>{ lang.text(Text::HomeIntro) }</p>
            </section>
            <section class="card" aria-labelledby="status-heading" data-testid="health">
                <h2 id="status-heading">{ lang.text(Text::ServiceStatus) }</h2>
                { body }
            </section>
        </>
    }
}

fn status_facts(lang: Lang, health: &HealthResponse) -> Html {
    let (status_text, status_class) = match health.status {
        HealthStatus::Ok => (lang.text(Text::StatusOk), "status-ok"),
        HealthStatus::Unavailable => (lang.text(Text::StatusUnavailable), "status-bad"),
    };
    let backend = match health.database.backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    let reachable = if health.database.reachable {
        lang.text(Text::Reachable)
    } else {
        lang.text(Text::Unreachable)
    };
    html! {
        <dl class="facts">
            <dt>{ lang.text(Text::ServiceStatus) }</dt>
            <dd class={status_class} data-testid="health-status">{ status_text }</dd>
            <dt>{ lang.text(Text::Database) }</dt>
            <dd data-testid="health-database">{ format!("{backend} — {reachable}") }</dd>
            <dt>{ lang.text(Text::Version) }</dt>
            <dd data-testid="health-version">{ &health.version }</dd>
        </dl>
    }
}
