//! What a resident sees of their meters: each meter with its last billed reading beside the
//! current one, the window, the verification warning; a meter's history page by page; the
//! monthly consumption for the chart; and the preview of a charge before submitting.

use std::collections::BTreeMap;

use kabinet_shared::api::meters::{
    CurrentReading, HistoryItem, LastBilled, MeterView, MeterWindow, MonthlyUse, Preview,
};
use kabinet_shared::money::Kopecks;
use kabinet_shared::reading::{self as value_rules, MeterValue};

use super::rules::{self, months_before};
use super::{service_of, source_of, status_of, Context, Track};
use crate::db::models::account::Account;
use crate::db::models::meter::{self, Meter};
use crate::db::models::{reading, tariff};
use crate::db::DbConnection;
use crate::domain::clock::shown;
use crate::domain::error::DomainError;

/// `GET /accounts/{number}/meters`: three queries whatever the number of meters (the house's
/// window, the meters, their recent readings).
pub fn meters(
    conn: &mut DbConnection,
    account: &Account,
    ctx: &Context,
) -> Result<Vec<MeterView>, DomainError> {
    let window = rules::window_state(ctx.today, ctx.window_of(conn, account)?);
    let all = meter::all_on_account(conn, account.id)?;
    let refs: Vec<&Meter> = all.iter().collect();
    let tracks = Track::load(conn, &refs)?;
    let wire = MeterWindow {
        open: window.open,
        days_left: window.days_left,
        next_opens_on: window.opens_on.to_string(),
        closes_on: window.closes_on.to_string(),
        period: window.period.clone(),
    };
    all.iter()
        .zip(&tracks)
        .map(|(m, track)| {
            let decimals = m.decimals();
            let service = service_of(m)?;
            let billed = track.last_billed();
            let current = track.current();
            let consumption = match (billed, current) {
                (Some(b), Some(c)) if c.seq > b.seq && c.status != "rejected" => {
                    MeterValue(c.value).since(MeterValue(b.value))
                }
                _ => None,
            };
            let (warning, expired) = rules::verification(m.verification_due, ctx.today);
            Ok(MeterView {
                id: m.external_id.clone(),
                service,
                unit: service.unit().into(),
                serial_number: m.serial_number.clone(),
                model: m.model.clone(),
                decimals,
                status: kabinet_shared::api::meters::MeterStatus::parse(&m.status)
                    .unwrap_or_default(),
                verification_due: m.verification_due.to_string(),
                verification_warning: warning,
                verification_expired: expired,
                last_billed: billed.map(|b| LastBilled {
                    value: MeterValue(b.value).format(decimals),
                    taken_on: b.taken_on.to_string(),
                    period: b.period.clone(),
                }),
                current: current.map(|c| CurrentReading {
                    value: MeterValue(c.value).format(decimals),
                    taken_on: c.taken_on.to_string(),
                    status: status_of(&c.status),
                    number: c.number.clone(),
                    period: c.period.clone(),
                    reject_reason: c.reject_reason.clone(),
                }),
                consumption: consumption.map(|v| v.format(decimals)),
                floor: track
                    .floor(m, &window.period)
                    .map(|f| f.value.format(decimals)),
                window: wire.clone(),
            })
        })
        .collect()
}

/// A meter of the account by the billing system's id, else 404.
pub fn meter_of(
    conn: &mut DbConnection,
    account: &Account,
    id: &str,
) -> Result<Meter, DomainError> {
    meter::find_on_account(conn, account.id, id.trim())?.ok_or(DomainError::NOT_FOUND)
}

/// One page of a meter's history, newest first; the cursor is the last row's export number.
pub fn history(
    conn: &mut DbConnection,
    m: &Meter,
    cursor: Option<i64>,
    limit: i64,
) -> Result<(Vec<HistoryItem>, Option<i64>), DomainError> {
    let rows = reading::history(conn, m.id, cursor, limit + 1)?;
    let (rows, next) = super::split_page(rows, limit, |r| r.seq);
    let decimals = m.decimals();
    let items = rows
        .iter()
        .map(|r| HistoryItem {
            id: r.id,
            number: r.number.clone(),
            value: MeterValue(r.value).format(decimals),
            taken_on: r.taken_on.to_string(),
            submitted_at: shown(r.submitted_at),
            period: r.period.clone(),
            status: status_of(&r.status),
            source: source_of(&r.source),
            flagged: r.flagged,
            reject_reason: r.reject_reason.clone(),
        })
        .collect();
    Ok((items, next))
}

/// Months of the chart.
pub const CHART_MONTHS: u32 = 24;

/// Consumption per month for the last 24 months up to this one, oldest first. A
/// month's reading is its billed one, else its latest received one; its consumption is the
/// rise since the previous month that has a reading (a new meter starts from its initial
/// value). Months without a reading have none.
pub fn consumption(
    conn: &mut DbConnection,
    account: &Account,
    m: &Meter,
    ctx: &Context,
) -> Result<Vec<MonthlyUse>, DomainError> {
    let window = rules::window_state(ctx.today, ctx.window_of(conn, account)?);
    let track = Track::load(conn, &[m])?.pop().unwrap_or(Track {
        readings: Vec::new(),
    });
    let mut per_period: BTreeMap<&str, (bool, i64, i64)> = BTreeMap::new();
    for r in track.readings.iter().filter(|r| r.status != "rejected") {
        let billed = r.status == "billed";
        let entry = per_period
            .entry(r.period.as_str())
            .or_insert((billed, r.seq, r.value));
        // Billed beats received; among equals the later one wins.
        if (billed, r.seq) > (entry.0, entry.1) {
            *entry = (billed, r.seq, r.value);
        }
    }
    // The chart ends this month, or next month once a reading already counts for it (sent
    // after this month's window): never in empty months to come.
    let last = if per_period.contains_key(window.period.as_str()) {
        window.period.clone()
    } else {
        rules::period_of(ctx.today)
    };
    let first = months_before(&last, CHART_MONTHS - 1).unwrap_or_default();
    let mut previous: Option<i64> = m.initial_value;
    let mut out = Vec::new();
    for (period, (_, _, value)) in &per_period {
        if *period >= first.as_str() && *period <= last.as_str() {
            let used = previous.and_then(|p| MeterValue(*value).since(MeterValue(p)));
            out.push((period.to_string(), used));
        }
        previous = Some(*value);
    }
    let decimals = m.decimals();
    let mut series = Vec::with_capacity(24);
    for back in (0..CHART_MONTHS).rev() {
        let period = months_before(&last, back).unwrap_or_default();
        let used = out.iter().find(|(p, _)| *p == period).and_then(|(_, u)| *u);
        series.push(MonthlyUse {
            period,
            consumption: used.map(|u| u.format(decimals)),
        });
    }
    Ok(series)
}

/// What a value would cost at today's tariff, since the last billed reading; nothing saved.
pub fn preview(
    conn: &mut DbConnection,
    account: &Account,
    m: &Meter,
    text: &str,
    ctx: &Context,
) -> Result<Preview, DomainError> {
    let decimals = m.decimals();
    let value = super::parse_value(text, decimals, "value")?;
    let window = rules::window_state(ctx.today, ctx.window_of(conn, account)?);
    let track = Track::load(conn, &[m])?.pop().unwrap_or(Track {
        readings: Vec::new(),
    });
    let floor = track.floor(m, &window.period);
    super::not_below(value, floor.as_ref(), decimals)?;
    let base = track
        .last_billed()
        .map(|b| MeterValue(b.value))
        .or(m.initial_value.map(MeterValue))
        .or(floor.map(|f| f.value))
        .unwrap_or(value);
    let used = value.since(base).unwrap_or_default();
    let service = service_of(m)?;
    let price = tariff::price_on(conn, service.as_str(), ctx.today)?.map(Kopecks);
    Ok(Preview {
        consumption: used.format(decimals),
        unit: service.unit().into(),
        tariff: price,
        amount: price.and_then(|p| value_rules::charge(used, p)),
    })
}
