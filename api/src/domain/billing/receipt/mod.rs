//! The monthly receipt (квитанция) as an A4 PDF: the month's balance, charges, recalculations,
//! penalties, payments and the meter readings used, with two QR codes — one a bank app pays
//! by (GOST R 56042-2014), one that opens the account's meters page. Pure: the caller gathers
//! the data; rendering takes a few milliseconds and touches neither the disk nor the network.

mod canvas;
mod compose;
mod fonts;
mod payload;
mod qr;
mod table;
mod words;

use kabinet_shared::api::billing::{StatementCharge, StatementPayment};
use kabinet_shared::money::Kopecks;

use super::requisites::Requisites;
pub use payload::gost_payload;

/// Everything one receipt shows about the account and its month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptData {
    pub account: String,
    /// Surname, given name, patronymic: `"Иванова Мария Петровна"`.
    pub owner_name: String,
    pub address: String,
    /// `YYYY-MM`.
    pub period: String,
    /// The 15th of the next month.
    pub due_date: chrono::NaiveDate,
    /// The debt at the start of the month; negative is a credit.
    pub opening: Kopecks,
    /// Regular charges, recalculations and penalties of the month.
    pub charges: Vec<StatementCharge>,
    pub payments: Vec<StatementPayment>,
    /// `opening + charged − paid`; zero or less means nothing to pay.
    pub total_due: Kopecks,
    pub readings: Vec<ReceiptReading>,
    /// The absolute URL of this account's meters page (the second QR code).
    pub readings_url: String,
}

/// A meter reading the month's charges were computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptReading {
    pub service: String,
    pub serial_number: String,
    /// As the resident submitted it, e.g. `"1234.567"`.
    pub value: String,
    /// `YYYY-MM-DD`.
    pub taken_on: String,
}

/// The receipt as PDF bytes. Fails only if a QR payload cannot be encoded (a URL or address
/// of thousands of characters) or the embedded fonts are unreadable.
pub fn render(req: &Requisites, data: &ReceiptData) -> Result<Vec<u8>, String> {
    let faces = fonts::faces()?;
    let pages = compose::compose(faces, req, data)?;
    let title = format!(
        "Квитанция на оплату за {}, л/с {}",
        words::period_name(&data.period),
        data.account
    );
    canvas::to_pdf(faces, &pages, &title)
}

/// An ASCII download name, `kvitanciya-100200300-2026-10.pdf`: any other character becomes `_`,
/// so it is safe in a `Content-Disposition` header as it is.
pub fn file_name(data: &ReceiptData) -> String {
    let safe = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    format!(
        "kvitanciya-{}-{}.pdf",
        safe(&data.account),
        safe(&data.period)
    )
}

#[cfg(test)]
mod tests;
