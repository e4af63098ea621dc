//! «История начислений и оплат»: a period filter, the statement month by month (opening,
//! charged, paid, closing), each month opening into its service lines and payments, the
//! totals and today's balance, and the same months as a CSV file.

use kabinet_shared::api::accounts::Balance;
use kabinet_shared::api::billing::{ChargeKind, Statement, StatementMonth};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::{channel_name, month_back, service_name, unit_name};
use crate::api;
use crate::api::files::FileAnswer;
use crate::components::dates::{day, month};
use crate::components::download::save;
use crate::components::money::{balance_view, decimal, format_money};
use crate::hooks::{use_fetch, use_submit};
use crate::i18n::{use_lang, Lang, Text};

/// How many months back the period filter offers.
const MONTHS_OFFERED: u32 = 60;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub number: AttrValue,
}

/// A month select of the filter: `YYYY-MM` values, newest first.
fn month_select(lang: Lang, id: &str, label: Text, value: &str, set: Callback<String>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        set.emit(e.target_unchecked_into::<HtmlSelectElement>().value());
    });
    html! {
        <div class="field">
            <label for={id.to_owned()}>{ lang.text(label) }</label>
            <select id={id.to_owned()} data-testid={id.to_owned()} {onchange}>
                { for (0..MONTHS_OFFERED).map(|back| {
                    let period = month_back(back);
                    let selected = period == value;
                    html! { <option value={period.clone()} {selected}>{ month(lang, &period) }</option> }
                }) }
            </select>
        </div>
    }
}

#[function_component(HistorySection)]
pub fn history_section(props: &Props) -> Html {
    let lang = use_lang();
    // The months shown, and those chosen in the filter (shown once «Показать» is pressed).
    let shown = use_state(|| (month_back(11), month_back(0)));
    let chosen = use_state(|| (*shown).clone());
    let statement = use_fetch(
        (props.number.clone(), (*shown).clone()),
        |(number, (from, to)): (AttrValue, (String, String))| {
            api::billing::statement(&number, &from, &to)
        },
    );
    let expanded = use_state(Vec::<String>::new);
    let csv = use_submit::<FileAnswer>();
    let onsubmit = {
        let (shown, chosen) = (shown.clone(), chosen.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (from, to) = (*chosen).clone();
            // The months in either order mean the same span.
            shown.set(if from <= to { (from, to) } else { (to, from) });
        })
    };
    let set_from = {
        let chosen = chosen.clone();
        Callback::from(move |from: String| chosen.set((from, chosen.1.clone())))
    };
    let set_to = {
        let chosen = chosen.clone();
        Callback::from(move |to: String| chosen.set((chosen.0.clone(), to)))
    };
    let on_csv = {
        let (csv, number, shown) = (csv.clone(), props.number.clone(), shown.clone());
        Callback::from(move |_: MouseEvent| {
            let (number, (from, to)) = (number.clone(), (*shown).clone());
            let fallback = format!("statement-{number}-{from}-{to}.csv");
            let work = async move { api::billing::statement_csv(&number, &from, &to).await };
            csv.run(work, move |file| save(file, &fallback));
        })
    };
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |period: String| {
            let mut next = (*expanded).clone();
            match next.iter().position(|p| *p == period) {
                Some(at) => {
                    next.remove(at);
                }
                None => next.push(period),
            }
            expanded.set(next);
        })
    };
    html! {
        <>
            <form class="filters" onsubmit={onsubmit} data-testid="statement-filter">
                { month_select(lang, "statement-from", Text::FromMonth, &chosen.0, set_from) }
                { month_select(lang, "statement-to", Text::ToMonth, &chosen.1, set_to) }
                <div class="field">
                    <button class="primary" type="submit">{ lang.text(Text::ShowPeriod) }</button>
                </div>
            </form>
            { statement.view(|s| statement_view(lang, s, &expanded, &toggle)) }
            if statement.data().is_some() {
                <div ref={csv.form.clone()} class="actions">
                    { csv.banner() }
                    <button class="secondary" type="button" onclick={on_csv} disabled={csv.busy()}
                        data-testid="download-csv">{ lang.text(Text::DownloadCsv) }</button>
                </div>
            }
        </>
    }
}

/// The months, the totals and today's balance.
fn statement_view(
    lang: Lang,
    s: &Statement,
    expanded: &[String],
    toggle: &Callback<String>,
) -> Html {
    let heads = [
        Text::Month,
        Text::Opening,
        Text::Charged,
        Text::Paid,
        Text::Closing,
    ]
    .map(|t| lang.text(t));
    let body = if s.months.is_empty() {
        html! { <p>{ lang.text(Text::NoMonths) }</p> }
    } else {
        html! {
            <table class="data statement" data-testid="statement">
                <thead><tr>{ for heads.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
                <tbody>
                    { for s.months.iter().rev().map(|m| month_rows(lang, m, &heads, expanded.contains(&m.period), toggle)) }
                </tbody>
                <tfoot>
                    <tr data-testid="statement-totals">
                        <th scope="row">{ lang.text(Text::Total) }</th>
                        <td aria-hidden="true"></td>
                        <td data-label={heads[2]}>{ format_money(lang, s.totals.charged) }</td>
                        <td data-label={heads[3]}>{ format_money(lang, s.totals.paid) }</td>
                        <td aria-hidden="true"></td>
                    </tr>
                </tfoot>
            </table>
        }
    };
    html! {
        <>
            { body }
            <p class="hint">{ lang.text(Text::SignHint) }</p>
            <p data-testid="statement-debt">
                { format!("{}: ", lang.text(Text::BalanceToday)) }{ balance_view(lang, &Balance::of(s.debt)) }
            </p>
        </>
    }
}

/// A month's row, and below it (shown when `open`) its charges and payments.
fn month_rows(
    lang: Lang,
    m: &StatementMonth,
    heads: &[&'static str; 5],
    open: bool,
    toggle: &Callback<String>,
) -> Html {
    let lines_id = format!("lines-{}", m.period);
    let onclick = {
        let (toggle, period) = (toggle.clone(), m.period.clone());
        Callback::from(move |_: MouseEvent| toggle.emit(period.clone()))
    };
    html! {
        <>
            <tr data-testid={format!("month-{}", m.period)}>
                <th scope="row">
                    <button type="button" class="disclosure" aria-expanded={open.to_string()}
                        aria-controls={lines_id.clone()} {onclick}>
                        { month(lang, &m.period) }
                        <span class="visually-hidden">{ format!(", {}", lang.text(Text::MonthDetails)) }</span>
                    </button>
                </th>
                <td data-label={heads[1]}>{ format_money(lang, m.opening) }</td>
                <td data-label={heads[2]}>{ format_money(lang, m.charged) }</td>
                <td data-label={heads[3]}>{ format_money(lang, m.paid) }</td>
                <td data-label={heads[4]}>{ format_money(lang, m.closing) }</td>
            </tr>
            <tr id={lines_id.clone()} class="lines" hidden={!open}
                data-testid={lines_id}>
                <td colspan="5">
                    { charges(lang, m) }
                    { payments(lang, m) }
                </td>
            </tr>
        </>
    }
}

/// A month's service lines; recalculations and penalties marked, with their grounds.
fn charges(lang: Lang, m: &StatementMonth) -> Html {
    if m.charges.is_empty() {
        return html! { <p>{ lang.text(Text::NothingCharged) }</p> };
    }
    let heads = [Text::Service, Text::Quantity, Text::Tariff, Text::Amount].map(|t| lang.text(t));
    html! {
        <table class="data inner">
            <caption>{ format!("{} {}", lang.text(Text::ChargesOf), month(lang, &m.period)) }</caption>
            <thead><tr>{ for heads.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
            <tbody>
                { for m.charges.iter().map(|c| {
                    // A penalty is named as such; a recalculation is marked beside its service.
                    let (name, recalculation) = match c.kind {
                        ChargeKind::Penalty => (lang.text(Text::ServicePenalty).to_owned(), false),
                        kind => (service_name(lang, &c.service), kind == ChargeKind::Recalculation),
                    };
                    let quantity = c.quantity.map(|q| {
                        let unit = c.unit.as_deref().map(|u| unit_name(lang, u)).unwrap_or_default();
                        format!("{} {unit}", decimal(lang, &q.to_string()))
                    });
                    html! {
                        <tr>
                            <td data-label={heads[0]}>
                                { name }
                                if recalculation { <span class="kind">{ lang.text(Text::Recalculation) }</span> }
                                if let Some(comment) = &c.comment { <br /><small>{ comment }</small> }
                            </td>
                            <td data-label={heads[1]}>{ quantity }</td>
                            <td data-label={heads[2]}>{ c.tariff.map(|t| format_money(lang, t)) }</td>
                            <td data-label={heads[3]}>{ format_money(lang, c.amount) }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// A month's payments: when, how, how much.
fn payments(lang: Lang, m: &StatementMonth) -> Html {
    if m.payments.is_empty() {
        return html! { <p>{ lang.text(Text::NothingPaid) }</p> };
    }
    let heads = [Text::Date, Text::Channel, Text::Amount].map(|t| lang.text(t));
    html! {
        <table class="data inner" data-testid={format!("payments-{}", m.period)}>
            <caption>{ format!("{} {}", lang.text(Text::PaymentsOf), month(lang, &m.period)) }</caption>
            <thead><tr>{ for heads.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
            <tbody>
                { for m.payments.iter().map(|p| html! {
                    <tr>
                        <td data-label={heads[0]}>{ day(lang, &p.paid_at) }</td>
                        <td data-label={heads[1]}>{ channel_name(lang, p.channel) }</td>
                        <td data-label={heads[2]}>{ format_money(lang, p.amount) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
