//! Extractors that make a handler require a caller: taking `AuthUser` means "signed-in resident
//! or staff who accepted the current Rules"; `PendingRulesUser` skips the Rules check (profile,
//! accepting the Rules, logout); `Staff` needs an operator or admin; `ApiClient` an integrator
//! key. A missing or bad credential is a 401, never an anonymous caller.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{web, FromRequest, HttpRequest};
use kabinet_shared::api::auth::Role;
use kabinet_shared::api::me::PersonalScope;

use super::cookies::{self, CookiePolicy, ACCESS_COOKIE};
use crate::db::batch::Batch;
use crate::db::models::account::{self, Account};
use crate::db::models::{credential, rules, session};
use crate::db::{Db, DbConnection};
use crate::domain::identity::token::{self, API_KEY_PREFIX, PERSONAL_TOKEN_PREFIX};
use crate::error::ApiError;
use crate::http::state::AppState;
use kabinet_shared::ErrorCode;

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The SPA's HttpOnly cookie (writes need the CSRF header).
    Cookie,
    /// `Authorization: Bearer <access token>`.
    Bearer,
    /// `Authorization: Bearer kbt_…`, a resident's personal token.
    PersonalToken,
}

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: i64,
    pub role: Role,
    /// The session (absent for personal tokens).
    pub session_id: Option<i64>,
    pub session_public_id: Option<String>,
    pub via: Via,
    /// Scopes of a personal token; `None` for a full session.
    pub scopes: Option<Vec<PersonalScope>>,
    pub ip: Option<String>,
    /// Whether a resident still has to accept the current Rules.
    pub rules_pending: bool,
}

/// A signed-in user who has accepted the current Rules (staff need not).
#[derive(Debug, Clone)]
pub struct AuthUser(pub Caller);

/// A signed-in user, whether or not they accepted the current Rules.
#[derive(Debug, Clone)]
pub struct PendingRulesUser(pub Caller);

/// A signed-in user who has accepted the current Rules, or a personal token with
/// `readings:write` (home automation posting what the meter shows): the one write a token may
/// make.
#[derive(Debug, Clone)]
pub struct ReadingWriter(pub Caller);

/// An operator or admin.
#[derive(Debug, Clone)]
pub struct Staff(pub Caller);

impl Staff {
    /// Fails unless the caller is an admin.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.0.role == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::FORBIDDEN)
        }
    }
}

enum Credential {
    Jwt(String, Via),
    Personal(String),
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

fn credential(req: &HttpRequest, cookies: &CookiePolicy) -> Result<Credential, ApiError> {
    if let Some(token) = bearer(req) {
        if token.starts_with(PERSONAL_TOKEN_PREFIX) {
            return Ok(Credential::Personal(token));
        }
        if token.starts_with(API_KEY_PREFIX) {
            return Err(ApiError::FORBIDDEN);
        }
        return Ok(Credential::Jwt(token, Via::Bearer));
    }
    match cookies.read(req, ACCESS_COOKIE) {
        Some(value) => Ok(Credential::Jwt(value, Via::Cookie)),
        None => Err(ApiError::UNAUTHORIZED),
    }
}

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// What a request's credential says before the database is asked: a verified access token, or
/// a personal token's hash. Checking it needs one round trip ([`Unverified::resolve_on`]).
#[derive(Debug, Clone)]
pub struct Unverified {
    proof: Proof,
    ip: Option<String>,
    max_age: chrono::Duration,
}

#[derive(Debug, Clone)]
enum Proof {
    Jwt { sid: String, via: Via },
    Personal { hash: String },
}

/// The CPU-only part: the token's signature and expiry, and the CSRF check of a cookie write.
fn unverified(req: &HttpRequest, state: &AppState) -> Result<Unverified, ApiError> {
    let credential = credential(req, &state.cookies)?;
    let ip = cookies::client_ip(req);
    let proof = match credential {
        Credential::Jwt(jwt, via) => {
            let claims =
                token::verify_access(&state.jwt_key, &jwt).ok_or(ApiError::UNAUTHORIZED)?;
            // The CSRF token is the session's own (an HMAC of its id), not any equal pair.
            if via == Via::Cookie
                && is_write(req.method())
                && !cookies::csrf_ok(req, &state.jwt_key, &claims.sid)
            {
                return Err(ApiError::Code(ErrorCode::CsrfFailed));
            }
            Proof::Jwt {
                sid: claims.sid,
                via,
            }
        }
        Credential::Personal(secret) => Proof::Personal {
            hash: token::hash_secret(&secret),
        },
    };
    Ok(Unverified {
        proof,
        ip,
        max_age: state.session_max_age,
    })
}

impl Unverified {
    /// The database part, on a connection the caller already holds: one query for a session
    /// (with the user's flags and the current Rules version), or the token and its user.
    pub fn resolve_on(&self, conn: &mut DbConnection) -> Result<Caller, ApiError> {
        match &self.proof {
            Proof::Jwt { sid, via } => {
                let auth = session::authenticate(conn, sid, self.max_age)?
                    .ok_or(ApiError::UNAUTHORIZED)?;
                self.session_caller(conn, auth, sid, *via)
            }
            Proof::Personal { hash } => {
                let tok = credential::find_token(conn, hash)?.ok_or(ApiError::UNAUTHORIZED)?;
                credential::touch_token(conn, &tok)?;
                let user = crate::db::models::user::find(conn, tok.user_id)?
                    .ok_or(ApiError::UNAUTHORIZED)?;
                let current_rules = rules::current_version(conn)?;
                if user.blocked_at.is_some() {
                    return Err(ApiError::Code(ErrorCode::AccountBlocked));
                }
                // Personal tokens are a resident's tool; a staff member's token (if one was ever
                // made) opens neither the staff area nor a resident's view.
                if Role::parse(&user.role) != Some(Role::Resident) {
                    return Err(ApiError::UNAUTHORIZED);
                }
                let scopes: Vec<PersonalScope> = tok
                    .scopes
                    .split(' ')
                    .filter_map(PersonalScope::parse)
                    .collect();
                Ok(Caller {
                    user_id: user.id,
                    role: Role::Resident,
                    session_id: None,
                    session_public_id: None,
                    via: Via::PersonalToken,
                    scopes: Some(scopes),
                    ip: self.ip.clone(),
                    rules_pending: user.rules_version != Some(current_rules),
                })
            }
        }
    }
}

impl Unverified {
    /// The caller a live session stands for (the session marked used, at most once a minute).
    fn session_caller(
        &self,
        conn: &mut DbConnection,
        auth: session::SessionAuth,
        sid: &str,
        via: Via,
    ) -> Result<Caller, ApiError> {
        session::touch(conn, auth.session_id, auth.last_used_at)?;
        if auth.blocked {
            return Err(ApiError::Code(ErrorCode::AccountBlocked));
        }
        let role = Role::parse(&auth.role).ok_or_else(|| ApiError::Internal("bad role".into()))?;
        Ok(Caller {
            user_id: auth.user_id,
            role,
            session_id: Some(auth.session_id),
            session_public_id: Some(sid.to_owned()),
            via,
            scopes: None,
            ip: self.ip.clone(),
            rules_pending: role == Role::Resident
                && auth.rules_version != Some(auth.current_rules.unwrap_or(0)),
        })
    }
}

/// Resolves the caller of `req`: token checks, then one database round trip.
async fn resolve(req: HttpRequest) -> Result<Caller, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Internal("AppState missing".into()))?
        .clone();
    let pending = unverified(&req, &state)?;
    state.db.run(move |conn| pending.resolve_on(conn)).await
}

/// A resident's read whose credential is checked on the handler's own connection, in the same
/// trip to the blocking pool as the work (`db.run(|conn| { let who = reader.resolve_on(conn)?;
/// … })`): the hot read paths (the account, the statement) pay one hand-off instead of two.
/// The same rules as [`AuthUser`]: a valid session or a personal token with `read`, Rules
/// accepted.
#[derive(Debug, Clone)]
pub struct ResidentRead(Unverified);

impl ResidentRead {
    /// The caller, checked as [`AuthUser`] would.
    pub fn resolve_on(&self, conn: &mut DbConnection) -> Result<Caller, ApiError> {
        let caller = self.0.resolve_on(conn)?;
        Self::check(caller)
    }

    /// The account `number` of the caller (404 unless linked to them), the caller checked as
    /// [`AuthUser`] would: `(account, as a family member)`. For a session both come from one
    /// query ([`session::authenticate_for_account`]); a personal token takes two.
    pub fn linked_account(
        &self,
        conn: &mut DbConnection,
        number: &str,
    ) -> Result<(Account, bool), ApiError> {
        match &self.0.proof {
            Proof::Jwt { sid, via } => {
                let (auth, account) =
                    session::authenticate_for_account(conn, sid, self.0.max_age, number)?
                        .ok_or(ApiError::UNAUTHORIZED)?;
                Self::check(self.0.session_caller(conn, auth, sid, *via)?)?;
                account.ok_or(ApiError::NOT_FOUND)
            }
            Proof::Personal { .. } => {
                let caller = self.resolve_on(conn)?;
                Ok(crate::domain::accounts::linked(
                    conn,
                    caller.user_id,
                    number,
                )?)
            }
        }
    }

    /// [`Self::linked_account`] with the account's figures for «Общая информация»: for a
    /// session one coalesced read ([`AccountPages`]: on PostgreSQL one statement answers every
    /// page asked for at that moment), three queries for a personal token.
    pub async fn account_page(
        self,
        db: &Db,
        pages: &Arc<Batch<AccountPages>>,
        number: String,
    ) -> Result<session::AccountPage, ApiError> {
        match &self.0.proof {
            Proof::Jwt { sid, .. } => {
                let ask = session::PageAsk::new(sid, self.0.max_age, &number);
                db.run_batched(pages, (self, ask)).await?
            }
            Proof::Personal { .. } => {
                db.run(move |conn| {
                    let linked = self.linked_account(conn, &number)?;
                    let figures = account::figures(conn, linked.0.id, linked.0.house_id)?;
                    Ok((linked, figures))
                })
                .await
            }
        }
    }

    /// Whether the caller signs in with a session (its account page read is coalesced and
    /// brings the ledger version); `false` for a personal token.
    pub fn by_session(&self) -> bool {
        matches!(self.0.proof, Proof::Jwt { .. })
    }

    fn check(caller: Caller) -> Result<Caller, ApiError> {
        match &caller.scopes {
            Some(scopes) if !scopes.contains(&PersonalScope::Read) => {
                return Err(ApiError::InsufficientScope("read"))
            }
            _ => {}
        }
        if caller.rules_pending {
            return Err(ApiError::Code(ErrorCode::RulesNotAccepted));
        }
        Ok(caller)
    }
}

mod account_pages;
pub use account_pages::AccountPages;

impl FromRequest for ResidentRead {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>();
        std::future::ready(match state {
            None => Err(ApiError::Internal("AppState missing".into())),
            Some(state) if !is_write(req.method()) => unverified(req, state).map(Self),
            Some(_) => Err(ApiError::Internal("ResidentRead on a write".into())),
        })
    }
}

/// Personal tokens may only read (scope `read`) through the general extractors; writing
/// endpoints that accept them check their own scope with [`Caller::require_scope`].
fn check_personal_scope(req: &HttpRequest, caller: &Caller) -> Result<(), ApiError> {
    match &caller.scopes {
        None => Ok(()),
        Some(_) if is_write(req.method()) => {
            Err(ApiError::InsufficientScope("a signed-in session"))
        }
        Some(scopes) if scopes.contains(&PersonalScope::Read) => Ok(()),
        Some(_) => Err(ApiError::InsufficientScope("read")),
    }
}

impl Caller {
    /// Fails unless a personal token carries `scope` (full sessions have every scope).
    pub fn require_scope(&self, scope: PersonalScope) -> Result<(), ApiError> {
        match &self.scopes {
            None => Ok(()),
            Some(s) if s.contains(&scope) => Ok(()),
            Some(_) => Err(ApiError::InsufficientScope(scope.as_str())),
        }
    }
}

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

impl FromRequest for PendingRulesUser {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = resolve(req.clone()).await?;
            check_personal_scope(&req, &caller)?;
            Ok(Self(caller))
        })
    }
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = resolve(req.clone()).await?;
            check_personal_scope(&req, &caller)?;
            if caller.rules_pending {
                return Err(ApiError::Code(ErrorCode::RulesNotAccepted));
            }
            Ok(Self(caller))
        })
    }
}

impl FromRequest for ReadingWriter {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = resolve(req).await?;
            caller.require_scope(PersonalScope::ReadingsWrite)?;
            if caller.rules_pending {
                return Err(ApiError::Code(ErrorCode::RulesNotAccepted));
            }
            Ok(Self(caller))
        })
    }
}

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = resolve(req).await?;
            if caller.scopes.is_some() || !caller.role.is_staff() {
                return Err(ApiError::FORBIDDEN);
            }
            Ok(Self(caller))
        })
    }
}

/// An integrator authenticated by its API key.
#[derive(Debug, Clone)]
pub struct ApiClient {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub ip: Option<String>,
}

impl ApiClient {
    /// Fails with 403 `insufficient_scope` unless the key carries `scope`.
    pub fn require(&self, scope: &'static str) -> Result<(), ApiError> {
        if self.scopes.iter().any(|s| s == scope) {
            Ok(())
        } else {
            Err(ApiError::InsufficientScope(scope))
        }
    }
}

impl FromRequest for ApiClient {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| ApiError::Internal("AppState missing".into()))?
                .clone();
            let key = bearer(&req).ok_or(ApiError::UNAUTHORIZED)?;
            if !key.starts_with(API_KEY_PREFIX) {
                return Err(ApiError::UNAUTHORIZED);
            }
            let hash = token::hash_secret(&key);
            let (id, name, scopes) = state
                .db
                .run(move |conn| Ok::<_, ApiError>(credential::find_client(conn, &hash)?))
                .await?
                .ok_or(ApiError::UNAUTHORIZED)?;
            Ok(Self {
                id,
                name,
                scopes: scopes.split(' ').map(str::to_owned).collect(),
                ip: cookies::client_ip(&req),
            })
        })
    }
}
