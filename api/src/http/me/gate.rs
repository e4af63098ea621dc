//! The current-password check of profile changes, guarded like a sign-in (Rules 2.3): taken
//! from the throttle before Argon2 runs, counted when wrong, and never holding a pooled
//! connection while the hash is computed.

use crate::domain::identity::guard::{self, LockNotice};
use crate::error::ApiError;
use crate::http::state::AppState;

/// Checks `password` as the current password of `user_id`; `Err` with
/// `fields.current_password = wrong` (or 429 / 403 `password_locked` / 503 `busy`) otherwise.
pub async fn current_password(
    state: &actix_web::web::Data<AppState>,
    user_id: i64,
    password: String,
    ip: Option<String>,
) -> Result<(), ApiError> {
    let policy = state.throttle;
    let gate = state
        .db
        .run(move |conn| guard::open_gate(conn, &policy, user_id, ip.as_deref()))
        .await?;
    let matched = match state.verify_password(password, gate.stored_hash()).await {
        Ok(matched) => matched,
        Err(busy) => {
            state
                .db
                .run(move |conn| guard::abandon(conn, gate.attempt()))
                .await?;
            return Err(busy);
        }
    };
    let st = state.clone();
    state
        .db
        .run(move |conn| {
            let notice = LockNotice {
                mailer: st.mailer.as_ref(),
                public_url: &st.public_url,
            };
            guard::close_gate(conn, &policy, &notice, gate, matched)
        })
        .await?;
    Ok(())
}
