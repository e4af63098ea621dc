//! `/profile/notifications`: notification choices per event and channel (beside the consents), the language of the
//! messages, and «Мои данные» — everything held about the resident as one file (152-FZ art. 14).

use kabinet_shared::api::auth::Language;
use kabinet_shared::api::me::{Profile, UpdateProfileRequest};
use kabinet_shared::api::notices::{ChannelChoice, NoticeEvent, NotificationPrefs};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::api;
use crate::components::download::save;
use crate::components::error_banner::error_banner;
use crate::components::require_auth::RequireAuth;
use crate::hooks::{use_fetch, use_submit};
use crate::i18n::{use_lang, Text};
use crate::session::use_session;

fn event_text(event: NoticeEvent) -> Text {
    match event {
        NoticeEvent::ReadingWindowOpen => Text::EvWindowOpen,
        NoticeEvent::ReadingWindowClosing => Text::EvWindowClosing,
        NoticeEvent::VerificationDue => Text::EvVerificationDue,
        NoticeEvent::ReadingRejected => Text::EvReadingRejected,
        NoticeEvent::PaymentCredited => Text::EvPaymentCredited,
        NoticeEvent::ReceiptAvailable => Text::EvReceiptAvailable,
        NoticeEvent::AccountUnlinked => Text::EvAccountUnlinked,
        NoticeEvent::Blocked => Text::EvBlocked,
        NoticeEvent::AppealAnswered => Text::EvAppealAnswered,
        NoticeEvent::RulesPublished => Text::EvRulesPublished,
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub profile: Profile,
}

#[function_component(NotificationsCard)]
pub fn notifications_card(props: &Props) -> Html {
    let lang = use_lang();
    let prefs = use_fetch((), |()| api::me::notifications());
    let saved = use_state(|| None::<NotificationPrefs>);
    let submit = use_submit::<NotificationPrefs>();
    let language = use_state(|| props.profile.language);
    let lang_submit = use_submit::<Profile>();
    let current = (*saved).clone().or_else(|| prefs.data().cloned());
    let change = |event: NoticeEvent, email: bool| {
        let (submit, saved, current) = (submit.clone(), saved.clone(), current.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(now) = &current else { return };
            let mut choice = now.events.get(&event).copied().unwrap_or(ChannelChoice {
                email: true,
                sms: true,
            });
            if email {
                choice.email = input.checked();
            } else {
                choice.sms = input.checked();
            }
            // Until the answer comes (or if it refuses) the box shows what is recorded.
            input.set_checked(!input.checked());
            let body = NotificationPrefs {
                events: [(event, choice)].into_iter().collect(),
            };
            let saved = saved.clone();
            submit.run(api::me::set_notifications(&body), move |next| {
                saved.set(Some(next.clone()));
            });
        })
    };
    let on_language = {
        let (language, lang_submit) = (language.clone(), lang_submit.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let wanted = if select.value() == "en" {
                Language::En
            } else {
                Language::Ru
            };
            let body = UpdateProfileRequest {
                language: Some(wanted),
                ..UpdateProfileRequest::default()
            };
            let language = language.clone();
            lang_submit.run(api::me::update(&body), move |p| language.set(p.language));
        })
    };
    let table = match &current {
        Some(now) => html! {
            <table class="data" data-testid="notifications">
                <thead><tr>
                    <th scope="col">{ lang.text(Text::NoticeColumn) }</th>
                    <th scope="col">{ lang.text(Text::EmailColumn) }</th>
                    <th scope="col">{ lang.text(Text::SmsColumn) }</th>
                </tr></thead>
                <tbody>
                    { for NoticeEvent::ALL.into_iter().map(|event| {
                        let choice = now.events.get(&event).copied().unwrap_or(ChannelChoice { email: true, sms: true });
                        let name = lang.text(event_text(event));
                        let (email_id, sms_id) = (format!("n-{}-email", event.as_str()), format!("n-{}-sms", event.as_str()));
                        html! {
                            <tr>
                                <th scope="row">{ name }</th>
                                <td><input type="checkbox" id={email_id.clone()} data-testid={email_id.clone()} checked={choice.email}
                                    aria-label={format!("{name}: {}", lang.text(Text::EmailColumn))} onchange={change(event, true)} /></td>
                                <td><input type="checkbox" id={sms_id.clone()} data-testid={sms_id} checked={choice.sms}
                                    aria-label={format!("{name}: {}", lang.text(Text::SmsColumn))} onchange={change(event, false)} /></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        },
        None => prefs.view(|_| Html::default()),
    };
    html! {
        <section class="card" data-testid="notification-prefs">
            <h2>{ lang.text(Text::NotificationsHeading) }</h2>
            <p class="hint">{ lang.text(Text::NotificationsIntro) }</p>
            <div ref={submit.form.clone()}>{ submit.banner() }</div>
            if submit.done().is_some() {
                <div class="banner ok" role="status">{ lang.text(Text::NotificationsSaved) }</div>
            }
            { table }
            <div class="field" ref={lang_submit.form.clone()}>
                <label for="messages-language">{ lang.text(Text::MessagesLanguage) }</label>
                <select id="messages-language" data-testid="messages-language" onchange={on_language}>
                    <option value="ru" selected={*language == Language::Ru}>{ "Русский" }</option>
                    <option value="en" selected={*language == Language::En}>{ "English" }</option>
                </select>
                { lang_submit.banner() }
            </div>
        </section>
    }
}

/// «Мои данные»: the export as a download.
#[function_component(MyData)]
pub fn my_data() -> Html {
    let lang = use_lang();
    let busy = use_state(|| false);
    let failure = use_state(|| None::<api::ApiFailure>);
    let download = {
        let (busy, failure) = (busy.clone(), failure.clone());
        Callback::from(move |_| {
            let (busy, failure) = (busy.clone(), failure.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::files::get_file("/api/v1/me/export", "application/json").await {
                    Ok(file) => {
                        save(&file, "kabinet-my-data.json");
                        failure.set(None);
                    }
                    Err(err) => failure.set(Some(err)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section class="card" data-testid="my-data">
            <h2>{ lang.text(Text::MyDataHeading) }</h2>
            <p class="hint">{ lang.text(Text::MyDataIntro) }</p>
            if let Some(err) = &*failure { { error_banner(lang, err, None) } }
            <button class="secondary" onclick={download} disabled={*busy} data-testid="my-data-download">
                { if *busy { lang.text(Text::Loading) } else { lang.text(Text::MyDataDownload) } }
            </button>
        </section>
    }
}

/// `/profile/notifications`: the choices and «Мои данные» (the meters bundle).
pub fn notifications_page() -> Html {
    html! { <RequireAuth allow_pending_rules=true><NotificationsPage /></RequireAuth> }
}

#[function_component(NotificationsPage)]
fn notifications_page_inner() -> Html {
    let lang = use_lang();
    let session = use_session();
    match session.profile() {
        Some(profile) => html! {
            <>
                <h1>{ lang.text(Text::NotificationsHeading) }</h1>
                <NotificationsCard profile={profile.clone()} />
                <MyData />
                <p><a href="/profile">{ lang.text(Text::NavProfile) }</a></p>
            </>
        },
        None => Html::default(),
    }
}
