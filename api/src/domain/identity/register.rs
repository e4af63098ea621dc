//! `POST /auth/register`: Rules 2.1 and section 5 — the owner's name, contacts, a password,
//! acceptance of the current Rules and the consents, each recorded with its time.

use kabinet_shared::api::auth::{RegisterRequest, Role, UserSummary};
use kabinet_shared::validate;

use super::{unique_to_field, FieldErrors};
use crate::auth::password::{check_policy, hash_password};
use crate::db::models::audit::{self, Actor, Event};
use crate::db::models::{consent, rules, user};
use crate::db::DbConnection;
use crate::error::ApiError;

/// A registration that passed every field rule; its password is not hashed yet.
pub struct Registration {
    login: String,
    full_name: String,
    email: String,
    phone: String,
    home_phone: Option<String>,
    password: String,
    rules_version: i32,
    consents: [(&'static str, bool); 4],
}

/// A registration ready to store: the password replaced by its Argon2id hash.
pub struct Hashed {
    reg: Registration,
    password_hash: String,
}

impl Registration {
    /// Hashes the password (~20 ms of CPU: run it on a blocking thread, holding no connection).
    pub fn hash(self) -> Result<Hashed, ApiError> {
        let password_hash =
            hash_password(&self.password).map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok(Hashed {
            reg: self,
            password_hash,
        })
    }
}

/// Validates the request against the shared rules, the password policy, the current Rules
/// version and the logins and e-mails already taken.
pub fn parse(conn: &mut DbConnection, req: RegisterRequest) -> Result<Registration, ApiError> {
    let mut errors = FieldErrors::default();
    let login = errors.take("login", validate::login(&req.login));
    let full_name = errors.take("full_name", validate::full_name(&req.full_name));
    let email = errors.take("email", validate::email(&req.email));
    let phone = errors.take("phone", validate::phone(&req.phone));
    let home_phone = match req.home_phone.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => errors.take("home_phone", validate::phone(raw)),
    };
    errors.take(
        "password",
        check_policy(&req.password, &req.login, &req.email),
    );
    if req.rules_version != rules::current_version(conn)? {
        errors.add("rules_version", "not_current");
    }
    if !req.consents.personal_data {
        errors.add("consents.personal_data", "required");
    }
    if let Some(login) = &login {
        if user::find_id_by_login(conn, login)?.is_some() {
            errors.add("login", "taken");
        }
    }
    if let Some(email) = &email {
        if user::find_by_email(conn, email)?.is_some() {
            errors.add("email", "taken");
        }
    }
    errors.finish()?;
    let (Some(login), Some(full_name), Some(email), Some(phone)) = (login, full_name, email, phone)
    else {
        return Err(ApiError::Internal("validated fields missing".into()));
    };
    let c = req.consents;
    Ok(Registration {
        login,
        full_name,
        email,
        phone,
        home_phone,
        password: req.password,
        rules_version: req.rules_version,
        consents: [
            ("personal_data", c.personal_data),
            ("email", c.email),
            ("sms", c.sms),
            ("service_info", c.service_info),
        ],
    })
}

/// Creates the resident, their consents and the audit entry in one transaction.
pub fn register(
    conn: &mut DbConnection,
    hashed: Hashed,
    ip: Option<&str>,
) -> Result<UserSummary, ApiError> {
    let Hashed { reg, password_hash } = hashed;
    conn.transaction(|conn| {
        let id = user::insert(
            conn,
            &user::NewUser {
                login: &reg.login,
                full_name: &reg.full_name,
                email: &reg.email,
                phone: &reg.phone,
                home_phone: reg.home_phone.as_deref(),
                role: Role::Resident.as_str(),
                password_hash: &password_hash,
                rules_version: Some(reg.rules_version),
            },
        )
        .map_err(unique_to_field)?;
        for (kind, granted) in reg.consents {
            consent::record(conn, id, kind, granted)?;
        }
        audit::record(
            conn,
            Event {
                actor: Actor::User(id),
                action: "auth.register",
                target: Some(("user", id.to_string())),
                ip,
                details: Some(format!("rules_version={}", reg.rules_version)),
            },
        )?;
        Ok(UserSummary {
            id,
            login: reg.login,
            full_name: reg.full_name,
            role: Role::Resident,
        })
    })
}
