//! One meter's past: its use in each of the last 24 months as a chart (with the numbers as a
//! table for screen readers), and its readings a page at a time with «Показать ещё».

use kabinet_shared::api::meters::{HistoryItem, MonthlyUse, ReadingSource};
use kabinet_shared::reading::MeterValue;
use yew::prelude::*;

use super::status_text;
use crate::api;
use crate::components::chart::{bar_chart, Bar};
use crate::components::dates::{day, month};
use crate::components::money::decimal;
use crate::hooks::{use_fetch, use_paged};
use crate::i18n::{use_lang, Lang, Text};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub number: AttrValue,
    pub id: AttrValue,
    /// «Горячая вода № ГВС-410003».
    pub title: AttrValue,
    /// «м³», «Гкал».
    pub unit: AttrValue,
    /// Changes when readings were saved: load again.
    pub version: u32,
}

fn source_text(lang: Lang, source: ReadingSource) -> &'static str {
    lang.text(match source {
        ReadingSource::Resident => Text::SourceResident,
        ReadingSource::Operator => Text::SourceOperator,
        ReadingSource::Integrator => Text::SourceIntegrator,
        ReadingSource::PersonalToken => Text::SourceToken,
        ReadingSource::Estimated => Text::SourceEstimated,
    })
}

/// The chart of `months` (oldest first).
fn chart(lang: Lang, unit: &str, months: &[MonthlyUse]) -> Html {
    let bars: Vec<Bar> = months
        .iter()
        .map(|m| {
            let value = m.consumption.as_deref();
            Bar {
                label: month(lang, &m.period),
                value: value
                    .and_then(|v| MeterValue::parse(v, 4).ok())
                    .map(|v| v.0),
                shown: value.map_or_else(
                    || lang.text(Text::NoData).to_owned(),
                    |v| format!("{} {unit}", decimal(lang, v)),
                ),
            }
        })
        .collect();
    let Some(top) = bars
        .iter()
        .filter(|b| b.value.is_some())
        .max_by_key(|b| b.value)
    else {
        return html! { <p class="hint">{ lang.text(Text::NoData) }</p> };
    };
    let caption = format!("{}, {unit}", lang.text(Text::UseByMonth));
    let peak = format!("{} {}", lang.text(Text::ChartHighest), top.shown);
    let summary = format!(
        "{caption}: {peak} ({}); {}",
        top.label,
        lang.text(Text::ChartInTable)
    );
    bar_chart(
        &caption,
        &summary,
        &peak,
        (lang.text(Text::Month), lang.text(Text::Consumption)),
        &bars,
    )
}

/// The rows of the history table (labelled cells, so a phone shows them as lines).
fn history_rows(lang: Lang, unit: &str, rows: &[HistoryItem]) -> Html {
    let heads = [
        Text::Date,
        Text::ReadingValue,
        Text::Period,
        Text::SentBy,
        Text::Status,
        Text::NumberColumn,
    ]
    .map(|t| lang.text(t));
    html! {
        <table class="data">
            <thead><tr>{ for heads.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
            <tbody>
                { for rows.iter().map(|r| html! {
                    <tr key={r.id}>
                        <td data-label={heads[0]}>{ day(lang, &r.taken_on) }</td>
                        <td data-label={heads[1]}>{ format!("{} {unit}", decimal(lang, &r.value)) }</td>
                        <td data-label={heads[2]}>{ month(lang, &r.period) }</td>
                        <td data-label={heads[3]}>{ source_text(lang, r.source) }</td>
                        <td data-label={heads[4]}>
                            { status_text(lang, r.status) }
                            if r.flagged { { format!(", {}", lang.text(Text::UnderReview)) } }
                            if let Some(reason) = &r.reject_reason { { format!(": {reason}") } }
                        </td>
                        <td data-label={heads[5]}>{ &r.number }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[function_component(MeterUsage)]
pub fn meter_usage(props: &Props) -> Html {
    let lang = use_lang();
    let months = use_fetch(
        (props.number.clone(), props.id.clone(), props.version),
        |(number, id, _): (AttrValue, AttrValue, u32)| api::meters::consumption(&number, &id),
    );
    let history = {
        let number = props.number.clone();
        use_paged(move |id: AttrValue, cursor: Option<String>| {
            api::meters::history(&number, &id, cursor.as_deref())
        })
    };
    {
        let history = history.clone();
        use_effect_with((props.id.clone(), props.version), move |(id, _)| {
            history.search(id.clone())
        });
    }
    let heading = format!("usage-{}", props.id);
    let unit = props.unit.as_str();
    html! {
        <section class="usage" aria-labelledby={heading.clone()} data-testid={format!("usage-{}", props.id)}>
            <h3 id={heading}>{ &props.title }</h3>
            { months.view(|m| chart(lang, unit, m)) }
            <details>
                <summary>{ lang.text(Text::HistoryTitle) }</summary>
                { history.view(lang.text(Text::NoHistory), lang.text(Text::RowsShown), lang.text(Text::LoadMore),
                    |rows| history_rows(lang, unit, rows)) }
            </details>
        </section>
    }
}
