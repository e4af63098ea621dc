//! Signed-in devices (Rules 3.7): end one, or all but this one.

use kabinet_shared::api::me::SessionInfo;
use yew::prelude::*;

use crate::api;
use crate::components::dates::moment;
use crate::components::error_banner::error_banner;
use crate::hooks::{use_fetch, use_submit};
use crate::i18n::{use_lang, Lang, Text};

#[function_component(Sessions)]
pub fn sessions() -> Html {
    let lang = use_lang();
    let list = use_fetch((), |()| api::me::sessions());
    let action = use_submit::<()>();
    let end = |id: String| {
        let (action, reload) = (action.clone(), list.reload.clone());
        Callback::from(move |_| {
            let (id, reload) = (id.clone(), reload.clone());
            action.run(api::me::end_session(&id), move |_| reload.emit(()));
        })
    };
    let end_others = {
        let (action, reload) = (action.clone(), list.reload.clone());
        Callback::from(move |_| {
            let reload = reload.clone();
            action.run(api::me::end_other_sessions(), move |_| reload.emit(()));
        })
    };
    let body = list.view(|items| html! {
            <>
                <ul class="plain" data-testid="sessions">
                    { for items.iter().map(|s| html! {
                        <li class="session" data-testid={if s.current { "session-current" } else { "session-other" }}>
                            <strong title={s.user_agent.clone().unwrap_or_default()}>{ device(lang, s) }</strong>
                            if s.current { { " " }<span class="tag">{ lang.text(Text::ThisDevice) }</span> }
                            <br />
                            <small>{ format!("{} · {} {} · {} {}", s.ip.clone().unwrap_or_default(),
                                lang.text(Text::SessionStarted), moment(lang, &s.created_at),
                                lang.text(Text::SessionLastUsed), moment(lang, &s.last_used_at)) }</small>
                            if !s.current {
                                <button class="secondary" onclick={end(s.id.clone())} disabled={action.busy()}>{ lang.text(Text::EndSession) }</button>
                            }
                        </li>
                    }) }
                </ul>
                if items.len() > 1 {
                    <button class="secondary" onclick={end_others} disabled={action.busy()}>{ lang.text(Text::EndOthers) }</button>
                }
            </>
    });
    html! {
        <section class="card">
            <h2>{ lang.text(Text::SessionsTitle) }</h2>
            <p class="hint">{ lang.text(Text::SessionsIntro) }</p>
            if let Some(f) = action.failure() {
                { error_banner(lang, f, None) }
            }
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
