//! Gathers what a receipt shows for one account and month: the month's statement row, the
//! readings its bill used, and where to send readings — four queries, then the PDF is drawn
//! off the database connection (`receipt::render`).

use kabinet_shared::money::Kopecks;
use kabinet_shared::reading::MeterValue;

use super::receipt::{ReceiptData, ReceiptReading};
use super::statement::{self, Month};
use crate::db::models::account::Account;
use crate::db::models::reading;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use kabinet_shared::ErrorCode;

/// The receipt of `account` for `month`; `no_receipt` when nothing was charged that month.
pub fn receipt_data(
    conn: &mut DbConnection,
    account: &Account,
    month: Month,
    public_url: &str,
) -> Result<ReceiptData, DomainError> {
    let s = statement::statement(conn, account, month, month)?;
    let m = s
        .months
        .into_iter()
        .next()
        .filter(|m| !m.charges.is_empty())
        .ok_or(DomainError::Rule(ErrorCode::NoReceipt))?;
    let readings = reading::used_in_period(conn, account.id, &m.period)?
        .into_iter()
        .map(
            |(service, serial_number, decimals, value, taken_on)| ReceiptReading {
                service,
                serial_number,
                value: MeterValue(value).format(u8::try_from(decimals).unwrap_or(3)),
                taken_on: taken_on.to_string(),
            },
        )
        .collect();
    let address = [
        Some(account.settlement.as_str()),
        Some(account.street.as_str()),
        Some(account.house.as_str())
            .map(|h| h.trim())
            .filter(|h| !h.is_empty()),
        account.flat.as_deref().filter(|f| !f.trim().is_empty()),
    ];
    let mut parts: Vec<String> = Vec::new();
    for (i, part) in address.into_iter().enumerate() {
        if let Some(p) = part {
            parts.push(match i {
                2 => format!("д. {p}"),
                3 => format!("кв. {p}"),
                _ => p.to_owned(),
            });
        }
    }
    Ok(ReceiptData {
        account: account.number.clone(),
        owner_name: account.owner_name.clone(),
        address: parts.join(", "),
        period: m.period.clone(),
        due_date: month.plus(1).first_day() + chrono::Duration::days(14),
        opening: m.opening,
        charges: m.charges,
        payments: m.payments,
        total_due: Kopecks(m.closing.0),
        readings,
        readings_url: format!(
            "{}/accounts/{}/meters",
            public_url.trim_end_matches('/'),
            account.number
        ),
    })
}
