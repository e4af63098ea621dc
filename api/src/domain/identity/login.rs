//! Sign-in, token refresh, sign-out and password reset (Rules 2.3 throttling and blocking).

use chrono::Duration;
use kabinet_shared::api::auth::{Role, UserSummary};

use super::guard::{self, LockNotice};
use crate::db::models::session::{self, RefreshLookup};
use crate::db::models::{password_reset, rules, user};
use crate::db::time::now;
use crate::db::DbConnection;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::error::DomainError;
use crate::domain::identity::password::check_policy;
use crate::domain::identity::throttle::{self, Policy, Verdict};
use crate::domain::identity::token;
use crate::mailer::{Email, Mailer};
use kabinet_shared::ErrorCode;

/// Where a request came from.
pub struct Origin<'a> {
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

/// A new session's secrets; the access token is signed by the caller (it holds the key).
pub struct Signed {
    pub user: UserSummary,
    pub session_public_id: String,
    pub refresh_token: String,
    pub rules_pending: bool,
}

fn open_session(
    conn: &mut DbConnection,
    found: &user::User,
    origin: &Origin<'_>,
    action: &str,
) -> Result<Signed, DomainError> {
    let role = Role::parse(&found.role).ok_or_else(|| DomainError::Internal("bad role".into()))?;
    let public_id = token::random_secret("s_")?;
    let refresh = token::random_secret("r_")?;
    let current_rules = rules::current_version(conn)?;
    conn.transaction(|conn| {
        let session_id = session::create(conn, &public_id, found.id, origin.user_agent, origin.ip)?;
        session::add_refresh_token(conn, session_id, &token::hash_secret(&refresh))?;
        audit(
            conn,
            Actor::User(found.id),
            action,
            Target::User(found.id),
            origin.ip,
            None,
        )?;
        Ok::<_, DomainError>(())
    })?;
    Ok(Signed {
        user: UserSummary {
            id: found.id,
            login: found.login.clone(),
            full_name: found.full_name.clone(),
            role,
        },
        session_public_id: public_id,
        refresh_token: refresh,
        rules_pending: role == Role::Resident && found.rules_version != Some(current_rules),
    })
}

/// A sign-in in progress: who is signing in (if anyone) and the guard's attempt. Sign-in runs
/// in three steps so the ~20 ms Argon2 check holds no database connection: [`begin`] and
/// [`finish`] inside `Db::run`, the verification on the hashing pool in between.
pub struct Attempt {
    found: Option<user::User>,
    pub guard: guard::Attempt,
}

impl Attempt {
    /// The stored hash to verify against; `None` (an unknown login) makes the pool spend the
    /// same time on a dummy hash, so the answer cannot tell who is registered.
    pub fn stored_hash(&self) -> Option<String> {
        self.found.as_ref().map(|u| u.password_hash.clone())
    }
}

/// Step 1: finds the user and takes an attempt from the guard (which refuses a throttled
/// address or a locked login without counting it).
pub fn begin(
    conn: &mut DbConnection,
    policy: &Policy,
    login: &str,
    origin: &Origin<'_>,
) -> Result<Attempt, DomainError> {
    let found = user::find_by_login_or_email(conn, login)?;
    // Count by the account's login when the e-mail was typed, so both count together.
    let login_key = found
        .as_ref()
        .map_or_else(|| user::unique_key(login), |u| user::unique_key(&u.login));
    let guard = guard::begin(conn, policy, &login_key, found.as_ref(), origin.ip)?;
    Ok(Attempt { found, guard })
}

/// Step 3: opens a session, or records the failure. A blocked user's right password answers
/// exactly like a wrong one (and counts like one), so the password cannot be probed through a
/// blocked account.
pub fn finish(
    conn: &mut DbConnection,
    policy: &Policy,
    notice: &LockNotice<'_>,
    attempt: Attempt,
    matched: bool,
    origin: &Origin<'_>,
) -> Result<Signed, DomainError> {
    let Attempt { found, guard: g } = attempt;
    match found {
        Some(u) if matched && u.blocked_at.is_none() => {
            guard::succeeded(conn, &g)?;
            open_session(conn, &u, origin, "auth.login")
        }
        found => {
            if matched {
                if let Some(u) = &found {
                    audit(
                        conn,
                        Actor::Anonymous,
                        "auth.login_blocked",
                        Target::User(u.id),
                        origin.ip,
                        None,
                    )?;
                }
            }
            guard::failed(conn, policy, &g, found.as_ref(), notice)?;
            Err(DomainError::Rule(ErrorCode::InvalidCredentials))
        }
    }
}

/// Rotates a refresh token. A token presented twice means it leaked: the whole session (the
/// token family) is revoked and both holders must sign in again. `csrf_ok` is asked about the
/// session before anything changes (the cookie path needs the session's CSRF token; a token
/// from the body needs none). Sessions older than `max_age` end, however active.
pub fn refresh(
    conn: &mut DbConnection,
    refresh_token: &str,
    origin: &Origin<'_>,
    max_age: Duration,
    csrf_ok: impl Fn(&str) -> bool,
) -> Result<Signed, DomainError> {
    let hash = token::hash_secret(refresh_token);
    match session::consume_refresh_token(conn, &hash, max_age, Duration::days(token::REFRESH_DAYS))?
    {
        RefreshLookup::Invalid => Err(DomainError::Rule(ErrorCode::Unauthorized)),
        // The holder of the session's own refresh token may learn why it ended when the reason
        // is a block: the SPA then says so instead of "session ended".
        RefreshLookup::Ended { user_id } => {
            let blocked = user::find(conn, user_id)?.is_some_and(|u| u.blocked_at.is_some());
            Err(DomainError::Rule(if blocked {
                ErrorCode::AccountBlocked
            } else {
                ErrorCode::Unauthorized
            }))
        }
        RefreshLookup::Reused {
            session_id,
            user_id,
        } => {
            session::revoke(conn, session_id, "refresh_token_reuse")?;
            audit(
                conn,
                Actor::User(user_id),
                "auth.refresh_reuse",
                Target::Session(session_id),
                origin.ip,
                None,
            )?;
            Err(DomainError::Rule(ErrorCode::Unauthorized))
        }
        RefreshLookup::Fresh {
            token_id,
            session_id,
            public_id,
            user_id,
        } => {
            if !csrf_ok(&public_id) {
                return Err(DomainError::Rule(ErrorCode::CsrfFailed));
            }
            let found =
                user::find(conn, user_id)?.ok_or(DomainError::Rule(ErrorCode::Unauthorized))?;
            if found.blocked_at.is_some() {
                return Err(DomainError::Rule(ErrorCode::AccountBlocked));
            }
            let role =
                Role::parse(&found.role).ok_or_else(|| DomainError::Internal("bad role".into()))?;
            let next = token::random_secret("r_")?;
            let current_rules = rules::current_version(conn)?;
            // The used mark above and the successor below commit together, or neither does, so a
            // failure in between cannot leave the session without a usable refresh token.
            conn.transaction(|conn| {
                session::mark_refresh_token_used(conn, token_id)?;
                session::add_refresh_token(conn, session_id, &token::hash_secret(&next))
            })
            .map_err(|err| match err {
                // Another request used the token a moment ago.
                diesel::result::Error::NotFound => DomainError::Rule(ErrorCode::Unauthorized),
                other => other.into(),
            })?;
            Ok(Signed {
                user: UserSummary {
                    id: found.id,
                    login: found.login,
                    full_name: found.full_name,
                    role,
                },
                session_public_id: public_id,
                refresh_token: next,
                rules_pending: role == Role::Resident && found.rules_version != Some(current_rules),
            })
        }
    }
}

/// Ends the caller's session.
pub fn logout(
    conn: &mut DbConnection,
    user_id: i64,
    session_id: Option<i64>,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    if let Some(id) = session_id {
        session::revoke(conn, id, "logout")?;
    }
    let target = session_id.map_or(Target::None, Target::Session);
    audit(conn, Actor::User(user_id), "auth.logout", target, ip, None)
}

/// How long a password-reset link works.
pub const RESET_VALID_MINUTES: i64 = 60;

/// Sends a reset link when the e-mail is registered; says nothing either way. Requests are
/// throttled per address (429), and an address gets at most a few links an hour (the rest are
/// silently not sent, so nobody can flood a resident's mailbox). A new link voids the older
/// ones, so at most one works at a time.
pub fn request_reset(
    conn: &mut DbConnection,
    policy: &Policy,
    mailer: &dyn Mailer,
    email: &str,
    public_url: &str,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    let at = now();
    let ip_key = ip.unwrap_or("unknown");
    if let Verdict::Wait(secs) = throttle::take(conn, "reset_ip", ip_key, &policy.reset_ip, at)? {
        return Err(DomainError::Throttled {
            retry_after_secs: secs,
        });
    }
    let Some(found) = user::find_by_email(conn, email)? else {
        return Ok(());
    };
    let email_key = user::unique_key(&found.email);
    if let Verdict::Wait(_) =
        throttle::take(conn, "reset_email", &email_key, &policy.reset_email, at)?
    {
        return Ok(());
    }
    let secret = token::random_secret("")?;
    conn.transaction(|conn| {
        password_reset::void_unused(conn, found.id)?;
        password_reset::create(conn, found.id, &token::hash_secret(&secret), Duration::minutes(RESET_VALID_MINUTES))?;
        let link = format!("{public_url}/reset-password?token={secret}");
        let body = format!(
            "Здравствуйте, {}!\n\nЧтобы задать новый пароль личного кабинета, откройте ссылку:\n{link}\n\nСсылка действует {RESET_VALID_MINUTES} минут и только один раз. Если вы не запрашивали смену пароля, просто удалите это письмо.\n",
            found.full_name
        );
        mailer.send(
            conn,
            &Email {
                to: &found.email,
                subject: "Смена пароля личного кабинета",
                body: &body,
                html: None,
                secret: Some((&link, Duration::minutes(RESET_VALID_MINUTES))),
            },
        )?;
        audit(conn, Actor::Anonymous, "auth.password_reset_requested", Target::User(found.id), ip, None)?;
        Ok(())
    })
}

/// A reset whose token and new password passed the checks; the password is not hashed yet.
pub struct ResetPlan {
    token_hash: String,
    user_id: i64,
    login_key: String,
}

/// Step 1 of a reset: the token must be live and the new password acceptable.
pub fn plan_reset(
    conn: &mut DbConnection,
    secret: &str,
    new_password: &str,
) -> Result<ResetPlan, DomainError> {
    let token_hash = token::hash_secret(secret);
    let user_id = password_reset::peek(conn, &token_hash)?.ok_or_else(invalid_reset)?;
    let found = user::find(conn, user_id)?.ok_or(DomainError::NOT_FOUND)?;
    check_policy(new_password, &found.login, &found.email).map_err(|code| {
        DomainError::field("new_password", code, "the new password is not acceptable")
    })?;
    Ok(ResetPlan {
        token_hash,
        user_id,
        login_key: user::unique_key(&found.login),
    })
}

fn invalid_reset() -> DomainError {
    DomainError::field("token", "invalid", "the link is invalid, used or expired")
}

/// Step 3 of a reset (the hash was made on the hashing pool in between): sets the password,
/// ends every session and personal token, and lifts a password lock.
pub fn commit_reset(
    conn: &mut DbConnection,
    plan: ResetPlan,
    hash: &str,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    let user_id = plan.user_id;
    conn.transaction(|conn| {
        // Consumed inside the transaction: of two racing confirmations exactly one succeeds.
        if password_reset::consume(conn, &plan.token_hash)? != Some(user_id) {
            return Err(invalid_reset());
        }
        user::set_password(conn, user_id, hash)?;
        session::revoke_all(conn, user_id, None, "password_reset")?;
        // Someone who had the account may have left a personal token behind.
        crate::db::models::credential::revoke_all_tokens(conn, user_id)?;
        guard::unlock(conn, &plan.login_key)?;
        audit(
            conn,
            Actor::User(user_id),
            "auth.password_reset",
            Target::User(user_id),
            ip,
            None,
        )?;
        Ok(())
    })
}
