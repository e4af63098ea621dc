//! Guards pages that need a signed-in user: anonymous visitors go to the login page, residents
//! who must accept new Rules go to the acceptance page, non-staff never see staff pages.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::spinner::Spinner;
use crate::session::{use_session, SessionState};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub children: Html,
    /// Only operators and admins.
    #[prop_or_default]
    pub staff: bool,
    /// Show even when the current Rules are not accepted (the acceptance page itself).
    #[prop_or_default]
    pub allow_pending_rules: bool,
}

#[function_component(RequireAuth)]
pub fn require_auth(props: &Props) -> Html {
    let session = use_session();
    match &session.state {
        SessionState::Loading => html! { <Spinner /> },
        SessionState::Anonymous => html! { <Redirect<Route> to={Route::Login} /> },
        SessionState::SignedIn(profile) => {
            if profile.rules.acceptance_required && !props.allow_pending_rules {
                html! { <Redirect<Route> to={Route::AcceptRules} /> }
            } else if props.staff && !profile.role.is_staff() {
                html! { <Redirect<Route> to={Route::Home} /> }
            } else {
                props.children.clone()
            }
        }
    }
}
