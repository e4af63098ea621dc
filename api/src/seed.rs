//! `kabinet seed-demo`: demo data for trying Kabinet out. Idempotent — rows that already exist
//! (by login, house id or account number) are left as they are. The demo passwords are public
//! by design and printed; never run this against a production database.

use crate::db::models::{account, billing, consent, house, link, rules, user};
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
/// Кызыл), hot water every month with some variation, and payments that differ per account so
/// the demo shows a debt, a credit and a settled balance.
fn seed_billing(conn: &mut DbConnection, account_id: i64, index: usize) -> anyhow::Result<()> {
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    for months_back in (1..=HISTORY_MONTHS).rev() {
        let day = today - chrono::Duration::days(30 * months_back);
        let period = day.format("%Y-%m").to_string();
        let heating_season = !(6..=8).contains(&day.month());
        let heating = if heating_season { 312_045 } else { 0 };
        let hot_water = 98_730 + 4_150 * i64::from(day.month() % 4);
        if heating > 0 {
            billing::add_charge(conn, account_id, &period, "heating", "charge", heating)?;
        }
        billing::add_charge(conn, account_id, &period, "hot_water", "charge", hot_water)?;
        let due = heating + hot_water;
        let paid = match index % 3 {
            0 => due - 12_000,
            1 => due + 15_000,
            _ => due,
        };
        billing::add_payment(
            conn,
            account_id,
            day + chrono::Duration::days(12),
            paid,
            "bank",
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
            },
        )?;
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
