//! Sign-in with login or e-mail and password; back to the page the visitor came for.

use kabinet_shared::api::auth::Role;
use kabinet_shared::api::me::Profile;
use kabinet_shared::ErrorCode;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::form_field::FormField;
use crate::hooks::use_submit;
use crate::i18n::{use_lang, Text};
use crate::session::{use_session, SessionState};

/// Where to go after signing in: the `next` page if it is one of ours (a path on this site,
/// never another host), else the resident's home.
fn next_page() -> Option<String> {
    let next = super::query_param("next")?;
    (next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')).then_some(next)
}

#[function_component(Login)]
pub fn login() -> Html {
    let lang = use_lang();
    let session = use_session();
    let navigator = use_navigator();
    let login = use_state(String::new);
    let password = use_state(String::new);
    let submit = use_submit::<Profile>();
    let expired = use_memo((), |_| super::query_param("expired").is_some());
    let blocked = use_memo((), |_| super::query_param("blocked").is_some());

    if let SessionState::SignedIn(_) = session.state {
        return html! { <Redirect<Route> to={Route::Home} /> };
    }
    let onsubmit = {
        let (login, password, submit) = (login.clone(), password.clone(), submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (login, password) = ((*login).clone(), (*password).clone());
            // An empty field is said at once and never sent: an accidental Enter must not count
            // as a failed sign-in towards the throttle.
            if let Some(refusal) =
                api::ApiFailure::missing(&[("login", login.trim()), ("password", &password)])
            {
                submit.refuse(refusal);
                return;
            }
            let (session, navigator) = (session.clone(), navigator.clone());
            submit.run(
                async move {
                    api::auth::login(&login, &password).await?;
                    api::mark_signed_in(true);
                    api::me::profile().await
                },
                move |profile| {
                    let staff = profile.role != Role::Resident;
                    let rules = profile.rules.acceptance_required;
                    session
                        .set
                        .emit(SessionState::SignedIn(Box::new(profile.clone())));
                    go_on(staff, rules, navigator);
                },
            );
        })
    };
    html! {
        <section class="card narrow">
            <h1>{ lang.text(Text::LoginTitle) }</h1>
            if *blocked {
                <div class="banner error" role="alert" data-testid="account-blocked">{ lang.error(ErrorCode::AccountBlocked) }</div>
            } else if *expired {
                <div class="banner warning" role="status" data-testid="session-expired">{ lang.text(Text::SessionExpired) }</div>
            }
            <form {onsubmit} novalidate=true ref={submit.form.clone()}>
                if submit.field("login").is_none() && submit.field("password").is_none() {
                    { submit.banner() }
                }
                <FormField name="login" label={lang.text(Text::LoginField)} value={(*login).clone()} error={submit.field("login")}
                    autocomplete="username" required=true oninput={{ let s = login.clone(); Callback::from(move |v| s.set(v)) }} />
                <FormField name="password" kind="password" label={lang.text(Text::PasswordField)} value={(*password).clone()} error={submit.field("password")}
                    autocomplete="current-password" required=true oninput={{ let s = password.clone(); Callback::from(move |v| s.set(v)) }} />
                <button class="primary" type="submit" disabled={submit.busy()} data-testid="login-submit">{ lang.text(Text::LoginSubmit) }</button>
            </form>
            <p><Link<Route> to={Route::Forgot}>{ lang.text(Text::ForgotPassword) }</Link<Route>></p>
            <p><Link<Route> to={Route::Register}>{ lang.text(Text::NoAccount) }</Link<Route>></p>
        </section>
    }
}

/// After signing in: new Rules first; staff to their own bundle; everyone else back to where
/// they were going, or home.
fn go_on(staff: bool, rules_pending: bool, navigator: Option<Navigator>) {
    let next = next_page();
    let full_load = |path: &str| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().assign(path);
        }
    };
    if rules_pending && !staff {
        if let Some(nav) = navigator {
            nav.push(&Route::AcceptRules);
        }
        return;
    }
    match next {
        // Staff pages live in the other bundle: a full page load.
        Some(path) if path.starts_with("/operator/") => full_load(&path),
        Some(path) => match (Route::recognize(&path), navigator) {
            (Some(route), Some(nav)) if route != Route::NotFound => nav.push(&route),
            _ => full_load(&path),
        },
        None if staff => full_load(crate::app::STAFF_USERS),
        None => {
            if let Some(nav) = navigator {
                nav.push(&Route::Home);
            }
        }
    }
}
