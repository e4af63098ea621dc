//! Meters and tariffs the billing system uploads, as rows of the one bulk pipeline
//! (`domain::bulk`). A meter row may replace another meter (the old one is marked `replaced`
//! and its final reading recorded as billed) and may carry the last billed reading, which is
//! recorded once however often the row is sent again.

use std::collections::HashMap;

use chrono::NaiveDate;
use kabinet_shared::api::integration::{BulkResult, RowError};
use kabinet_shared::api::meters::{MeterRow, TariffRow};
use kabinet_shared::reading::MeterValue;
use kabinet_shared::validate;

use super::rules::period_of;
use crate::db::models::account;
use crate::db::models::meter::{self, MeterFields};
use crate::db::models::reading::{self, NewReading};
use crate::db::models::tariff::{self, TariffData};
use crate::db::DbConnection;
use crate::domain::bulk::Upsert;
use crate::domain::error::DomainError;

fn text(field: &str, value: &str, max: usize) -> Result<String, String> {
    validate::plain_text(value, max).map_err(|code| format!("{field}: {code}"))
}

fn date(field: &str, value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{field}: must be YYYY-MM-DD"))
}

fn value(field: &str, text: &str, decimals: u8) -> Result<i64, String> {
    MeterValue::parse(text, decimals)
        .map(|v| v.0)
        .map_err(|e| format!("{field}: {}", e.code()))
}

/// A billed reading to record: `(value, taken_on, period)`.
type Billed = (i64, NaiveDate, String);

/// A meter row's stored fields, and what follows them (never compared: the follow-up is
/// recorded idempotently on its own).
#[derive(Debug, Clone)]
pub struct MeterData {
    pub fields: MeterFields,
    /// The old meter's id, its final reading and the day it was replaced.
    replaces: Option<(i64, i64, NaiveDate)>,
    last_billed: Option<Billed>,
}

impl PartialEq for MeterData {
    fn eq(&self, other: &Self) -> bool {
        self.fields == other.fields
    }
}

/// A meter row, validated; the account and the replaced meter are resolved per batch.
pub struct Meter {
    data: MeterData,
    account: String,
    replaces: Option<(String, i64)>,
}

impl Upsert for Meter {
    type Row = MeterRow;
    type Data = MeterData;

    fn parse(row: MeterRow) -> Result<Self, String> {
        if row.decimals > 4 {
            return Err("decimals: must be 0–4".into());
        }
        let installed_on = row
            .installed_on
            .as_deref()
            .map(|d| date("installed_on", d))
            .transpose()?;
        let status = row.status.unwrap_or_default();
        let replaces = match &row.replaces {
            None => None,
            Some(r) => {
                if installed_on.is_none() {
                    return Err("installed_on: required when the meter replaces another".into());
                }
                if r.id.trim() == row.id.trim() {
                    return Err("replaces.id: a meter cannot replace itself".into());
                }
                Some((
                    r.id.trim().to_owned(),
                    value("replaces.final_reading", &r.final_reading, 4)?,
                ))
            }
        };
        let initial_value = row
            .initial_reading
            .as_deref()
            .map(|v| value("initial_reading", v, row.decimals))
            .transpose()?;
        let last_billed = match &row.last_billed {
            None => None,
            Some(b) => {
                let taken_on = date("last_billed.taken_on", &b.taken_on)?;
                let period = b.period.trim();
                if NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d").is_err() {
                    return Err("last_billed.period: must be YYYY-MM".into());
                }
                Some((
                    value("last_billed.value", &b.value, row.decimals)?,
                    taken_on,
                    period.to_owned(),
                ))
            }
        };
        let model = match row.model.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(m) => Some(text("model", m, 100)?),
        };
        Ok(Self {
            data: MeterData {
                fields: MeterFields {
                    external_id: text("id", &row.id, 64)?,
                    account_id: 0,
                    service: row.service.as_str().to_owned(),
                    serial_number: text("serial_number", &row.serial_number, 64)?,
                    model,
                    installed_on,
                    decimal_places: i32::from(row.decimals),
                    verification_due: date("verification_due", &row.verification_due)?,
                    status: status.as_str().to_owned(),
                    removed_on: None,
                    replaces_id: None,
                    initial_value,
                },
                replaces: None,
                last_billed,
            },
            account: row.account.trim().to_owned(),
            replaces,
        })
    }

    fn key(&self) -> &str {
        &self.data.fields.external_id
    }

    fn data_key(data: &MeterData) -> &str {
        &data.fields.external_id
    }

    /// Resolves the batch's accounts and replaced meters in two queries.
    fn prepare(
        conn: &mut DbConnection,
        batch: Vec<(u64, Self)>,
        result: &mut BulkResult,
    ) -> Result<Vec<MeterData>, DomainError> {
        let numbers: Vec<String> = batch.iter().map(|(_, m)| m.account.clone()).collect();
        let accounts: HashMap<String, i64> = account::find_many(conn, &numbers)?
            .into_iter()
            .map(|a| (a.number, a.id))
            .collect();
        let old_ids: Vec<String> = batch
            .iter()
            .filter_map(|(_, m)| m.replaces.as_ref().map(|(id, _)| id.clone()))
            .collect();
        let olds: HashMap<String, (i64, i64)> = meter::find_many(conn, &old_ids)?
            .into_iter()
            .map(|m| (m.external_id, (m.id, m.account_id)))
            .collect();
        let mut rows = Vec::with_capacity(batch.len());
        for (line, m) in batch {
            let mut data = m.data;
            let Some(&account_id) = accounts.get(&m.account) else {
                result.add_error(RowError {
                    line,
                    reason:
                        "account: unknown account (upload it with PUT /integration/accounts first)"
                            .into(),
                });
                continue;
            };
            data.fields.account_id = account_id;
            if let Some((old, final_value)) = m.replaces {
                match olds.get(&old) {
                    Some(&(old_id, old_account)) if old_account == account_id => {
                        let on = data.fields.installed_on.unwrap_or(NaiveDate::MIN);
                        data.fields.replaces_id = Some(old_id);
                        data.fields.initial_value.get_or_insert(0);
                        data.replaces = Some((old_id, final_value, on));
                    }
                    _ => {
                        result.add_error(RowError {
                            line,
                            reason: "replaces.id: no such meter on this account".into(),
                        });
                        continue;
                    }
                }
            }
            rows.push(data);
        }
        Ok(rows)
    }

    fn find(
        conn: &mut DbConnection,
        keys: &[String],
    ) -> Result<Vec<(i64, MeterData)>, DomainError> {
        Ok(meter::find_many(conn, keys)?
            .iter()
            .map(|m| {
                (
                    m.id,
                    MeterData {
                        fields: MeterFields::from(m),
                        replaces: None,
                        last_billed: None,
                    },
                )
            })
            .collect())
    }

    fn insert_new(conn: &mut DbConnection, rows: &[MeterData]) -> Result<Vec<String>, DomainError> {
        let fields: Vec<MeterFields> = rows.iter().map(|r| r.fields.clone()).collect();
        Ok(meter::insert_many(conn, &fields)?)
    }

    fn update(conn: &mut DbConnection, id: i64, data: &MeterData) -> Result<(), DomainError> {
        Ok(meter::update(conn, id, &data.fields)?)
    }

    /// Retires replaced meters with their final reading and records billed readings, each
    /// only once.
    fn settle(conn: &mut DbConnection, rows: &[MeterData]) -> Result<(), DomainError> {
        let mut billed: Vec<(i64, i64, Billed)> = Vec::new();
        for r in rows {
            if let Some((old_id, final_value, on)) = r.replaces {
                meter::retire(conn, old_id, on)?;
                billed.push((
                    old_id,
                    r.fields.account_id,
                    (final_value, on, period_of(on)),
                ));
            }
        }
        let wanted: Vec<String> = rows
            .iter()
            .filter(|r| r.last_billed.is_some())
            .map(|r| r.fields.external_id.clone())
            .collect();
        if !wanted.is_empty() {
            let ids: HashMap<String, i64> = meter::find_many(conn, &wanted)?
                .into_iter()
                .map(|m| (m.external_id, m.id))
                .collect();
            for r in rows {
                if let (Some(b), Some(&id)) = (&r.last_billed, ids.get(&r.fields.external_id)) {
                    billed.push((id, r.fields.account_id, b.clone()));
                }
            }
        }
        for (meter_id, account_id, (value, taken_on, period)) in billed {
            if reading::has_billed(conn, meter_id, value, &period)? {
                continue;
            }
            reading::insert(
                conn,
                &NewReading {
                    meter_id,
                    account_id,
                    value,
                    taken_on,
                    period: &period,
                    in_window: true,
                    source: "integrator",
                    status: "billed",
                    flag_reason: None,
                    submitted_by: None,
                    client_id: None,
                },
            )?;
        }
        Ok(())
    }
}

/// A tariff row, validated.
pub struct Tariff(TariffData);

impl Upsert for Tariff {
    type Row = TariffRow;
    type Data = TariffData;

    fn parse(row: TariffRow) -> Result<Self, String> {
        if row.unit.trim() != row.service.unit() {
            return Err(format!(
                "unit: must be {} for {}",
                row.service.unit(),
                row.service.as_str()
            ));
        }
        if row.price.0 < 0 {
            return Err("price: negative".into());
        }
        let valid_from = date("valid_from", &row.valid_from)?;
        let valid_to = row
            .valid_to
            .as_deref()
            .map(|d| date("valid_to", d))
            .transpose()?;
        if valid_to.is_some_and(|to| to < valid_from) {
            return Err("valid_to: before valid_from".into());
        }
        Ok(Self(TariffData {
            service: row.service.as_str().to_owned(),
            price_kopecks: row.price.0,
            unit: row.service.unit().to_owned(),
            valid_from,
            valid_to,
            tariff_key: tariff::key(row.service.as_str(), valid_from),
        }))
    }

    fn key(&self) -> &str {
        &self.0.tariff_key
    }

    fn data_key(data: &TariffData) -> &str {
        &data.tariff_key
    }

    fn prepare(
        _: &mut DbConnection,
        batch: Vec<(u64, Self)>,
        _: &mut BulkResult,
    ) -> Result<Vec<TariffData>, DomainError> {
        Ok(batch.into_iter().map(|(_, Tariff(d))| d).collect())
    }

    fn find(
        conn: &mut DbConnection,
        keys: &[String],
    ) -> Result<Vec<(i64, TariffData)>, DomainError> {
        Ok(tariff::find_many(conn, keys)?)
    }

    fn insert_new(
        conn: &mut DbConnection,
        rows: &[TariffData],
    ) -> Result<Vec<String>, DomainError> {
        Ok(tariff::insert_many(conn, rows)?)
    }

    fn update(conn: &mut DbConnection, id: i64, data: &TariffData) -> Result<(), DomainError> {
        Ok(tariff::update(conn, id, data)?)
    }
}
