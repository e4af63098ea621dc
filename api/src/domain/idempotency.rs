//! `Idempotency-Key`: a retried request with the same key and the same body gets the first
//! answer again without the work being done twice; the same key with another body is 409
//! `idempotency_conflict`. The key is claimed in the transaction that does the work, so a
//! refusal (a 422) leaves nothing behind and a retry is judged afresh; a success stores its
//! answer in that same commit.

use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::models::idempotency::{self, Claim};
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use kabinet_shared::ErrorCode;

/// A request's key as the caller sent it, with whose it is.
pub struct Key {
    /// Whose key space (`user:5`, `client:2`): keys of different callers never meet.
    pub owner: String,
    pub key: String,
    /// The request it was sent with: method, path and body.
    pub request: String,
}

impl Key {
    fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.request.as_bytes()))
    }
}

/// Runs `work` in one transaction, at most once per key.
pub fn once<T, F>(conn: &mut DbConnection, key: Option<&Key>, work: F) -> Result<T, DomainError>
where
    T: Serialize + DeserializeOwned,
    F: FnOnce(&mut DbConnection) -> Result<T, DomainError>,
{
    conn.transaction(|conn| {
        let Some(key) = key else { return work(conn) };
        match idempotency::claim(conn, &key.owner, &key.key, &key.hash())? {
            Claim::Replay(_, body) => serde_json::from_str(&body)
                .map_err(|err| DomainError::Internal(format!("stored answer unreadable: {err}"))),
            Claim::Mismatch => Err(ErrorCode::IdempotencyConflict.into()),
            Claim::Fresh => {
                let answer = work(conn)?;
                let body = serde_json::to_string(&answer)
                    .map_err(|err| DomainError::Internal(err.to_string()))?;
                idempotency::answer(conn, &key.owner, &key.key, 201, &body)?;
                Ok(answer)
            }
        }
    })
}
