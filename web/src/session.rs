//! Who is signed in, as a context (no globals). The app asks `GET /me` once at start (the
//! HttpOnly cookie, renewed with the refresh cookie if needed), so a reload keeps a signed-in
//! user signed in.

use kabinet_shared::api::me::Profile;
use yew::prelude::*;

/// The session as the UI knows it.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionState {
    /// The first `GET /me` has not answered yet.
    Loading,
    Anonymous,
    SignedIn(Box<Profile>),
}

/// The state and a way to change it.
#[derive(Clone, PartialEq)]
pub struct SessionContext {
    pub state: SessionState,
    pub set: Callback<SessionState>,
}

impl SessionContext {
    /// The signed-in profile, if any.
    pub fn profile(&self) -> Option<&Profile> {
        match &self.state {
            SessionState::SignedIn(p) => Some(p),
            _ => None,
        }
    }

    /// Re-reads the profile from the API (after sign-in, Rules acceptance, profile edits).
    pub fn reload(&self) {
        let set = self.set.clone();
        wasm_bindgen_futures::spawn_local(async move {
            set.emit(match crate::api::me::profile().await {
                Ok(profile) => SessionState::SignedIn(Box::new(profile)),
                Err(_) => SessionState::Anonymous,
            });
        });
    }
}

/// The session context (panics never: outside a provider it is "loading").
#[hook]
pub fn use_session() -> SessionContext {
    use_context::<SessionContext>().unwrap_or(SessionContext {
        state: SessionState::Loading,
        set: Callback::noop(),
    })
}
