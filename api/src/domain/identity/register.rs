//! `POST /auth/register`: Rules 2.1 and section 5 — the owner's name, contacts, a password,
//! acceptance of the current Rules and the consents, each recorded with its time.
//!
//! The answer never confirms that an e-mail belongs to a resident: a registration with a taken
//! address is answered exactly like a new one (after the same Argon2 work), creates nothing,
//! and that address is sent a "someone tried to register with your address" message instead.
//! (A taken *login* is still reported — people choose logins, and must be told to pick
//! another.) Registrations that pass validation are throttled per address.

use kabinet_shared::api::auth::{Language, RegisterRequest, Registered, Role};
use kabinet_shared::validate;

use super::{unique_to_field, FieldErrors};
use crate::db::models::{consent, rules, user};
use crate::db::time::now;
use crate::db::DbConnection;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::error::DomainError;
use crate::domain::identity::password::check_policy;
use crate::domain::identity::throttle::{self, Policy, Verdict};
use crate::mailer::{Email, Mailer};

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
    language: Language,
}

impl Registration {
    /// The password, for the hashing pool (the struct keeps its own copy until stored).
    pub fn password(&self) -> String {
        self.password.clone()
    }
}

/// Validates the request against the shared rules, the password policy, the current Rules
/// version and the logins and e-mails already taken.
pub fn parse(
    conn: &mut DbConnection,
    policy: &Policy,
    req: RegisterRequest,
    ip: Option<&str>,
) -> Result<Registration, DomainError> {
    let mut errors = FieldErrors::default();
    let login = errors.take("login", validate::login(&super::nfkc(&req.login)));
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
    errors.finish()?;
    if let Verdict::Wait(secs) = throttle::take(
        conn,
        "register",
        ip.unwrap_or("unknown"),
        &policy.register,
        now(),
    )? {
        return Err(DomainError::Throttled {
            retry_after_secs: secs,
        });
    }
    let (Some(login), Some(full_name), Some(email), Some(phone)) = (login, full_name, email, phone)
    else {
        return Err(DomainError::Internal("validated fields missing".into()));
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
        language: req.language,
        consents: [
            ("personal_data", c.personal_data),
            ("email", c.email),
            ("sms", c.sms),
            ("service_info", c.service_info),
        ],
    })
}

/// Creates the resident, their consents and the audit entry in one transaction — or, when the
/// e-mail is taken, tells that address and answers the same.
pub fn register(
    conn: &mut DbConnection,
    notifier: &crate::domain::notices::Notifier,
    mailer: &dyn Mailer,
    public_url: &str,
    reg: Registration,
    password_hash: &str,
    ip: Option<&str>,
) -> Result<Registered, DomainError> {
    let answer = Registered {
        login: reg.login.clone(),
        full_name: reg.full_name.clone(),
        role: Role::Resident,
    };
    if let Some(owner) = user::find_by_email(conn, &reg.email)? {
        return tell_address_owner(conn, mailer, public_url, &owner, ip).map(|()| answer);
    }
    let created = conn.transaction(|conn| {
        let id = user::insert(
            conn,
            &user::NewUser {
                login: &reg.login,
                full_name: &reg.full_name,
                email: &reg.email,
                phone: &reg.phone,
                home_phone: reg.home_phone.as_deref(),
                role: Role::Resident.as_str(),
                password_hash,
                rules_version: Some(reg.rules_version),
                language: reg.language.as_str(),
            },
        )
        .map_err(unique_to_field)?;
        for (kind, granted) in reg.consents {
            consent::record(conn, id, kind, granted)?;
        }
        // A login a stranger locked before anyone owned it starts clean for its new owner.
        super::guard::unlock(conn, &user::unique_key(&reg.login))?;
        // The address is proven with a code before any notice but this one goes to it.
        crate::domain::notices::verification::start_for(conn, notifier, id)?;
        let details = Some(format!("rules_version={}", reg.rules_version));
        audit(
            conn,
            Actor::User(id),
            "auth.register",
            Target::User(id),
            ip,
            details,
        )?;
        Ok(())
    });
    match created {
        Ok(()) => Ok(answer),
        // Registered a moment ago by a concurrent request: the same quiet path.
        Err(DomainError::Invalid { fields, .. })
            if fields.get("email").is_some_and(|c| c == "taken") =>
        {
            match user::find_by_email(conn, &reg.email)? {
                Some(owner) => {
                    tell_address_owner(conn, mailer, public_url, &owner, ip).map(|()| answer)
                }
                None => Err(DomainError::Internal("e-mail taken but not found".into())),
            }
        }
        Err(other) => Err(other),
    }
}

fn tell_address_owner(
    conn: &mut DbConnection,
    mailer: &dyn Mailer,
    public_url: &str,
    owner: &user::User,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    let body = format!(
        "Здравствуйте, {}!\n\nКто-то попытался зарегистрироваться в личном кабинете с вашим адресом e-mail. Этот адрес уже используется вашей учётной записью (логин «{}»), поэтому новая учётная запись не создана.\n\nЕсли это были вы и вы забыли пароль, восстановите его: {public_url}/forgot-password\nЕсли это были не вы, ничего делать не нужно.\n",
        owner.full_name, owner.login
    );
    conn.transaction(|conn| {
        mailer.send(
            conn,
            &Email {
                to: &owner.email,
                subject: "Попытка регистрации с вашим адресом",
                body: &body,
                html: None,
                secret: None,
            },
        )?;
        audit(
            conn,
            Actor::Anonymous,
            "auth.register_existing_email",
            Target::User(owner.id),
            ip,
            None,
        )?;
        Ok(())
    })
}
