//! The houses and accounts the billing system uploads, as rows of the one bulk pipeline
//! (`domain::bulk`): each says how it parses, what its key is and how it is stored.

use std::collections::HashMap;

use kabinet_shared::api::integration::{AccountRow, BulkResult, HouseRow, RowError};
use kabinet_shared::validate;

use super::window::WindowDays;
use crate::db::models::account::{self, AccountData};
use crate::db::models::house::{self, HouseData};
use crate::db::DbConnection;
use crate::domain::bulk::Upsert;
use crate::domain::error::DomainError;

/// A text field of a row; the reason names the field and the rule, never echoes the value.
fn text(field: &str, value: &str, max: usize) -> Result<String, String> {
    validate::plain_text(value, max).map_err(|code| format!("{field}: {code}"))
}

/// A house row, validated.
pub struct House(HouseData);

impl Upsert for House {
    type Row = HouseRow;
    type Data = HouseData;

    fn parse(row: HouseRow) -> Result<Self, String> {
        let window = match row.reading_window {
            None => None,
            Some(w) => {
                let days = WindowDays::new(i64::from(w.start_day), i64::from(w.end_day)).ok_or(
                    "reading_window: start_day and end_day must satisfy 1 ≤ start ≤ end ≤ 31",
                )?;
                Some((
                    i32::try_from(days.start).unwrap_or(20),
                    i32::try_from(days.end).unwrap_or(25),
                ))
            }
        };
        Ok(Self(HouseData {
            external_id: text("id", &row.id, 64)?,
            settlement: text("settlement", &row.settlement, 200)?,
            street: text("street", &row.street, 200)?,
            house: text("house", &row.house, 50)?,
            window,
        }))
    }

    fn key(&self) -> &str {
        &self.0.external_id
    }

    fn data_key(data: &HouseData) -> &str {
        &data.external_id
    }

    fn prepare(
        _: &mut DbConnection,
        batch: Vec<(u64, Self)>,
        _: &mut BulkResult,
    ) -> Result<Vec<HouseData>, DomainError> {
        Ok(batch.into_iter().map(|(_, House(data))| data).collect())
    }

    fn find(
        conn: &mut DbConnection,
        keys: &[String],
    ) -> Result<Vec<(i64, HouseData)>, DomainError> {
        Ok(house::find_many(conn, keys)?)
    }

    fn insert_new(conn: &mut DbConnection, rows: &[HouseData]) -> Result<Vec<String>, DomainError> {
        Ok(house::insert_many(conn, rows)?)
    }

    fn update(conn: &mut DbConnection, id: i64, data: &HouseData) -> Result<(), DomainError> {
        Ok(house::update(conn, id, data)?)
    }
}

/// An account row, validated; the house is resolved when the batch is saved.
pub struct Account {
    data: AccountData,
    house_key: Option<String>,
}

impl Upsert for Account {
    type Row = AccountRow;
    type Data = AccountData;

    fn parse(row: AccountRow) -> Result<Self, String> {
        let number = row.number.trim().to_owned();
        if !(6..=12).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err("number: must be 6–12 digits".into());
        }
        let owner_name =
            validate::full_name(&row.owner_name).map_err(|code| format!("owner_name: {code}"))?;
        if row.heated_area.0 < 0 || row.heated_area.0 > 10_000_000 {
            return Err("heated_area: out_of_range".into());
        }
        if !(0..=1000).contains(&row.residents) {
            return Err("residents: out_of_range".into());
        }
        let flat = match row.address.flat.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(f) => Some(text("address.flat", f, 20)?),
        };
        Ok(Self {
            data: AccountData {
                number,
                house_id: None,
                settlement: text("address.settlement", &row.address.settlement, 200)?,
                street: text("address.street", &row.address.street, 200)?,
                house: text("address.house", &row.address.house, 50)?,
                flat,
                owner_name,
                heated_area_centi: row.heated_area.0,
                residents: row.residents,
                status: row.status.as_str().to_owned(),
            },
            house_key: row
                .house_id
                .map(|h| h.trim().to_owned())
                .filter(|h| !h.is_empty()),
        })
    }

    fn key(&self) -> &str {
        &self.data.number
    }

    fn data_key(data: &AccountData) -> &str {
        &data.number
    }

    /// Resolves the houses of the whole batch in one query; a row naming an unknown house is
    /// reported and dropped.
    fn prepare(
        conn: &mut DbConnection,
        batch: Vec<(u64, Self)>,
        result: &mut BulkResult,
    ) -> Result<Vec<AccountData>, DomainError> {
        let mut house_keys: Vec<String> = batch
            .iter()
            .filter_map(|(_, a)| a.house_key.clone())
            .collect();
        house_keys.sort();
        house_keys.dedup();
        let houses: HashMap<String, i64> = house::find_many(conn, &house_keys)?
            .into_iter()
            .map(|(id, h)| (h.external_id, id))
            .collect();
        let mut rows = Vec::with_capacity(batch.len());
        for (
            line,
            Account {
                mut data,
                house_key,
            },
        ) in batch
        {
            if let Some(key) = house_key {
                match houses.get(&key) {
                    Some(id) => data.house_id = Some(*id),
                    None => {
                        result.add_error(RowError {
                            line,
                            reason: "house_id: unknown house (upload it with PUT /integration/houses first)".into(),
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
    ) -> Result<Vec<(i64, AccountData)>, DomainError> {
        Ok(account::find_many(conn, keys)?
            .iter()
            .map(|a| (a.id, AccountData::from(a)))
            .collect())
    }

    fn insert_new(
        conn: &mut DbConnection,
        rows: &[AccountData],
    ) -> Result<Vec<String>, DomainError> {
        Ok(account::insert_many(conn, rows)?)
    }

    fn update(conn: &mut DbConnection, id: i64, data: &AccountData) -> Result<(), DomainError> {
        Ok(account::update(conn, id, data)?)
    }
}
