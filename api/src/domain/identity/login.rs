//! Sign-in, token refresh, sign-out and password reset (Rules 2.3 throttling and blocking).

use chrono::Duration;
use kabinet_shared::api::auth::{Role, UserSummary};

use crate::auth::password::{check_policy, hash_password, verify_against_dummy, verify_password};
use crate::auth::throttle::{self, Policy};
use crate::auth::token;
use crate::db::models::audit::{self, Actor, Event};
use crate::db::models::session::{self, RefreshLookup};
use crate::db::models::{auth_failure, password_reset, rules, user};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::mailer::{Email, Mailer};

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
    pub csrf_token: String,
    pub rules_pending: bool,
}

fn ip_key(origin: &Origin<'_>) -> String {
    origin.ip.unwrap_or("unknown").to_owned()
}

/// Counts a failed or throttled attempt against the login and the IP, audits it, and blocks the
/// user when this was one failure too many.
fn record_failure(
    conn: &mut DbConnection,
    policy: &Policy,
    login_key: &str,
    origin: &Origin<'_>,
    user: Option<&user::User>,
    throttled: bool,
) -> Result<(), ApiError> {
    auth_failure::record(conn, "login", login_key)?;
    auth_failure::record(conn, "ip", &ip_key(origin))?;
    audit::record(
        conn,
        Event {
            actor: Actor::Anonymous,
            action: if throttled {
                "auth.login_throttled"
            } else {
                "auth.login_failed"
            },
            target: user.map(|u| ("user", u.id.to_string())),
            ip: origin.ip,
            details: None,
        },
    )?;
    if let Some(u) = user {
        block_if_due(conn, policy, login_key, origin, u)?;
    }
    Ok(())
}

fn open_session(
    conn: &mut DbConnection,
    found: &user::User,
    origin: &Origin<'_>,
    action: &str,
) -> Result<Signed, ApiError> {
    let role = Role::parse(&found.role).ok_or_else(|| ApiError::Internal("bad role".into()))?;
    let public_id = token::random_secret("s_").map_err(|e| ApiError::Internal(e.to_string()))?;
    let refresh = token::random_secret("r_").map_err(|e| ApiError::Internal(e.to_string()))?;
    let csrf = token::random_secret("").map_err(|e| ApiError::Internal(e.to_string()))?;
    let current_rules = rules::current_version(conn)?;
    conn.transaction(|conn| {
        let session_id = session::create(conn, &public_id, found.id, origin.user_agent, origin.ip)?;
        session::add_refresh_token(conn, session_id, &token::hash_secret(&refresh))?;
        audit::record(
            conn,
            Event {
                actor: Actor::User(found.id),
                action,
                target: Some(("user", found.id.to_string())),
                ip: origin.ip,
                details: None,
            },
        )?;
        Ok::<_, ApiError>(())
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
        csrf_token: csrf,
        rules_pending: role == Role::Resident && found.rules_version != Some(current_rules),
    })
}

/// A sign-in in progress: who is signing in (if anyone) and the key their failures count under.
/// Sign-in runs in three steps so the ~20 ms Argon2 check holds no database connection:
/// [`begin`] and [`finish`] inside `Db::run`, [`Attempt::password_matches`] on its own blocking
/// thread in between.
pub struct Attempt {
    found: Option<user::User>,
    login_key: String,
}

impl Attempt {
    /// The Argon2 check. An unknown login costs a verification against a dummy hash, so the
    /// answer takes as long whether or not the login exists.
    pub fn password_matches(&self, password: &str) -> bool {
        match &self.found {
            Some(u) => verify_password(password, &u.password_hash),
            None => {
                verify_against_dummy(password);
                false
            }
        }
    }
}

/// Step 1: finds the user and refuses (429) while the login or the IP is backing off.
pub fn begin(
    conn: &mut DbConnection,
    policy: &Policy,
    login: &str,
    origin: &Origin<'_>,
) -> Result<Attempt, ApiError> {
    let found = user::find_by_login_or_email(conn, login)?;
    // Throttle by the account's login when the e-mail was typed, so both count together.
    let login_key = found
        .as_ref()
        .map_or_else(|| user::unique_key(login), |u| user::unique_key(&u.login));
    let wait_login = throttle::wait_secs(conn, policy, "login", &login_key)?;
    let wait_ip = throttle::wait_secs(conn, policy, "ip", &ip_key(origin))?;
    if let Some(wait) = wait_login.max(wait_ip) {
        record_failure(conn, policy, &login_key, origin, found.as_ref(), true)?;
        return Err(ApiError::Throttled {
            retry_after_secs: wait,
        });
    }
    Ok(Attempt { found, login_key })
}

/// Step 3: records a failure (the same answer for an unknown login and a wrong password), or
/// opens a session.
pub fn finish(
    conn: &mut DbConnection,
    policy: &Policy,
    attempt: Attempt,
    matched: bool,
    origin: &Origin<'_>,
) -> Result<Signed, ApiError> {
    if !matched {
        record_failure(
            conn,
            policy,
            &attempt.login_key,
            origin,
            attempt.found.as_ref(),
            false,
        )?;
        return Err(ApiError::InvalidCredentials);
    }
    let found = attempt.found.ok_or(ApiError::InvalidCredentials)?;
    if found.blocked_at.is_some() {
        audit::record(
            conn,
            Event {
                actor: Actor::User(found.id),
                action: "auth.login_blocked",
                target: Some(("user", found.id.to_string())),
                ip: origin.ip,
                details: None,
            },
        )?;
        return Err(ApiError::AccountBlocked);
    }
    auth_failure::clear(conn, "login", &attempt.login_key)?;
    open_session(conn, &found, origin, "auth.login")
}

fn block_if_due(
    conn: &mut DbConnection,
    policy: &Policy,
    login_key: &str,
    origin: &Origin<'_>,
    u: &user::User,
) -> Result<(), ApiError> {
    if u.blocked_at.is_some() || !throttle::should_block(conn, policy, login_key)? {
        return Ok(());
    }
    crate::domain::staff::block_user(
        conn,
        u.id,
        "too_many_failed_logins",
        Actor::System,
        origin.ip,
    )
}

/// Rotates a refresh token. A token presented twice means it leaked: the whole session (the
/// token family) is revoked and both holders must sign in again.
pub fn refresh(
    conn: &mut DbConnection,
    refresh_token: &str,
    origin: &Origin<'_>,
) -> Result<Signed, ApiError> {
    let hash = token::hash_secret(refresh_token);
    match session::consume_refresh_token(conn, &hash)? {
        RefreshLookup::Invalid => Err(ApiError::Unauthorized),
        RefreshLookup::Reused {
            session_id,
            user_id,
        } => {
            session::revoke(conn, session_id, "refresh_token_reuse")?;
            audit::record(
                conn,
                Event {
                    actor: Actor::User(user_id),
                    action: "auth.refresh_reuse",
                    target: Some(("session", session_id.to_string())),
                    ip: origin.ip,
                    details: None,
                },
            )?;
            Err(ApiError::Unauthorized)
        }
        RefreshLookup::Fresh {
            token_id,
            session_id,
            public_id,
            user_id,
        } => {
            let found = user::find(conn, user_id)?.ok_or(ApiError::Unauthorized)?;
            if found.blocked_at.is_some() {
                return Err(ApiError::AccountBlocked);
            }
            let role =
                Role::parse(&found.role).ok_or_else(|| ApiError::Internal("bad role".into()))?;
            let next = token::random_secret("r_").map_err(|e| ApiError::Internal(e.to_string()))?;
            let csrf = token::random_secret("").map_err(|e| ApiError::Internal(e.to_string()))?;
            let current_rules = rules::current_version(conn)?;
            // The used mark above and the successor below commit together, or neither does, so a
            // failure in between cannot leave the session without a usable refresh token.
            conn.transaction(|conn| {
                session::mark_refresh_token_used(conn, token_id)?;
                session::add_refresh_token(conn, session_id, &token::hash_secret(&next))
            })
            .map_err(|err| match err {
                // Another request used the token a moment ago.
                diesel::result::Error::NotFound => ApiError::Unauthorized,
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
                csrf_token: csrf,
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
) -> Result<(), ApiError> {
    if let Some(id) = session_id {
        session::revoke(conn, id, "logout")?;
    }
    audit::record(
        conn,
        Event {
            actor: Actor::User(user_id),
            action: "auth.logout",
            target: session_id.map(|id| ("session", id.to_string())),
            ip,
            details: None,
        },
    )?;
    Ok(())
}

/// How long a password-reset link works.
pub const RESET_VALID_MINUTES: i64 = 60;

/// Sends a reset link when the e-mail is registered; says nothing either way.
pub fn request_reset(
    conn: &mut DbConnection,
    mailer: &dyn Mailer,
    email: &str,
    public_url: &str,
    ip: Option<&str>,
) -> Result<(), ApiError> {
    let Some(found) = user::find_by_email(conn, email)? else {
        return Ok(());
    };
    let secret = token::random_secret("").map_err(|e| ApiError::Internal(e.to_string()))?;
    conn.transaction(|conn| {
        password_reset::create(conn, found.id, &token::hash_secret(&secret), Duration::minutes(RESET_VALID_MINUTES))?;
        let body = format!(
            "Здравствуйте, {}!\n\nЧтобы задать новый пароль личного кабинета, откройте ссылку:\n{public_url}/reset-password?token={secret}\n\nСсылка действует {RESET_VALID_MINUTES} минут и только один раз. Если вы не запрашивали смену пароля, просто удалите это письмо.\n",
            found.full_name
        );
        mailer.send(conn, &Email { to: &found.email, subject: "Смена пароля личного кабинета", body: &body })?;
        audit::record(
            conn,
            Event {
                actor: Actor::Anonymous,
                action: "auth.password_reset_requested",
                target: Some(("user", found.id.to_string())),
                ip,
                details: None,
            },
        )?;
        Ok(())
    })
}

/// Sets a new password from a reset token and ends every session of the user.
pub fn confirm_reset(
    conn: &mut DbConnection,
    secret: &str,
    new_password: &str,
    ip: Option<&str>,
) -> Result<(), ApiError> {
    let invalid = || ApiError::field("token", "invalid", "the link is invalid, used or expired");
    let hash_of_secret = token::hash_secret(secret);
    let user_id = password_reset::peek(conn, &hash_of_secret)?.ok_or_else(invalid)?;
    let found = user::find(conn, user_id)?.ok_or(ApiError::NotFound)?;
    check_policy(new_password, &found.login, &found.email).map_err(|code| {
        ApiError::field("new_password", code, "the new password is not acceptable")
    })?;
    // Hash before the transaction: SQLite's write lock is not held for the ~20 ms of Argon2.
    let hash = hash_password(new_password).map_err(|e| ApiError::Internal(e.to_string()))?;
    conn.transaction(|conn| {
        // Consumed inside the transaction: of two racing confirmations exactly one succeeds.
        if password_reset::consume(conn, &hash_of_secret)? != Some(user_id) {
            return Err(invalid());
        }
        user::set_password(conn, user_id, &hash)?;
        session::revoke_all(conn, user_id, None, "password_reset")?;
        // Someone who had the account may have left a personal token behind.
        crate::db::models::credential::revoke_all_tokens(conn, user_id)?;
        audit::record(
            conn,
            Event {
                actor: Actor::User(user_id),
                action: "auth.password_reset",
                target: Some(("user", user_id.to_string())),
                ip,
                details: None,
            },
        )?;
        Ok(())
    })
}
