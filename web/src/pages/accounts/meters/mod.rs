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
#[cfg(feature = "meters")]
use yew::prelude::*;

#[cfg(feature = "meters")]
use crate::api;
#[cfg(feature = "meters")]
use crate::hooks::use_fetch;
#[cfg(feature = "meters")]
use crate::i18n::use_lang;
use crate::i18n::{Lang, Text};

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

#[cfg(feature = "meters")]
#[derive(Properties, PartialEq)]
pub struct Props {
    pub number: AttrValue,
}

#[cfg(feature = "meters")]
#[function_component(MetersSection)]
pub fn meters_section(props: &Props) -> Html {
    let lang = use_lang();
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
/// A fresh `Idempotency-Key`: a random version-4 UUID.
pub(crate) fn new_key() -> String {
    // 52 random bits as 13 hex digits (from the decimal digits of `Math.random()`).
    let part = || {
        let digits: String = js_sys::Math::random()
            .to_string()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        format!(
            "{:013x}",
            digits.parse::<u64>().unwrap_or(0) & 0xf_ffff_ffff_ffff
        )
    };
    let hex = format!("{}{}{}", part(), part(), part());
    let at = |from: usize, to: usize| hex.get(from..to).unwrap_or_default();
    format!(
        "{}-{}-4{}-8{}-{}",
        at(0, 8),
        at(8, 12),
        at(12, 15),
        at(15, 18),
        at(18, 30)
    )
}
