//! The guard around every password check (sign-in, and the current password asked by profile
//! changes): Rules 2.3 throttling, the password lock, and the notices they cause.
//!
//! Three counters, each keyed so that a stranger cannot lock out anybody else:
//! - per **address and login** (`ip_login`): 5 free failures in 15 minutes, then a doubling
//!   back-off. Only that address waits; the owner signing in from home is not affected.
//! - per **address** (`ip`): a volume limit across logins (hundreds an hour, configurable), so a
//!   carrier's NAT or the office's own network is not throttled by one person's typos.
//! - per **login** from anywhere (`login`): 20 failures within an hour lock *password sign-in*
//!   of that login (never the user, never open sessions) until a password reset by e-mail or
//!   an operator lifts it. The owner is told by e-mail. Staff logins are never locked by
//!   anonymous traffic, and unknown logins lock alike, so the lock tells nobody who exists.
//!
//! A check runs in three steps so the Argon2 work holds no database connection: [`begin`]
//! (takes the attempt, or refuses with 429/403 without counting), the verification on the
//! hashing pool, then [`finish`] (clears on success, counts and maybe locks on failure) — or
//! [`abandon`] when the pool was busy and the check never ran.

use kabinet_shared::api::auth::Role;

use crate::db::models::{throttle as counters, user};
use crate::db::time::now;
use crate::db::DbConnection;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::error::DomainError;
use crate::domain::identity::throttle::{self, Limit, Policy, Verdict};
use crate::mailer::{Email, Mailer};
use kabinet_shared::ErrorCode;

pub const SCOPE_IP_LOGIN: &str = "ip_login";
pub const SCOPE_LOGIN: &str = "login";
pub const SCOPE_IP: &str = "ip";

/// A password check in progress.
pub struct Attempt {
    pub login_key: String,
    ip: String,
    /// Failure number of this attempt for its address and login (1 = first of the window).
    nth: i64,
    /// Whether the owner of the login is staff (never locked by anonymous traffic).
    staff: bool,
}

fn ip_login_key(ip: &str, login_key: &str) -> String {
    format!("{ip}|{login_key}")
}

/// Whether password sign-in of `login_key` is locked.
pub fn is_locked(conn: &mut DbConnection, login_key: &str) -> Result<bool, DomainError> {
    Ok(counters::get(conn, SCOPE_LOGIN, login_key)?.is_some_and(|c| c.locked_at.is_some()))
}

/// Step 1: refuses a locked login (403 `password_locked`) or a throttled address (429) without
/// counting anything; otherwise takes the attempt.
pub fn begin(
    conn: &mut DbConnection,
    policy: &Policy,
    login_key: &str,
    owner: Option<&user::User>,
    ip: Option<&str>,
) -> Result<Attempt, DomainError> {
    let staff = owner.is_some_and(|u| Role::parse(&u.role).is_some_and(Role::is_staff));
    if !staff && is_locked(conn, login_key)? {
        return Err(DomainError::Rule(ErrorCode::PasswordLocked));
    }
    let ip = ip.unwrap_or("unknown").to_owned();
    let at = now();
    // The volume limit is checked here and counted on failure only (it is approximate by
    // nature); the address-and-login limit is taken up front, atomically.
    if let Some(secs) = throttle::wait_for(conn, SCOPE_IP, &ip, &policy.ip_volume, at)? {
        return Err(DomainError::Throttled {
            retry_after_secs: secs,
        });
    }
    let key = ip_login_key(&ip, login_key);
    match throttle::take(conn, SCOPE_IP_LOGIN, &key, &policy.ip_login, at)? {
        Verdict::Go { failures } => Ok(Attempt {
            login_key: login_key.to_owned(),
            ip,
            nth: failures,
            staff,
        }),
        Verdict::Wait(secs) => Err(DomainError::Throttled {
            retry_after_secs: secs,
        }),
    }
}

/// The check never ran (the hashing pool was busy): give the attempt back.
pub fn abandon(conn: &mut DbConnection, attempt: &Attempt) -> Result<(), DomainError> {
    counters::refund(
        conn,
        SCOPE_IP_LOGIN,
        &ip_login_key(&attempt.ip, &attempt.login_key),
    )?;
    Ok(())
}

/// What to tell the owner of a login when its password sign-in is locked.
pub struct LockNotice<'a> {
    pub mailer: &'a dyn Mailer,
    pub public_url: &'a str,
}

/// Step 3 after a match: the address and login start afresh.
pub fn succeeded(conn: &mut DbConnection, attempt: &Attempt) -> Result<(), DomainError> {
    counters::clear_pair(
        conn,
        (
            SCOPE_IP_LOGIN,
            &ip_login_key(&attempt.ip, &attempt.login_key),
        ),
        (SCOPE_LOGIN, &attempt.login_key),
    )?;
    Ok(())
}

/// Step 3 after a mismatch: counts the failure against the address's volume and the login
/// (the address-and-login counter was taken in [`begin`]), audits the first failure of a window and the start of the back-off
/// (not every one: anonymous noise must not grow the log without bound), and locks password
/// sign-in after too many.
pub fn failed(
    conn: &mut DbConnection,
    policy: &Policy,
    attempt: &Attempt,
    owner: Option<&user::User>,
    notice: &LockNotice<'_>,
) -> Result<(), DomainError> {
    let at = now();
    let volume = Limit::counting(policy.ip_volume.window_secs);
    throttle::take(conn, SCOPE_IP, &attempt.ip, &volume, at)?;
    let target = owner.map_or(Target::None, |u| Target::User(u.id));
    let ip = Some(attempt.ip.as_str());
    if attempt.nth == 1 || attempt.nth == policy.ip_login.free {
        let action = if attempt.nth == 1 {
            "auth.login_failed"
        } else {
            "auth.login_throttled"
        };
        let details = format!("failures_from_address={}", attempt.nth);
        audit(conn, Actor::Anonymous, action, target, ip, Some(details))?;
    }
    if attempt.staff {
        return Ok(());
    }
    let Verdict::Go { failures } = throttle::take(
        conn,
        SCOPE_LOGIN,
        &attempt.login_key,
        &policy.lock_counter(),
        at,
    )?
    else {
        return Ok(());
    };
    if failures < policy.lock_after || !counters::lock(conn, SCOPE_LOGIN, &attempt.login_key, at)? {
        return Ok(());
    }
    let details = Some(format!("failures={failures}"));
    audit(
        conn,
        Actor::System,
        "auth.password_locked",
        target,
        ip,
        details,
    )?;
    if let Some(u) = owner {
        let body = format!(
            "Здравствуйте, {}!\n\nЗа последний час было {failures} неудачных попыток войти в личный кабинет под вашим логином «{}». Чтобы защитить ваши данные, вход по паролю заблокирован. Уже открытые вами сеансы продолжают работать.\n\nЧтобы снова входить по паролю, задайте новый пароль: {}/forgot-password\nЕсли это были не вы, смените пароль и сообщите в офис обслуживания.\n",
            u.full_name, u.login, notice.public_url
        );
        notice.mailer.send(
            conn,
            &Email {
                to: &u.email,
                subject: "Вход по паролю в личный кабинет заблокирован",
                body: &body,
                html: None,
                secret: None,
            },
        )?;
    }
    Ok(())
}

/// Lifts the password lock and forgets the failures of `login_key` (password reset, operator).
pub fn unlock(conn: &mut DbConnection, login_key: &str) -> Result<(), DomainError> {
    counters::clear(conn, SCOPE_LOGIN, login_key)?;
    Ok(())
}

/// Which of these logins have password sign-in locked (one query for a page of users).
pub fn locked_logins(conn: &mut DbConnection, logins: &[&str]) -> Result<Vec<String>, DomainError> {
    let keys: Vec<String> = logins.iter().map(|l| user::unique_key(l)).collect();
    Ok(counters::locked_among(conn, SCOPE_LOGIN, &keys)?)
}

/// When password sign-in of `login_key` was locked, and its failures in the current window.
pub fn state(
    conn: &mut DbConnection,
    login_key: &str,
) -> Result<(Option<chrono::NaiveDateTime>, i64), DomainError> {
    Ok(counters::get(conn, SCOPE_LOGIN, login_key)?
        .map_or((None, 0), |c| (c.locked_at, c.failures)))
}

/// A check of a signed-in user's current password (profile changes), guarded like a sign-in.
pub struct Gate {
    attempt: Attempt,
    owner: user::User,
}

impl Gate {
    /// The stored hash to verify against on the hashing pool.
    pub fn stored_hash(&self) -> String {
        self.owner.password_hash.clone()
    }

    /// The attempt, to give back when the check never ran.
    pub fn attempt(&self) -> &Attempt {
        &self.attempt
    }
}

/// Loads the user and takes an attempt (429/403 like a sign-in).
pub fn open_gate(
    conn: &mut DbConnection,
    policy: &Policy,
    user_id: i64,
    ip: Option<&str>,
) -> Result<Gate, DomainError> {
    let owner = user::find(conn, user_id)?.ok_or(DomainError::Rule(ErrorCode::Unauthorized))?;
    let login_key = user::unique_key(&owner.login);
    let attempt = begin(conn, policy, &login_key, Some(&owner), ip)?;
    Ok(Gate { attempt, owner })
}

/// Settles the check: a wrong current password counts like a failed sign-in and is answered
/// as `fields.current_password = wrong`.
pub fn close_gate(
    conn: &mut DbConnection,
    policy: &Policy,
    notice: &LockNotice<'_>,
    gate: Gate,
    matched: bool,
) -> Result<(), DomainError> {
    if matched {
        succeeded(conn, &gate.attempt)
    } else {
        failed(conn, policy, &gate.attempt, Some(&gate.owner), notice)?;
        Err(DomainError::field(
            "current_password",
            "wrong",
            "the current password is wrong",
        ))
    }
}
