//! «История начислений и оплат»: the month-by-month statement (opening + charged − paid =
//! closing, with service lines, recalculations and penalties apart, and payments), its CSV
//! form, and the plain paginated lists of charges and payments. A statement costs one query
//! whatever its length (`db::models::ledger`: its charges, its payments, the sums before it and
//! in all, and the ledger version a rendered statement is kept under, in one `UNION ALL`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{Datelike, NaiveDate};
use kabinet_shared::api::billing::{
    ChargeItem, ChargeKind, PaymentChannel, PaymentItem, Statement, StatementCharge,
    StatementMonth, StatementPayment, StatementTotals,
};
use kabinet_shared::money::{Kopecks, Quantity};
use kabinet_shared::validate::csv_cell;

use super::charges::parse_period;
use crate::db::models::account::Account;
use crate::db::models::charge::{self, Charge};
use crate::db::models::ledger;
use crate::db::models::payment::{self, Payment};
use crate::db::DbConnection;
use crate::domain::clock::shown;
use crate::domain::error::DomainError;

/// The longest statement, in months (ten years).
pub const MAX_MONTHS: u32 = 120;

/// A month as (year, month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Self> {
        let p = parse_period(text)?;
        let (y, m) = p.split_once('-')?;
        Some(Self {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
        })
    }

    /// The month of a date.
    pub fn of(day: NaiveDate) -> Self {
        Self {
            year: day.year(),
            month: day.month(),
        }
    }

    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    fn from_index(index: i64) -> Self {
        Self {
            year: i32::try_from(index.div_euclid(12)).unwrap_or(2000),
            month: u32::try_from(index.rem_euclid(12) + 1).unwrap_or(1),
        }
    }

    /// `n` months later (earlier when negative).
    pub fn plus(self, n: i64) -> Self {
        Self::from_index(self.index() + n)
    }

    /// The first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    /// The last day.
    pub fn last_day(self) -> NaiveDate {
        self.plus(1).first_day().pred_opt().unwrap_or_default()
    }

    /// Months from `self` to `to`, both included.
    pub fn span(self, to: Self) -> i64 {
        to.index() - self.index() + 1
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// What range a statement covers: `from`/`to` as given, else the twelve months to this one.
pub fn range(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> Result<(Month, Month), DomainError> {
    let month = |field: &'static str, text: Option<&str>| -> Result<Option<Month>, DomainError> {
        text.map(|t| {
            Month::parse(t)
                .ok_or_else(|| DomainError::field(field, "invalid", "a month as YYYY-MM"))
        })
        .transpose()
    };
    let to_m = month("to", to)?.unwrap_or(Month::of(today));
    let from_m = month("from", from)?.unwrap_or(to_m.plus(-11));
    if from_m > to_m {
        return Err(DomainError::field(
            "from",
            "after_to",
            "from must not be after to",
        ));
    }
    if from_m.span(to_m) > i64::from(MAX_MONTHS) {
        return Err(DomainError::field("from", "too_long", "at most 120 months"));
    }
    Ok((from_m, to_m))
}

fn kind_of(stored: &str) -> Result<ChargeKind, DomainError> {
    ChargeKind::parse(stored)
        .ok_or_else(|| DomainError::Internal(format!("stored charge kind {stored:?}")))
}

fn channel_of(stored: &str) -> PaymentChannel {
    PaymentChannel::parse(stored).unwrap_or(PaymentChannel::Office)
}

fn line_of(c: Charge) -> Result<StatementCharge, DomainError> {
    Ok(StatementCharge {
        kind: kind_of(&c.kind)?,
        service: c.service,
        quantity: c.quantity.map(Quantity),
        unit: c.unit,
        tariff: c.tariff_kopecks.map(Kopecks),
        amount: Kopecks(c.amount_kopecks),
        comment: c.comment,
    })
}

fn payment_of(p: &Payment) -> StatementPayment {
    StatementPayment {
        paid_at: shown(p.moment()),
        amount: Kopecks(p.amount_kopecks),
        channel: channel_of(&p.source),
    }
}

/// The statement of `account` for `from..=to`.
pub fn statement(
    conn: &mut DbConnection,
    account: &Account,
    from: Month,
    to: Month,
) -> Result<Statement, DomainError> {
    Ok(versioned(conn, account, from, to)?.0)
}

/// [`statement`] with the account's ledger version read in the same snapshot (what a rendered
/// statement is cached under: it stays right while the version does).
pub fn versioned(
    conn: &mut DbConnection,
    account: &Account,
    from: Month,
    to: Month,
) -> Result<(Statement, i64), DomainError> {
    // One query, so one snapshot: a re-upload committed meanwhile cannot leave the months and
    // the debt disagreeing.
    let ledger::Ledger {
        charges,
        payments,
        charged_before,
        charged_all,
        paid_before,
        paid_all,
        version,
    } = ledger::read(
        conn,
        account.id,
        (&from.to_string(), &to.to_string()),
        (from.first_day(), to.last_day()),
    )?;
    // Charges come ordered by period and payments by day: each month takes its run of both
    // in one pass, the rows moved, not copied.
    let mut charges = charges.into_iter().peekable();
    let mut payments = payments.into_iter().peekable();
    let mut months = Vec::new();
    let mut opening = charged_before - paid_before;
    let (mut total_charged, mut total_paid) = (0_i64, 0_i64);
    for i in 0..from.span(to) {
        let month = from.plus(i);
        let period = month.to_string();
        let mut lines = Vec::new();
        while let Some(c) = charges.next_if(|c| c.period <= period) {
            if c.period == period {
                lines.push(line_of(c)?);
            }
        }
        let mut paid_in = Vec::new();
        while let Some(p) = payments.next_if(|p| Month::of(p.paid_on) <= month) {
            if Month::of(p.paid_on) == month {
                paid_in.push(p);
            }
        }
        let charged: i64 = lines.iter().map(|l| l.amount.0).sum();
        let paid: i64 = paid_in.iter().map(|p| p.amount_kopecks).sum();
        let closing = opening + charged - paid;
        months.push(StatementMonth {
            period,
            opening: Kopecks(opening),
            charged: Kopecks(charged),
            paid: Kopecks(paid),
            closing: Kopecks(closing),
            charges: lines,
            payments: paid_in.iter().map(payment_of).collect(),
        });
        total_charged += charged;
        total_paid += paid;
        opening = closing;
    }
    let statement = Statement {
        account: account.number.clone(),
        from: from.to_string(),
        to: to.to_string(),
        months,
        totals: StatementTotals {
            charged: Kopecks(total_charged),
            paid: Kopecks(total_paid),
        },
        debt: Kopecks(charged_all - paid_all),
    };
    Ok((statement, version))
}

/// Money for a Russian spreadsheet: `1234,56`.
fn money_cell(k: Kopecks) -> String {
    k.to_string().replace('.', ",")
}

fn optional_cell<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string().replace('.', ","))
        .unwrap_or_default()
}

/// A statement as CSV for a Russian spreadsheet: UTF-8 with a BOM, `;` between cells, decimal
/// commas, one row per month followed by its lines; every text cell goes through `csv_cell`
/// (quoted, and defused against formula injection).
pub fn csv(statement: &Statement) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(
        "Период;Строка;Услуга;Объём;Ед.;Тариф;Сумма;Комментарий;Сальдо на начало;Начислено;Оплачено;Сальдо на конец\r\n",
    );
    let row = |out: &mut String, cells: &[String]| {
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    };
    for m in &statement.months {
        row(
            &mut out,
            &[
                m.period.clone(),
                "Итого за месяц".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                money_cell(m.opening),
                money_cell(m.charged),
                money_cell(m.paid),
                money_cell(m.closing),
            ],
        );
        for c in &m.charges {
            let kind = match c.kind {
                ChargeKind::Regular => "Начисление",
                ChargeKind::Recalculation => "Перерасчёт",
                ChargeKind::Penalty => "Пени",
            };
            row(
                &mut out,
                &[
                    m.period.clone(),
                    kind.into(),
                    csv_cell(&c.service),
                    optional_cell(c.quantity),
                    csv_cell(c.unit.as_deref().unwrap_or("")),
                    optional_cell(c.tariff),
                    money_cell(c.amount),
                    csv_cell(c.comment.as_deref().unwrap_or("")),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
            );
        }
        for p in &m.payments {
            row(
                &mut out,
                &[
                    m.period.clone(),
                    "Оплата".into(),
                    csv_cell(p.channel.as_str()),
                    String::new(),
                    String::new(),
                    String::new(),
                    money_cell(p.amount),
                    csv_cell(&p.paid_at),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
            );
        }
    }
    row(
        &mut out,
        &[
            "Итого".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            money_cell(statement.totals.charged),
            money_cell(statement.totals.paid),
            money_cell(statement.debt),
        ],
    );
    out
}

fn encode(prefix: &str, key: &str, id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{prefix}:{key}:{id}"))
}

fn decode(prefix: &str, cursor: Option<&str>) -> Result<Option<(String, i64)>, DomainError> {
    let Some(cursor) = cursor.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let bad = || DomainError::field("cursor", "invalid", "not a cursor this list gave");
    let raw = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let mut parts = text.splitn(3, ':');
    if parts.next() != Some(prefix) {
        return Err(bad());
    }
    let key = parts.next().ok_or_else(bad)?.to_owned();
    let id = parts.next().and_then(|i| i.parse().ok()).ok_or_else(bad)?;
    Ok(Some((key, id)))
}

/// A page of charges, newest period first.
pub fn charges_page(
    conn: &mut DbConnection,
    account: &Account,
    cursor: Option<&str>,
    limit: i64,
) -> Result<(Vec<ChargeItem>, Option<String>), DomainError> {
    let before = decode("c", cursor)?;
    if before
        .as_ref()
        .is_some_and(|(p, _)| parse_period(p).is_none())
    {
        return Err(DomainError::field(
            "cursor",
            "invalid",
            "not a cursor this list gave",
        ));
    }
    let mut rows = charge::page(conn, account.id, before, limit + 1)?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(0);
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    let next = more
        .then(|| rows.last().map(|c| encode("c", &c.period, c.id)))
        .flatten();
    let items = rows
        .into_iter()
        .map(|c| {
            let (id, period) = (c.id, c.period.clone());
            let line = line_of(c)?;
            Ok(ChargeItem {
                id,
                period,
                service: line.service,
                quantity: line.quantity,
                unit: line.unit,
                tariff: line.tariff,
                amount: line.amount,
                kind: line.kind,
                comment: line.comment,
            })
        })
        .collect::<Result<Vec<_>, DomainError>>()?;
    Ok((items, next))
}

/// A page of payments, newest first.
pub fn payments_page(
    conn: &mut DbConnection,
    account: &Account,
    cursor: Option<&str>,
    limit: i64,
) -> Result<(Vec<PaymentItem>, Option<String>), DomainError> {
    let before = match decode("p", cursor)? {
        None => None,
        Some((day, id)) => Some((
            NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| {
                DomainError::field("cursor", "invalid", "not a cursor this list gave")
            })?,
            id,
        )),
    };
    let rows = payment::page(conn, account.id, before, limit + 1)?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(0);
    let rows = &rows[..rows.len().min(usize::try_from(limit).unwrap_or(0))];
    let next = more
        .then(|| {
            rows.last()
                .map(|p| encode("p", &p.paid_on.to_string(), p.id))
        })
        .flatten();
    let items = rows
        .iter()
        .map(|p| PaymentItem {
            id: p.id,
            paid_at: shown(p.moment()),
            amount: Kopecks(p.amount_kopecks),
            channel: channel_of(&p.source),
        })
        .collect();
    Ok((items, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_span_years_and_default_to_the_last_twelve() {
        let today = NaiveDate::from_ymd_opt(2026, 2, 10).unwrap_or_default();
        let (from, to) = range(None, None, today).unwrap_or_else(|_| panic!("range"));
        assert_eq!(
            (from.to_string(), to.to_string()),
            ("2025-03".into(), "2026-02".into())
        );
        assert_eq!(from.span(to), 12);
        assert_eq!(
            Month::parse("2024-02").map(|m| m.last_day().day()),
            Some(29)
        );
        assert!(range(Some("2026-03"), Some("2026-02"), today).is_err());
        assert!(range(Some("2000-01"), Some("2026-02"), today).is_err());
        assert!(range(Some("2026-1"), None, today).is_err());
    }

    #[test]
    fn csv_cells_are_defused_and_money_has_decimal_commas() {
        let s = Statement {
            account: "100200300".into(),
            from: "2026-10".into(),
            to: "2026-10".into(),
            months: vec![StatementMonth {
                period: "2026-10".into(),
                opening: Kopecks(-1_000),
                charged: Kopecks(250_050),
                paid: Kopecks(0),
                closing: Kopecks(249_050),
                charges: vec![StatementCharge {
                    service: "heating".into(),
                    quantity: Some(Quantity(12_345)),
                    unit: Some("Gcal".into()),
                    tariff: Some(Kopecks(202_550)),
                    amount: Kopecks(250_050),
                    kind: ChargeKind::Recalculation,
                    comment: Some("=HYPERLINK(\"x\");a".into()),
                }],
                payments: vec![],
            }],
            totals: StatementTotals {
                charged: Kopecks(250_050),
                paid: Kopecks(0),
            },
            debt: Kopecks(249_050),
        };
        let text = csv(&s);
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("2026-10;Итого за месяц;;;;;;;-10,00;2500,50;0,00;2490,50\r\n"));
        assert!(text.contains("2026-10;Перерасчёт;heating;1,2345;Gcal;2025,50;2500,50;\"'=HYPERLINK(\"\"x\"\");a\";;;;\r\n"));
    }
}
