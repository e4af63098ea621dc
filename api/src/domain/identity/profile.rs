//! The resident's own data: profile, password, consents (152-FZ), Rules acceptance, sessions.

use kabinet_shared::api::auth::{ConsentChoices, Language, Role};
use kabinet_shared::api::me::{
    ConsentState, Consents, Profile, RulesAcceptance, SessionInfo, UpdateProfileRequest,
};
use kabinet_shared::validate;

use super::{unique_to_field, FieldErrors};
use crate::db::models::{consent, rules, session, user};
use crate::db::DbConnection;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::clock::shown;
use crate::domain::clock::Clock;
use crate::domain::error::DomainError;
use crate::domain::identity::password::check_policy;
use kabinet_shared::ErrorCode;

fn consents_of(conn: &mut DbConnection, found: &user::User) -> Result<Consents, DomainError> {
    let latest = consent::current(conn, found.id)?;
    let state = |kind: &str| {
        latest.iter().find(|(k, _, _)| k == kind).map_or(
            ConsentState {
                granted: false,
                changed_at: shown(found.created_at),
            },
            |(_, granted, at)| ConsentState {
                granted: *granted,
                changed_at: shown(*at),
            },
        )
    };
    Ok(Consents {
        personal_data: state("personal_data"),
        email: state("email"),
        sms: state("sms"),
        service_info: state("service_info"),
    })
}

/// `GET /me`.
pub fn profile(conn: &mut DbConnection, user_id: i64) -> Result<Profile, DomainError> {
    let found = user::find(conn, user_id)?.ok_or(DomainError::Rule(ErrorCode::Unauthorized))?;
    let role = Role::parse(&found.role).ok_or_else(|| DomainError::Internal("bad role".into()))?;
    let current = rules::current_version(conn)?;
    Ok(Profile {
        id: found.id,
        login: found.login.clone(),
        full_name: found.full_name.clone(),
        email: found.email.clone(),
        phone: found.phone.clone(),
        home_phone: found.home_phone.clone(),
        postal_address: found.postal_address.clone(),
        role,
        consents: consents_of(conn, &found)?,
        rules: RulesAcceptance {
            current_version: current,
            accepted_version: found.rules_version,
            accepted_at: found.rules_accepted_at.map(shown),
            acceptance_required: role == Role::Resident && found.rules_version != Some(current),
        },
        language: Language::parse(&found.language),
        email_verified: found.email_verified_at.is_some(),
    })
}

/// `PATCH /me`: validates each present field; an e-mail change needs the current password,
/// which the caller has checked through the guard (`password_verified`).
pub fn update(
    conn: &mut DbConnection,
    notifier: &crate::domain::notices::Notifier,
    user_id: i64,
    req: UpdateProfileRequest,
    password_verified: bool,
    ip: Option<&str>,
) -> Result<Profile, DomainError> {
    let found = user::find(conn, user_id)?.ok_or(DomainError::Rule(ErrorCode::Unauthorized))?;
    let mut errors = FieldErrors::default();
    let mut changed = Vec::new();
    let full_name = match &req.full_name {
        Some(raw) => errors.take("full_name", validate::full_name(raw)),
        None => Some(found.full_name.clone()),
    };
    let email = match &req.email {
        Some(raw) => errors.take("email", validate::email(raw)),
        None => Some(found.email.clone()),
    };
    let phone = match &req.phone {
        Some(raw) => errors.take("phone", validate::phone(raw)),
        None => Some(found.phone.clone()),
    };
    let home_phone = match req.home_phone.as_deref().map(str::trim) {
        Some("") => None,
        Some(raw) => errors.take("home_phone", validate::phone(raw)),
        None => found.home_phone.clone(),
    };
    let postal_address = match req.postal_address.as_deref().map(str::trim) {
        Some("") => None,
        Some(raw) => errors.take("postal_address", validate::plain_text(raw, 300)),
        None => found.postal_address.clone(),
    };
    let email_changes = email
        .as_deref()
        .is_some_and(|e| user::unique_key(e) != user::unique_key(&found.email));
    if email_changes && !password_verified {
        errors.add("current_password", "required");
    }
    errors.finish()?;
    let (Some(full_name), Some(email), Some(phone)) = (full_name, email, phone) else {
        return Err(DomainError::Internal("validated fields missing".into()));
    };
    for (name, old, new) in [
        ("full_name", Some(&found.full_name), Some(&full_name)),
        ("email", Some(&found.email), Some(&email)),
        ("phone", Some(&found.phone), Some(&phone)),
        ("home_phone", found.home_phone.as_ref(), home_phone.as_ref()),
        (
            "postal_address",
            found.postal_address.as_ref(),
            postal_address.as_ref(),
        ),
    ] {
        if old != new {
            changed.push(name);
        }
    }
    if req.language.is_some_and(|l| l.as_str() != found.language) {
        changed.push("language");
    }
    conn.transaction(|conn| {
        user::update_profile(
            conn,
            user_id,
            &user::ProfileChange {
                full_name,
                email,
                phone,
                home_phone,
                postal_address,
                language: req
                    .language
                    .map_or(found.language.clone(), |l| l.as_str().to_owned()),
                email_changed: email_changes,
            },
        )
        .map_err(unique_to_field)?;
        if email_changes {
            // A new address is proven like the first one; until then notices wait.
            crate::domain::notices::verification::start_for(conn, notifier, user_id)?;
        }
        if !changed.is_empty() {
            audit(
                conn,
                Actor::User(user_id),
                "profile.update",
                Target::User(user_id),
                ip,
                Some(format!("fields={}", changed.join(","))),
            )?;
        }
        Ok::<_, DomainError>(())
    })?;
    profile(conn, user_id)
}

/// `PUT /me/password`, before the current password is checked: the new one must pass the
/// policy (so a typo in it costs no guarded attempt).
pub fn check_new_password(
    conn: &mut DbConnection,
    user_id: i64,
    new: &str,
) -> Result<(), DomainError> {
    let found = user::find(conn, user_id)?.ok_or(DomainError::Rule(ErrorCode::Unauthorized))?;
    check_policy(new, &found.login, &found.email).map_err(|code| {
        DomainError::field("new_password", code, "the new password is not acceptable")
    })
}

/// `PUT /me/password`, after the guard passed and the new password was hashed: stores it and
/// ends every other session and every personal token.
pub fn change_password(
    conn: &mut DbConnection,
    user_id: i64,
    keep_session: Option<i64>,
    hash: &str,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    conn.transaction(|conn| {
        user::set_password(conn, user_id, hash)?;
        let ended = session::revoke_all(conn, user_id, keep_session, "password_change")?;
        crate::db::models::credential::revoke_all_tokens(conn, user_id)?;
        audit(
            conn,
            Actor::User(user_id),
            "profile.password_change",
            Target::User(user_id),
            ip,
            Some(format!("sessions_ended={ended}")),
        )
    })
}

/// `PUT /me/consents`: records an event for each consent whose state changes.
pub fn set_consents(
    conn: &mut DbConnection,
    user_id: i64,
    wanted: ConsentChoices,
    ip: Option<&str>,
) -> Result<Consents, DomainError> {
    if !wanted.personal_data {
        return Err(DomainError::Rule(ErrorCode::PersonalDataRequired));
    }
    let found = user::find(conn, user_id)?.ok_or(DomainError::Rule(ErrorCode::Unauthorized))?;
    let current = consents_of(conn, &found)?;
    let pairs = [
        (
            "personal_data",
            current.personal_data.granted,
            wanted.personal_data,
        ),
        ("email", current.email.granted, wanted.email),
        ("sms", current.sms.granted, wanted.sms),
        (
            "service_info",
            current.service_info.granted,
            wanted.service_info,
        ),
    ];
    conn.transaction(|conn| {
        let mut changes = Vec::new();
        for (kind, was, now) in pairs {
            if was != now {
                consent::record(conn, user_id, kind, now)?;
                changes.push(format!(
                    "{kind}={}",
                    if now { "granted" } else { "withdrawn" }
                ));
            }
        }
        if !changes.is_empty() {
            audit(
                conn,
                Actor::User(user_id),
                "consent.change",
                Target::User(user_id),
                ip,
                Some(changes.join(",")),
            )?;
        }
        Ok::<_, DomainError>(())
    })?;
    consents_of(conn, &found)
}

/// `POST /me/accept-rules`: only the current version can be accepted.
pub fn accept_rules(
    conn: &mut DbConnection,
    user_id: i64,
    version: i32,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    if version != rules::current_version(conn)? {
        return Err(DomainError::field(
            "version",
            "not_current",
            "only the current version can be accepted",
        ));
    }
    conn.transaction(|conn| {
        user::accept_rules(conn, user_id, version)?;
        audit(
            conn,
            Actor::User(user_id),
            "rules.accept",
            Target::User(user_id),
            ip,
            Some(format!("version={version}")),
        )
    })
}

/// `GET /me/sessions`: times in the supplier's zone, the device in words.
pub fn sessions(
    conn: &mut DbConnection,
    user_id: i64,
    current: Option<i64>,
    clock: &Clock,
) -> Result<Vec<SessionInfo>, DomainError> {
    Ok(session::list_active(conn, user_id)?
        .into_iter()
        .map(|s| {
            let (browser, os) = s
                .user_agent
                .as_deref()
                .map_or((None, None), super::device::describe);
            SessionInfo {
                current: Some(s.id) == current,
                id: s.public_id,
                user_agent: s.user_agent,
                browser: browser.map(str::to_owned),
                os: os.map(str::to_owned),
                ip: s.ip,
                created_at: clock.local_rfc3339(s.created_at),
                last_used_at: clock.local_rfc3339(s.last_used_at),
            }
        })
        .collect())
}

/// `DELETE /me/sessions/{id}`.
pub fn end_session(
    conn: &mut DbConnection,
    user_id: i64,
    public_id: &str,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    if !session::revoke_public(conn, user_id, public_id, "ended_by_user")? {
        return Err(DomainError::NOT_FOUND);
    }
    audit(
        conn,
        Actor::User(user_id),
        "session.end",
        Target::User(user_id),
        ip,
        None,
    )
}

/// `DELETE /me/sessions`: every session but this one.
pub fn end_other_sessions(
    conn: &mut DbConnection,
    user_id: i64,
    keep: Option<i64>,
    ip: Option<&str>,
) -> Result<usize, DomainError> {
    let ended = session::revoke_all(conn, user_id, keep, "ended_by_user")?;
    audit(
        conn,
        Actor::User(user_id),
        "session.end_others",
        Target::User(user_id),
        ip,
        Some(format!("ended={ended}")),
    )?;
    Ok(ended)
}
