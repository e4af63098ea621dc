//! One meter's card: the reading last billed beside the current one (to reconcile with the
//! meter itself), the use between them, the reading window and the verification date.

use kabinet_shared::api::meters::{MeterStatus, MeterView};
use kabinet_shared::ErrorCode;
use yew::prelude::*;

use super::{days_word, meter_title, status_text, unit};
use crate::components::dates::{day, month};
use crate::components::money::decimal;
use crate::i18n::{Lang, Text};

/// «Приём показаний открыт до 25.11.2026, осталось 3 дня» or «… закрыт, откроется 20.12.2026».
fn window_line(lang: Lang, m: &MeterView) -> String {
    let w = &m.window;
    match (w.open, w.days_left) {
        (true, Some(n)) => {
            let left = match lang {
                Lang::Ru => format!("{} {n} {}", lang.text(Text::DaysLeft), days_word(lang, n)),
                Lang::En => format!("{n} {} {}", days_word(lang, n), lang.text(Text::DaysLeft)),
            };
            format!(
                "{} {}, {left}",
                lang.text(Text::WindowOpenUntil),
                day(lang, &w.closes_on)
            )
        }
        _ => format!(
            "{} {}",
            lang.text(Text::WindowClosedUntil),
            day(lang, &w.next_opens_on)
        ),
    }
}

/// The card of `m`.
pub fn meter_card(lang: Lang, m: &MeterView) -> Html {
    let unit = unit(lang, &m.unit);
    let value = |v: &str| format!("{} {unit}", decimal(lang, v));
    let heading = format!("meter-{}", m.id);
    let billed = match &m.last_billed {
        Some(b) => html! {
            <dd data-testid="last-billed"><strong>{ value(&b.value) }</strong><br />
                <small>{ format!("{} {}, {} {}", lang.text(Text::TakenOn), day(lang, &b.taken_on),
                    lang.text(Text::ForPeriod), month(lang, &b.period)) }</small></dd>
        },
        None => html! { <dd data-testid="last-billed">{ lang.text(Text::NoReading) }</dd> },
    };
    let current = match &m.current {
        Some(c) => html! {
            <dd data-testid="current"><strong>{ value(&c.value) }</strong><br />
                <small>{ format!("{} {} — {}, {} {}", lang.text(Text::TakenOn), day(lang, &c.taken_on),
                    status_text(lang, c.status), lang.text(Text::ReadingNo), c.number) }</small>
                if let Some(reason) = &c.reject_reason { <br /><small class="error">{ reason }</small> }
            </dd>
        },
        None => html! { <dd data-testid="current">{ lang.text(Text::NoReading) }</dd> },
    };
    html! {
        <article class="meter" aria-labelledby={heading.clone()} data-testid={format!("meter-card-{}", m.id)}>
            <h3 id={heading}>{ meter_title(lang, m) }</h3>
            <dl class="pair">
                <dt>{ lang.text(Text::LastBilled) }</dt>{ billed }
                <dt>{ lang.text(Text::CurrentReading) }</dt>{ current }
            </dl>
            if let Some(used) = &m.consumption {
                <p data-testid="consumption">{ format!("{}: {}", lang.text(Text::Consumption), value(used)) }</p>
            }
            if m.status != MeterStatus::Active {
                <p class="hint">{ lang.error(ErrorCode::MeterRemoved) }</p>
            } else {
                <p data-testid="window">{ window_line(lang, m) }</p>
            }
            if m.verification_expired {
                <p class="banner warning">{ lang.text(Text::VerificationOver) }</p>
            } else if m.verification_warning {
                <p class="banner warning" data-testid="verification-warning">
                    { format!("{} ({} {})", lang.text(Text::VerificationSoon), lang.text(Text::VerificationDue), day(lang, &m.verification_due)) }
                </p>
            }
        </article>
    }
}
