//! `kabinet seed-demo`: demo data for trying Kabinet out. Idempotent — rows that already exist
//! (by login, house id or account number) are left as they are. The demo passwords are public
//! by design and printed; never run this against a production database.

use crate::db::models::{account, consent, house, link, rules, user};
use crate::db::DbConnection;
use crate::domain::identity::password::hash_password;

/// A demo login as printed to the person who ran the command.
pub struct DemoLogin {
    pub role: &'static str,
    pub login: &'static str,
    pub password: &'static str,
}

/// The demo logins `seed-demo` creates.
pub const DEMO_LOGINS: [DemoLogin; 2] = [
    DemoLogin {
        role: "operator",
        login: "operator",
        password: "demo-operator-2026",
    },
    DemoLogin {
        role: "resident",
        login: "ivanova",
        password: "demo-resident-2026",
    },
];

struct DemoUser {
    login: &'static str,
    full_name: &'static str,
    email: &'static str,
    phone: &'static str,
}

const DEMO_USERS: [DemoUser; 2] = [
    DemoUser {
        login: "operator",
        full_name: "Смирнова Ольга Петровна",
        email: "operator@kabinet.example",
        phone: "+79990000001",
    },
    DemoUser {
        login: "ivanova",
        full_name: "Иванова Мария Сергеевна",
        email: "ivanova@kabinet.example",
        phone: "+79991234567",
    },
];

/// (house id, settlement, street, house number)
const DEMO_HOUSES: [(&str, &str, &str, &str); 2] = [
    ("H-0001", "г. Кызыл", "ул. Ленина", "12"),
    ("H-0002", "г. Кызыл", "ул. Кочетова", "45А"),
];

/// (number, house index, flat, owner, area in centi-m², residents)
const DEMO_ACCOUNTS: [(&str, usize, &str, &str, i64, i32); 4] = [
    ("100200300", 0, "7", "Иванова Мария Сергеевна", 5_430, 3),
    ("100200301", 0, "8", "Петров Алексей Иванович", 7_210, 2),
    ("100200302", 1, "15", "Кузнецова Анна Викторовна", 4_180, 1),
    ("100200303", 1, "16", "Оюн Тимур Александрович", 6_650, 4),
];

/// Months of history each demo account gets.
pub const HISTORY_MONTHS: i64 = 24;

/// Two years of charges and payments: heating in the heating season (September to May in
/// Кызыл) with its volume and tariff, hot water every month with some variation, a
/// recalculation with its grounds and a late-payment penalty, and payments from several
/// channels that differ per account so the demo shows a debt, a credit and a settled balance.
fn seed_billing(conn: &mut DbConnection, account_id: i64, index: usize) -> anyhow::Result<()> {
    use crate::db::models::charge::{self, ChargeLine};
    use crate::db::models::payment::{self, NewPayment};
    use crate::domain::billing::statement::Month;
    use chrono::Datelike;
    let clock = crate::domain::clock::supplier();
    let today = clock.today();
    let line = |n: i32,
                service: &str,
                kind: &str,
                quantity: Option<i64>,
                unit: Option<&str>,
                tariff: Option<i64>,
                amount: i64,
                comment: Option<&str>| ChargeLine {
        account_id,
        line: n,
        service: service.into(),
        kind: kind.into(),
        quantity,
        unit: unit.map(Into::into),
        tariff_kopecks: tariff,
        amount_kopecks: amount,
        comment: comment.map(Into::into),
    };
    let channels = ["bank", "agent", "office"];
    for months_back in (1..=HISTORY_MONTHS).rev() {
        let month = Month::of(today).plus(-months_back);
        let day = month.first_day() + chrono::Duration::days(4);
        let period = month.to_string();
        let heating_season = !(6..=8).contains(&day.month());
        // Heat: Gcal × 2 456.18 ₽; hot water: m³ × 245.73 ₽ (rounded half up to the kopeck).
        let gcal = if heating_season { 12_705 } else { 0 };
        let m3 = 40_000 + 1_700 * i64::from(day.month() % 4);
        let heating = (gcal * 245_618 + 5_000) / 10_000;
        let hot_water = (m3 * 24_573 + 5_000) / 10_000;
        if heating > 0 {
            charge::add(
                conn,
                account_id,
                &period,
                &line(
                    1,
                    "heating",
                    "regular",
                    Some(gcal),
                    Some("Gcal"),
                    Some(245_618),
                    heating,
                    None,
                ),
            )?;
        }
        charge::add(
            conn,
            account_id,
            &period,
            &line(
                2,
                "hot_water",
                "regular",
                Some(m3),
                Some("m3"),
                Some(24_573),
                hot_water,
                None,
            ),
        )?;
        let mut due = heating + hot_water;
        if months_back == 5 {
            let back = -(hot_water / 4);
            charge::add(
                conn,
                account_id,
                &period,
                &line(
                    3,
                    "hot_water",
                    "recalculation",
                    None,
                    None,
                    None,
                    back,
                    Some("Перерасчёт за горячую воду: перерыв в подаче 7 дней (акт № 41)"),
                ),
            )?;
            due += back;
        }
        if months_back == 3 && index % 3 == 0 {
            charge::add(
                conn,
                account_id,
                &period,
                &line(
                    4,
                    "penalty",
                    "penalty",
                    None,
                    None,
                    None,
                    4_837,
                    Some("Пени за несвоевременную оплату (ст. 155 ЖК РФ)"),
                ),
            )?;
            due += 4_837;
        }
        let paid = match index % 3 {
            0 => due - 12_000,
            1 => due + 15_000,
            _ => due,
        };
        // Paid on the 10th of the next month, as most people pay a receipt.
        let paid_on = month.plus(1).first_day() + chrono::Duration::days(9);
        let paid_at = clock.start_of(paid_on) + chrono::Duration::hours(10);
        let channel = channels[usize::try_from(months_back).unwrap_or(0) % channels.len()];
        payment::insert_one(
            conn,
            &NewPayment {
                external_id: format!("DEMO-{account_id}-{period}"),
                account_id,
                amount_kopecks: paid,
                paid_at,
                paid_on,
                channel: channel.into(),
            },
        )?;
    }
    Ok(())
}

/// What `seed` created, for the summary line.
#[derive(Debug, Default)]
pub struct SeedReport {
    pub users_created: usize,
    pub accounts_created: usize,
}

/// The account the demo resident has linked, and one left for trying the office-code flow.
pub const LINKED_ACCOUNT: &str = "100200300";
pub const CODE_FLOW_ACCOUNT: (&str, &str) = ("100200301", "Петров Алексей Иванович");

/// Inserts whatever demo rows are missing, in one transaction per backend.
pub fn seed(conn: &mut DbConnection, today: chrono::NaiveDate) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    for (demo, login) in DEMO_USERS.iter().zip(DEMO_LOGINS.iter()) {
        if user::find_id_by_login(conn, demo.login)?.is_some() {
            continue;
        }
        let hash = hash_password(login.password)?;
        let is_resident = login.role == "resident";
        let rules_version = if is_resident {
            Some(rules::current_version(conn)?)
        } else {
            None
        };
        let id = user::insert(
            conn,
            &user::NewUser {
                login: demo.login,
                full_name: demo.full_name,
                email: demo.email,
                phone: demo.phone,
                home_phone: None,
                role: login.role,
                password_hash: &hash,
                rules_version,
                language: "ru",
            },
        )?;
        // Demo addresses count as verified, so the demo shows the notices it would send.
        user::mark_email_verified(conn, id, demo.email)?;
        if is_resident {
            for kind in consent::KINDS {
                consent::record(conn, id, kind, true)?;
            }
        }
        report.users_created += 1;
    }
    let mut house_ids = Vec::with_capacity(DEMO_HOUSES.len());
    for (external_id, settlement, street, number) in DEMO_HOUSES {
        house_ids.push(house::ensure(
            conn,
            &house::HouseData {
                external_id: external_id.into(),
                settlement: settlement.into(),
                street: street.into(),
                house: number.into(),
                window: None,
            },
        )?);
    }
    for (index, (number, house_index, flat, owner, area, residents)) in
        DEMO_ACCOUNTS.into_iter().enumerate()
    {
        if account::exists(conn, number)? {
            continue;
        }
        let (_, settlement, street, house_number) = DEMO_HOUSES[house_index];
        account::insert(
            conn,
            &account::AccountData {
                number: number.into(),
                house_id: Some(house_ids[house_index]),
                settlement: settlement.into(),
                street: street.into(),
                house: house_number.into(),
                flat: Some(flat.into()),
                owner_name: owner.into(),
                heated_area_centi: area,
                residents,
                status: "open".into(),
            },
        )?;
        let id = account::find(conn, number)?
            .map(|a| a.id)
            .ok_or(diesel::result::Error::NotFound)?;
        seed_billing(conn, id, index)?;
        crate::seed_readings::seed_meters(
            conn,
            id,
            number,
            index,
            today,
            number == LINKED_ACCOUNT,
        )?;
        report.accounts_created += 1;
    }
    crate::seed_readings::seed_tariffs(conn)?;
    // The demo resident sees her account at once (she is its owner).
    let resident = user::find_id_by_login(conn, "ivanova")?;
    let linked = account::find(conn, LINKED_ACCOUNT)?;
    if let (Some(user_id), Some(acc)) = (resident, linked) {
        if !link::is_linked(conn, acc.id, user_id)? {
            link::link(conn, acc.id, user_id, false)?;
        }
    }
    Ok(report)
}
