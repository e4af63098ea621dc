//! Sign-in with login or e-mail and password.

use kabinet_shared::api::auth::Role;
use kabinet_shared::ErrorCode;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::app::Route;
use crate::components::error_banner::ErrorBanner;
use crate::components::form_field::FormField;
use crate::i18n::{use_lang, Text};
use crate::session::{use_session, SessionState};

#[function_component(Login)]
pub fn login() -> Html {
    let lang = use_lang();
    let session = use_session();
    let navigator = use_navigator();
    let login = use_state(String::new);
    let password = use_state(String::new);
    let failure = use_state(|| None::<ApiFailure>);
    let busy = use_state(|| false);
    let expired = use_memo((), |_| super::query_param("expired").is_some());
    let blocked = use_memo((), |_| super::query_param("blocked").is_some());

    if let SessionState::SignedIn(_) = session.state {
        return html! { <Redirect<Route> to={Route::Home} /> };
    }
    let onsubmit = {
        let (login, password, failure, busy, session) = (
            login.clone(),
            password.clone(),
            failure.clone(),
            busy.clone(),
            session.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            let (login, password, failure, busy, session, navigator) = (
                (*login).clone(),
                (*password).clone(),
                failure.clone(),
                busy.clone(),
                session.clone(),
                navigator.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::auth::login(&login, &password).await;
                busy.set(false);
                match result {
                    Ok(answer) => {
                        failure.set(None);
                        api::mark_signed_in(true);
                        match api::me::profile().await {
                            Ok(profile) => {
                                let staff = answer.user.role != Role::Resident;
                                let target = if profile.rules.acceptance_required {
                                    Route::AcceptRules
                                } else {
                                    Route::Accounts
                                };
                                session.set.emit(SessionState::SignedIn(Box::new(profile)));
                                if staff {
                                    // The staff area is its own bundle: load it.
                                    if let Some(window) = web_sys::window() {
                                        let _ = window.location().assign(crate::app::STAFF_USERS);
                                    }
                                } else if let Some(nav) = navigator {
                                    nav.push(&target);
                                }
                            }
                            Err(err) => failure.set(Some(err)),
                        }
                    }
                    Err(err) => failure.set(Some(err)),
                }
            });
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
            if let Some(f) = &*failure {
                <ErrorBanner failure={f.clone()} />
            }
            <form {onsubmit} novalidate=true>
                <FormField name="login" label={lang.text(Text::LoginField)} value={(*login).clone()}
                    autocomplete="username" required=true oninput={{ let s = login.clone(); Callback::from(move |v| s.set(v)) }} />
                <FormField name="password" kind="password" label={lang.text(Text::PasswordField)} value={(*password).clone()}
                    autocomplete="current-password" required=true oninput={{ let s = password.clone(); Callback::from(move |v| s.set(v)) }} />
                <button class="primary" type="submit" disabled={*busy} data-testid="login-submit">{ lang.text(Text::LoginSubmit) }</button>
            </form>
            <p><Link<Route> to={Route::Forgot}>{ lang.text(Text::ForgotPassword) }</Link<Route>></p>
            <p><Link<Route> to={Route::Register}>{ lang.text(Text::NoAccount) }</Link<Route>></p>
        </section>
    }
}
