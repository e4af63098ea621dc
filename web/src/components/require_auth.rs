//! Guards pages that need a signed-in user: anonymous visitors go to the login page (and come
//! back here after signing in), residents who must accept new Rules go to the acceptance page,
//! and a resident who opens a staff page is told it is for the office's staff.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::spinner::spinner;
use crate::i18n::{use_lang, Lang, Text};
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
    let lang = use_lang();
    match &session.state {
        SessionState::Loading => spinner(lang),
        SessionState::Anonymous => html! { <ToLogin /> },
        SessionState::SignedIn(profile) => {
            if props.staff && !profile.role.is_staff() {
                staff_only(lang)
            } else if profile.rules.acceptance_required
                && !props.allow_pending_rules
                && !profile.role.is_staff()
            {
                html! { <Redirect<Route> to={Route::AcceptRules} /> }
            } else {
                props.children.clone()
            }
        }
    }
}

/// The path and query of the page being shown.
pub fn current_path() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}",
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// Sends the visitor to the login page with this page as the place to come back to.
#[function_component(ToLogin)]
fn to_login() -> Html {
    let navigator = use_navigator();
    use_effect_with((), move |_| {
        if let Some(nav) = navigator {
            let _ = nav.replace_with_query(&Route::Login, &[("next", current_path())]);
        }
    });
    spinner(use_lang())
}

/// What a resident sees on a staff page.
fn staff_only(lang: Lang) -> Html {
    html! {
        <section class="card narrow" data-testid="staff-only">
            <h1>{ lang.text(Text::StaffOnlyTitle) }</h1>
            <p>{ lang.text(Text::StaffOnlyBody) }</p>
            <a class="button primary" href="/">{ lang.text(Text::ToMyHome) }</a>
        </section>
    }
}
