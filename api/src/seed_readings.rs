//! Demo meters, tariffs and two years of readings: a hot-water meter (3 decimals) and a heat
//! meter (4 decimals, Gcal, seasonal) per demo account, monthly readings taken on the 22nd and
//! billed, except one confirmed-as-unusual reading left flagged for the operator on the second
//! account. The demo resident's heat meter is due for verification in 45 days, so its warning
//! shows.

use chrono::{Datelike, Duration, NaiveDate};

use crate::db::models::meter::{self, MeterFields};
use crate::db::models::reading::{self, NewReading};
use crate::db::models::tariff::{self, TariffData};
use crate::db::DbConnection;
use crate::domain::readings::rules::{months_before, period_of};

/// Months of demo history.
const MONTHS: u32 = 24;

/// Tariffs: `(service, unit, price in kopecks, from, to)`.
const TARIFFS: [(&str, &str, i64, &str, Option<&str>); 5] = [
    ("hot_water", "m3", 18_560, "2025-07-01", Some("2026-06-30")),
    ("hot_water", "m3", 19_824, "2026-07-01", None),
    ("heating", "gcal", 221_340, "2025-07-01", Some("2026-06-30")),
    ("heating", "gcal", 234_567, "2026-07-01", None),
    ("cold_water", "m3", 4_510, "2025-07-01", None),
];

/// Uploads the demo tariffs (once).
pub fn seed_tariffs(conn: &mut DbConnection) -> anyhow::Result<()> {
    let rows: Vec<TariffData> = TARIFFS
        .iter()
        .filter_map(|&(service, unit, price, from, to)| {
            let valid_from = NaiveDate::parse_from_str(from, "%Y-%m-%d").ok()?;
            Some(TariffData {
                service: service.into(),
                price_kopecks: price,
                unit: unit.into(),
                valid_from,
                valid_to: to.and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()),
                tariff_key: tariff::key(service, valid_from),
            })
        })
        .collect();
    tariff::insert_many(conn, &rows)?;
    Ok(())
}

/// The first day of a `YYYY-MM` period.
fn first_day(period: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d").ok()
}

/// Heat use in ten-thousandths of a Gcal for a month: the heating season is October–April.
fn heat_use(month: u32, wobble: i64) -> i64 {
    match month {
        12 | 1 | 2 => 17_000 + wobble,
        10 | 11 | 3 | 4 => 9_000 + wobble,
        _ => 0,
    }
}

/// Adds the two meters of a demo account with their history (`index` varies the numbers).
pub fn seed_meters(
    conn: &mut DbConnection,
    account_id: i64,
    number: &str,
    index: usize,
    today: NaiveDate,
    linked: bool,
) -> anyhow::Result<()> {
    let spread = i64::try_from(index).unwrap_or(0);
    let installed = first_day(&months_before(&period_of(today), MONTHS + 1).unwrap_or_default())
        .unwrap_or(today);
    let heat_due = if linked {
        today + Duration::days(45)
    } else {
        today + Duration::days(700 + 30 * spread)
    };
    let meters = [
        (
            "1",
            "hot_water",
            "СГВ-15",
            3,
            today + Duration::days(900 + 60 * spread),
            1_234_500 + spread * 50_000,
        ),
        (
            "2",
            "heating",
            "Пульсар Т",
            4,
            heat_due,
            45_000 + spread * 3_000,
        ),
    ];
    for (suffix, service, model, decimals, due, start) in meters {
        let fields = MeterFields {
            external_id: format!("M-{number}-{suffix}"),
            account_id,
            service: service.into(),
            serial_number: format!(
                "{}-{}",
                if service == "heating" {
                    "ТЕП"
                } else {
                    "ГВС"
                },
                410_000 + spread * 7 + i64::from(decimals)
            ),
            model: Some(model.into()),
            installed_on: Some(installed),
            decimal_places: decimals,
            verification_due: due,
            status: "active".into(),
            removed_on: None,
            replaces_id: None,
            initial_value: Some(start),
        };
        meter::insert_many(conn, std::slice::from_ref(&fields))?;
        let Some(stored) = meter::find_many(conn, std::slice::from_ref(&fields.external_id))?.pop()
        else {
            continue;
        };
        let current = period_of(today);
        let mut value = start;
        for back in (1..=MONTHS).rev() {
            let period = months_before(&current, back).unwrap_or_default();
            let Some(day) = first_day(&period).and_then(|d| d.with_day(22)) else {
                continue;
            };
            let wobble = (i64::from(back) * 37 + spread * 11) % 9 * 100;
            value += if service == "heating" {
                heat_use(day.month(), wobble)
            } else {
                31_000 + wobble * 3
            };
            reading::insert(
                conn,
                &NewReading {
                    meter_id: stored.id,
                    account_id,
                    value,
                    taken_on: day,
                    period: &period,
                    in_window: true,
                    source: if back % 7 == 3 {
                        "estimated"
                    } else {
                        "resident"
                    },
                    status: "billed",
                    flag_reason: None,
                    submitted_by: None,
                    client_id: None,
                },
            )?;
        }
        // The second account's hot water jumped this month, and the resident confirmed it.
        if index == 1 && service == "hot_water" {
            reading::insert(
                conn,
                &NewReading {
                    meter_id: stored.id,
                    account_id,
                    value: value + 420_000,
                    taken_on: today,
                    period: &current,
                    in_window: true,
                    source: "resident",
                    status: "received",
                    flag_reason: Some("above_average"),
                    submitted_by: None,
                    client_id: None,
                },
            )?;
        }
    }
    Ok(())
}
