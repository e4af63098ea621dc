//! The office staff's powers: find and view users (every view of personal data is audited),
//! block and unblock (Rules 2.3), publish Rules (2.2), read the audit log, and — admins only —
//! create operators.

mod blocks;

use kabinet_shared::api::accounts::Address;
use kabinet_shared::api::auth::{Role, UserSummary};
use kabinet_shared::api::operator::{
    AuditEntry, CreateOperatorRequest, UserAccount, UserDetail, UserListItem,
};
use kabinet_shared::validate;

use super::identity::guard;
use super::identity::{unique_to_field, FieldErrors};
use crate::db::models::audit::{self as audit_log, AuditRow, Filter};
use crate::db::models::{account, credential, rules, session, user};
use crate::db::DbConnection;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::clock::shown;
use crate::domain::error::DomainError;
use crate::domain::identity::password::{check_policy, hash_password};
use kabinet_shared::ErrorCode;

/// Who is acting, as the audit log records staff.
#[derive(Debug, Clone, Copy)]
pub struct StaffActor<'a> {
    pub id: i64,
    pub role: Role,
    pub ip: Option<&'a str>,
}

impl StaffActor<'_> {
    /// The staff member as the audit log records them.
    pub fn actor(self) -> Actor {
        Actor::Operator(self.id)
    }
}

fn role_of(u: &user::User) -> Result<Role, DomainError> {
    Role::parse(&u.role).ok_or_else(|| DomainError::Internal("bad role".into()))
}

/// Searches users; the search itself is audited (results show names).
pub fn search(
    conn: &mut DbConnection,
    by: StaffActor<'_>,
    query: &str,
    after_id: i64,
    limit: i64,
) -> Result<(Vec<UserListItem>, Option<i64>), DomainError> {
    let mut rows = user::search(conn, query, after_id, limit + 1)?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    let logins: Vec<&str> = rows.iter().map(|u| u.login.as_str()).collect();
    let locked = guard::locked_logins(conn, &logins)?;
    let mut items = Vec::with_capacity(rows.len());
    for u in rows {
        items.push(UserListItem {
            id: u.id,
            role: role_of(&u)?,
            blocked: u.blocked_at.is_some(),
            password_locked: locked.contains(&user::unique_key(&u.login)),
            login: u.login,
            full_name: u.full_name,
        });
    }
    let next = if more {
        items.last().map(|i| i.id)
    } else {
        None
    };
    let details = Some(format!("q={query}"));
    audit(
        conn,
        by.actor(),
        "user.search",
        Target::None,
        by.ip,
        details,
    )?;
    Ok((items, next))
}

/// One user in full; audited as a read of personal data.
pub fn view(
    conn: &mut DbConnection,
    by: StaffActor<'_>,
    id: i64,
) -> Result<UserDetail, DomainError> {
    let u = user::find(conn, id)?.ok_or(DomainError::NOT_FOUND)?;
    let active = user::active_sessions(conn, id)?;
    let (locked_at, failures) = guard::state(conn, &user::unique_key(&u.login))?;
    let linked_accounts = account::linked_to(conn, id)?
        .into_iter()
        .map(|(a, as_family_member, linked_at)| UserAccount {
            address: Address {
                settlement: a.settlement,
                street: a.street,
                house: a.house,
                flat: a.flat,
            },
            number: a.number,
            as_family_member,
            linked_at: shown(linked_at),
        })
        .collect();
    let block_history = blocks::history(conn, id)?;
    audit(conn, by.actor(), "user.view", Target::User(id), by.ip, None)?;
    Ok(UserDetail {
        id: u.id,
        role: role_of(&u)?,
        login: u.login,
        full_name: u.full_name,
        email: u.email,
        phone: u.phone,
        home_phone: u.home_phone,
        postal_address: u.postal_address,
        blocked_at: u.blocked_at.map(shown),
        blocked_reason: u.blocked_reason,
        created_at: shown(u.created_at),
        active_sessions: active,
        password_locked_at: locked_at.map(shown),
        recent_failed_logins: failures,
        linked_accounts,
        block_history,
    })
}

fn check_reason(reason: &str) -> Result<String, DomainError> {
    let reason = validate::plain_text(reason, 500).map_err(|code| {
        DomainError::field(
            "reason",
            code,
            "give a reason (one line, at most 500 characters)",
        )
    })?;
    if reason.chars().count() < 3 {
        return Err(DomainError::field("reason", "required", "give a reason"));
    }
    Ok(reason)
}

/// Operators may block residents; admins may block anyone but themselves.
fn may_act_on(by: StaffActor<'_>, target: &user::User) -> Result<(), DomainError> {
    let target_role = role_of(target)?;
    if target.id == by.id || (target_role.is_staff() && by.role != Role::Admin) {
        return Err(DomainError::Rule(ErrorCode::Forbidden));
    }
    Ok(())
}

/// Blocks a user and ends every session and personal token at once (Rules 2.3), in one
/// transaction. Shared by operators and the `kabinet` CLI. (Failed sign-ins never block a
/// user; they lock password sign-in of the login instead — see `identity::guard`.)
pub fn block_user(
    conn: &mut DbConnection,
    notifier: &crate::domain::notices::Notifier,
    id: i64,
    reason: &str,
    actor: Actor,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    conn.transaction(|conn| {
        user::set_blocked(conn, id, Some(reason))?;
        let ended = session::revoke_all(conn, id, None, "blocked")?;
        // Revoked for good: a token must not come back to life when the user is unblocked.
        let tokens = credential::revoke_all_tokens(conn, id)?;
        let details = Some(blocks::block_details(reason, ended, tokens));
        audit(conn, actor, blocks::BLOCK, Target::User(id), ip, details)?;
        let notice = crate::domain::notices::Notice::Blocked {
            reason: reason.to_owned(),
        };
        crate::domain::notices::notify(conn, notifier, id, &notice)?;
        Ok::<_, DomainError>(())
    })?;
    Ok(())
}

/// The user `id` after checking the reason and that `by` may act on them.
fn checked_target(
    conn: &mut DbConnection,
    by: StaffActor<'_>,
    id: i64,
    reason: &str,
) -> Result<(String, user::User), DomainError> {
    let reason = check_reason(reason)?;
    let target = user::find(conn, id)?.ok_or(DomainError::NOT_FOUND)?;
    may_act_on(by, &target)?;
    Ok((reason, target))
}

/// Blocks a user on an operator's decision.
pub fn block(
    conn: &mut DbConnection,
    notifier: &crate::domain::notices::Notifier,
    by: StaffActor<'_>,
    id: i64,
    reason: &str,
) -> Result<UserDetail, DomainError> {
    let (reason, _) = checked_target(conn, by, id, reason)?;
    block_user(conn, notifier, id, &reason, Actor::Operator(by.id), by.ip)?;
    view(conn, by, id)
}

/// Unblocks a user, lifts a password lock and forgets their failed sign-ins.
pub fn unblock(
    conn: &mut DbConnection,
    by: StaffActor<'_>,
    id: i64,
    reason: &str,
) -> Result<UserDetail, DomainError> {
    let (reason, target) = checked_target(conn, by, id, reason)?;
    unblock_user(conn, &target, &reason, Actor::Operator(by.id), by.ip)?;
    view(conn, by, id)
}

/// Lifts a block and a password lock in one transaction (operators, and `kabinet unblock`,
/// which mends an instance whose admins are all blocked).
pub fn unblock_user(
    conn: &mut DbConnection,
    target: &user::User,
    reason: &str,
    actor: Actor,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    conn.transaction(|conn| {
        user::set_blocked(conn, target.id, None)?;
        guard::unlock(conn, &user::unique_key(&target.login))?;
        let details = Some(blocks::unblock_details(reason));
        audit(
            conn,
            actor,
            blocks::UNBLOCK,
            Target::User(target.id),
            ip,
            details,
        )
    })?;
    Ok(())
}

/// Publishes the next version of the Rules; every resident must accept it at next sign-in.
pub fn publish_rules(
    conn: &mut DbConnection,
    by: StaffActor<'_>,
    body: &str,
) -> Result<i32, DomainError> {
    let body = validate::multiline_text(body, 200_000).map_err(|code| {
        DomainError::field(
            "body",
            code,
            "the Rules text: at most 200 000 characters, no control characters",
        )
    })?;
    let body = body.as_str();
    conn.transaction(|conn| {
        rules::lock(conn)?;
        let version = rules::publish(conn, body, Some(by.id))?;
        audit(
            conn,
            by.actor(),
            "rules.publish",
            Target::Rules(version),
            by.ip,
            None,
        )?;
        Ok(version)
    })
}

/// The audit log, newest first.
pub fn audit_log(
    conn: &mut DbConnection,
    filter: &Filter,
    before_id: i64,
    limit: i64,
) -> Result<(Vec<AuditEntry>, Option<i64>), DomainError> {
    let rows = audit_log::list(conn, filter, before_id, limit + 1)?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    let items: Vec<AuditEntry> = rows
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|r: AuditRow| AuditEntry {
            id: r.id,
            at: shown(r.at),
            actor_kind: r.actor_kind,
            actor_id: r.actor_id,
            action: r.action,
            target_kind: r.target_kind,
            target_id: r.target_id,
            ip: r.ip,
            details: r.details,
        })
        .collect();
    let next = if more {
        items.last().map(|i| i.id)
    } else {
        None
    };
    Ok((items, next))
}

/// A new operator's fields after validation; the password is not hashed yet.
pub struct NewOperator {
    login: String,
    full_name: String,
    email: String,
    phone: String,
    role: Role,
    password: String,
}

impl NewOperator {
    /// The password, for the hashing pool.
    pub fn password(&self) -> String {
        self.password.clone()
    }
}

/// Validates a new operator (or admin) like a registration.
pub fn check_operator(req: &CreateOperatorRequest) -> Result<NewOperator, DomainError> {
    let mut errors = FieldErrors::default();
    let login = errors.take("login", validate::login(&super::identity::nfkc(&req.login)));
    let full_name = errors.take("full_name", validate::full_name(&req.full_name));
    let email = errors.take("email", validate::email(&req.email));
    let phone = errors.take("phone", validate::phone(&req.phone));
    errors.take(
        "password",
        check_policy(&req.password, &req.login, &req.email),
    );
    errors.finish()?;
    let (Some(login), Some(full_name), Some(email), Some(phone)) = (login, full_name, email, phone)
    else {
        return Err(DomainError::Internal("validated fields missing".into()));
    };
    Ok(NewOperator {
        login,
        full_name,
        email,
        phone,
        role: if req.admin {
            Role::Admin
        } else {
            Role::Operator
        },
        password: req.password.clone(),
    })
}

/// Stores a checked operator with the hash made on the hashing pool (the admin API) or inline
/// (`kabinet create-operator`).
pub fn insert_operator(
    conn: &mut DbConnection,
    by: Option<StaffActor<'_>>,
    new: NewOperator,
    hash: &str,
) -> Result<UserSummary, DomainError> {
    let NewOperator {
        login,
        full_name,
        email,
        phone,
        role,
        ..
    } = new;
    conn.transaction(|conn| {
        let id = user::insert(
            conn,
            &user::NewUser {
                login: &login,
                full_name: &full_name,
                email: &email,
                phone: &phone,
                home_phone: None,
                role: role.as_str(),
                password_hash: hash,
                rules_version: None,
                language: "ru",
            },
        )
        .map_err(unique_to_field)?;
        let actor = by.map_or(Actor::System, StaffActor::actor);
        let (ip, details) = (by.and_then(|b| b.ip), format!("role={}", role.as_str()));
        audit(
            conn,
            actor,
            "operator.create",
            Target::User(id),
            ip,
            Some(details),
        )?;
        Ok(UserSummary {
            id,
            login,
            full_name,
            role,
        })
    })
}

/// Validates, hashes and stores an operator in one blocking call (the CLI).
pub fn create_operator(
    conn: &mut DbConnection,
    by: Option<StaffActor<'_>>,
    req: &CreateOperatorRequest,
) -> Result<UserSummary, DomainError> {
    let new = check_operator(req)?;
    let hash = hash_password(&new.password)?;
    insert_operator(conn, by, new, &hash)
}
