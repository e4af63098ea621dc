//! Signed-in devices (Rules 3.7): end one, or all but this one.

use kabinet_shared::api::me::SessionInfo;
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::dates::moment;
use crate::components::error_banner::ErrorBanner;
use crate::components::spinner::Spinner;
use crate::i18n::{use_lang, Lang, Text};

#[function_component(Sessions)]
pub fn sessions() -> Html {
    let lang = use_lang();
    let list = use_state(|| None::<Result<Vec<SessionInfo>, ApiFailure>>);
    let reload = {
        let list = list.clone();
        Callback::from(move |_: ()| {
            let list = list.clone();
            wasm_bindgen_futures::spawn_local(
                async move { list.set(Some(api::me::sessions().await)) },
            );
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    let end = |id: String| {
        let (reload, list) = (reload.clone(), list.clone());
        Callback::from(move |_| {
            let (id, reload, list) = (id.clone(), reload.clone(), list.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::me::end_session(&id).await {
                    Ok(()) => reload.emit(()),
                    Err(err) => list.set(Some(Err(err))),
                }
            });
        })
    };
    let end_others = {
        let (reload, list) = (reload.clone(), list.clone());
        Callback::from(move |_| {
            let (reload, list) = (reload.clone(), list.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::me::end_other_sessions().await {
                    Ok(()) => reload.emit(()),
                    Err(err) => list.set(Some(Err(err))),
                }
            });
        })
    };
    let body = match &*list {
        None => html! { <Spinner /> },
        Some(Err(f)) => {
            html! { <ErrorBanner failure={f.clone()} on_retry={reload.reform(|_| ())} /> }
        }
        Some(Ok(items)) => html! {
            <>
                <ul class="plain" data-testid="sessions">
                    { for items.iter().map(|s| html! {
                        <li class="session" data-testid={if s.current { "session-current" } else { "session-other" }}>
                            <strong title={s.user_agent.clone().unwrap_or_default()}>{ device(lang, s) }</strong>
                            if s.current { <span class="tag">{ lang.text(Text::ThisDevice) }</span> }
                            <br />
                            <small>{ format!("{} · {} {} · {} {}", s.ip.clone().unwrap_or_default(),
                                lang.text(Text::SessionStarted), moment(lang, &s.created_at),
                                lang.text(Text::SessionLastUsed), moment(lang, &s.last_used_at)) }</small>
                            if !s.current {
                                <button class="secondary" onclick={end(s.id.clone())}>{ lang.text(Text::EndSession) }</button>
                            }
                        </li>
                    }) }
                </ul>
                if items.len() > 1 {
                    <button class="secondary" onclick={end_others}>{ lang.text(Text::EndOthers) }</button>
                }
            </>
        },
    };
    html! {
        <section class="card">
            <h2>{ lang.text(Text::SessionsTitle) }</h2>
            <p class="hint">{ lang.text(Text::SessionsIntro) }</p>
            { body }
        </section>
    }
}

/// «Chrome на Android», or what is known of it.
fn device(lang: Lang, s: &SessionInfo) -> String {
    match (&s.browser, &s.os) {
        (Some(b), Some(o)) => format!("{b} {} {o}", lang.text(Text::DeviceOn)),
        (Some(one), None) | (None, Some(one)) => one.clone(),
        (None, None) => lang.text(Text::UnknownDevice).to_owned(),
    }
}
