//! «Данные счётчиков»: a card per meter (last billed beside current, use, window, verification),
//! one form for every meter that takes readings, and per meter its monthly use as a chart and
//! its reading history. The form reloads the cards when it saves.

#[cfg(feature = "meters")]
mod card;
#[cfg(feature = "meters")]
mod form;
#[cfg(any(feature = "meters", feature = "staff"))]
pub(crate) mod unusual;
#[cfg(feature = "meters")]
mod usage;

#[cfg(any(feature = "meters", feature = "staff"))]
use kabinet_shared::api::meters::{MeterStatus, MeterView, ReadingStatus};
use kabinet_shared::reading::Service;
use yew::prelude::*;

#[cfg(feature = "meters")]
use crate::api;
#[cfg(feature = "meters")]
use crate::hooks::use_fetch;
use crate::i18n::{use_lang, Lang, Text};

/// «Горячая вода», «Отопление», «Холодная вода».
pub fn service_name(lang: Lang, service: Service) -> &'static str {
    lang.text(match service {
        Service::HotWater => Text::HotWater,
        Service::Heating => Text::Heating,
        Service::ColdWater => Text::ColdWater,
    })
}

#[cfg(any(feature = "meters", feature = "staff"))]
/// A wire unit (`m3`, `gcal`) as people write it.
pub(crate) fn unit(lang: Lang, wire: &str) -> &'static str {
    lang.text(if wire == "gcal" {
        Text::UnitGcal
    } else {
        Text::UnitM3
    })
}

#[cfg(any(feature = "meters", feature = "staff"))]
/// «Горячая вода № ГВС-410003» (the number sign never ends a line without its number).
pub(crate) fn meter_title(lang: Lang, m: &MeterView) -> String {
    format!(
        "{} {}\u{a0}{}",
        service_name(lang, m.service),
        lang.text(Text::NumberSign),
        m.serial_number
    )
}

#[cfg(feature = "meters")]
/// «день», «дня» or «дней» after `n` (English: day, days).
fn days_word(lang: Lang, n: u32) -> &'static str {
    let (last, tens) = (n % 10, n % 100);
    lang.text(if last == 1 && tens != 11 {
        Text::DayOne
    } else if (2..=4).contains(&last) && !(12..=14).contains(&tens) {
        Text::DayFew
    } else {
        Text::DayMany
    })
}

#[cfg(any(feature = "meters", feature = "staff"))]
/// Whether a meter takes readings now (in service and verified).
pub(crate) fn takes_readings(m: &MeterView) -> bool {
    m.status == MeterStatus::Active && !m.verification_expired
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub number: AttrValue,
}

#[cfg(feature = "meters")]
#[function_component(MetersSection)]
pub fn meters_section(props: &Props) -> Html {
    let lang = use_lang();
    // Arrived: the resident bundle may send the next visit here again.
    use_effect_with((), |_| {
        if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
            let _ = s.remove_item("kabinet-meters-reload");
        }
    });
    let meters = use_fetch(props.number.clone(), |number: AttrValue| {
        api::meters::list(&number)
    });
    // Saved readings change the cards, the chart and the history: all load again.
    let version = use_state(|| 0u32);
    let on_saved = {
        let (reload, version) = (meters.reload.clone(), version.clone());
        Callback::from(move |()| {
            reload.emit(());
            version.set(version.wrapping_add(1));
        })
    };
    let form = form::use_readings_form(props.number.clone(), on_saved);
    let (number, version) = (props.number.clone(), *version);
    meters.view(move |items| {
        if items.is_empty() {
            return html! { <p>{ lang.text(Text::NoMetersHere) }</p> };
        }
        let active: Vec<MeterView> = items
            .iter()
            .filter(|m| takes_readings(m))
            .cloned()
            .collect();
        html! {
            <>
                <p class="hint">{ lang.text(Text::MetersIntro) }</p>
                <div class="meters">{ for items.iter().map(|m| card::meter_card(lang, m)) }</div>
                if !active.is_empty() {
                    { form::readings_form(lang, &form, &active) }
                }
                { for items.iter().map(|m| html! {
                    <usage::MeterUsage key={m.id.clone()} number={number.clone()} id={m.id.clone()}
                        title={meter_title(lang, m)} unit={unit(lang, &m.unit)} {version} />
                }) }
            </>
        }
    })
}

/// Without feature `meters` (the resident bundle at `/`), the section is another bundle: the
/// address is already `/accounts/{number}/meters`, so loading it again brings the meters
/// bundle, which the server gives to that path. Should the server answer with this bundle
/// again (a build without the meters bundle), a second reload within a minute is not tried.
#[cfg(not(feature = "meters"))]
#[function_component(MetersSection)]
pub fn meters_section(_: &Props) -> Html {
    let lang = use_lang();
    let looping = use_state(|| false);
    {
        let looping = looping.clone();
        use_effect_with((), move |_| {
            let Some(window) = web_sys::window() else {
                return;
            };
            let now = js_sys::Date::now();
            let storage = window.session_storage().ok().flatten();
            let last = storage
                .as_ref()
                .and_then(|s| s.get_item("kabinet-meters-reload").ok().flatten())
                .and_then(|v| v.parse::<f64>().ok());
            if last.is_some_and(|t| now - t < 60_000.0) {
                looping.set(true);
                return;
            }
            if let Some(s) = &storage {
                let _ = s.set_item("kabinet-meters-reload", &now.to_string());
            }
            let _ = window.location().reload();
        });
    }
    if *looping {
        html! { <p role="alert">{ lang.text(Text::SectionNotYet) }</p> }
    } else {
        crate::components::spinner::spinner(lang)
    }
}

#[cfg(any(feature = "meters", feature = "staff"))]
/// A reading's status in words.
pub(crate) fn status_text(lang: Lang, status: ReadingStatus) -> &'static str {
    lang.text(match status {
        ReadingStatus::Received => Text::StatusReceived,
        ReadingStatus::Billed => Text::StatusBilled,
        ReadingStatus::Rejected => Text::StatusRejected,
        ReadingStatus::Superseded => Text::StatusSuperseded,
    })
}

#[cfg(any(feature = "meters", feature = "staff"))]
/// A fresh `Idempotency-Key`.
pub(crate) fn new_key() -> String {
    let part = || {
        js_sys::Math::random()
            .to_string()
            .trim_start_matches("0.")
            .to_owned()
    };
    format!("spa-{}-{}", part(), part())
}
