//! `kabinet seed-demo`: demo data for trying Kabinet out. Idempotent — rows that already exist
//! (by login, house id or account number) are left as they are. The demo passwords are public
//! by design and printed; never run this against a production database.

use crate::auth::password::hash_password;
use crate::db::models::{account, consent, house, rules, user};
use crate::db::DbConnection;

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

/// What `seed` created, for the summary line.
#[derive(Debug, Default)]
pub struct SeedReport {
    pub users_created: usize,
    pub accounts_created: usize,
}

/// Inserts whatever demo rows are missing, in one transaction per backend.
pub fn seed(conn: &mut DbConnection) -> anyhow::Result<SeedReport> {
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
            &house::NewHouse {
                external_id,
                settlement,
                street,
                house: number,
            },
        )?);
    }
    for (number, house_index, flat, owner, area, residents) in DEMO_ACCOUNTS {
        if account::exists(conn, number)? {
            continue;
        }
        let (_, settlement, street, house_number) = DEMO_HOUSES[house_index];
        account::insert(
            conn,
            &account::NewAccount {
                number,
                house_id: house_ids[house_index],
                settlement,
                street,
                house: house_number,
                flat: Some(flat),
                owner_name: owner,
                heated_area_centi: area,
                residents,
            },
        )?;
        report.accounts_created += 1;
    }
    Ok(report)
}
