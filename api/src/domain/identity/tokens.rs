//! Personal API tokens: a resident's own automation (a home controller sending readings).

use kabinet_shared::api::me::{CreateTokenRequest, CreatedToken, PersonalScope, TokenInfo};

use crate::db::models::credential::{self, PersonalToken};
use crate::db::DbConnection;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::clock::shown;
use crate::domain::error::DomainError;
use crate::domain::identity::token::{self, PERSONAL_TOKEN_PREFIX};

fn info(t: PersonalToken) -> TokenInfo {
    TokenInfo {
        id: t.id,
        name: t.name,
        scopes: t
            .scopes
            .split(' ')
            .filter_map(PersonalScope::parse)
            .collect(),
        created_at: shown(t.created_at),
        last_used_at: t.last_used_at.map(shown),
    }
}

/// Creates a token; the secret is returned this once.
pub fn create(
    conn: &mut DbConnection,
    user_id: i64,
    req: CreateTokenRequest,
    ip: Option<&str>,
) -> Result<CreatedToken, DomainError> {
    let name = kabinet_shared::validate::plain_text(&req.name, 100).map_err(|code| {
        DomainError::field(
            "name",
            code,
            "name the token (one line, at most 100 characters)",
        )
    })?;
    let name = name.as_str();
    if req.scopes.is_empty() {
        return Err(DomainError::field(
            "scopes",
            "required",
            "choose at least one scope",
        ));
    }
    let mut scopes: Vec<&str> = req.scopes.iter().map(|s| s.as_str()).collect();
    scopes.sort_unstable();
    scopes.dedup();
    let secret = token::random_secret(PERSONAL_TOKEN_PREFIX)?;
    let created = conn.transaction(|conn| {
        let created = credential::create_token(
            conn,
            user_id,
            name,
            &token::hash_secret(&secret),
            &scopes.join(" "),
        )?;
        let details = Some(format!("scopes={}", scopes.join(",")));
        let target = Target::PersonalToken(created.id);
        audit(
            conn,
            Actor::User(user_id),
            "token.create",
            target,
            ip,
            details,
        )?;
        Ok::<_, DomainError>(created)
    })?;
    Ok(CreatedToken {
        token: secret,
        info: info(created),
    })
}

/// The user's active tokens.
pub fn list(conn: &mut DbConnection, user_id: i64) -> Result<Vec<TokenInfo>, DomainError> {
    Ok(credential::list_tokens(conn, user_id)?
        .into_iter()
        .map(info)
        .collect())
}

/// Revokes one of the user's tokens.
pub fn revoke(
    conn: &mut DbConnection,
    user_id: i64,
    id: i64,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    if !credential::revoke_token(conn, user_id, id)? {
        return Err(DomainError::NOT_FOUND);
    }
    audit(
        conn,
        Actor::User(user_id),
        "token.revoke",
        Target::PersonalToken(id),
        ip,
        None,
    )?;
    Ok(())
}
