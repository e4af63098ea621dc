//! Routes, the page frame (header, navigation, footer), and the language and session contexts.

use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::env_check::{env_check, use_cookies_work};
use crate::components::lang_switch::lang_switch;
use crate::i18n::{use_lang, Lang, LangContext, Text};
use crate::pages::accept_rules::AcceptRules;
use crate::pages::accounts::account::{account_page, Section};
use crate::pages::accounts::accounts_page;
use crate::pages::forgot::{Forgot, ResetPassword};
use crate::pages::help::help;
use crate::pages::profile::ProfilePage;
use crate::pages::{home::Home, login::Login, not_found::not_found, register::Register};
use crate::session::{use_session, SessionContext, SessionState};

/// Where the staff area's pages are (the staff bundle under `/operator/`).
#[cfg_attr(feature = "staff", allow(dead_code))]
pub const STAFF_ACCOUNTS: &str = "/operator/accounts";
pub const STAFF_USERS: &str = "/operator/users";
#[cfg_attr(feature = "staff", allow(dead_code))]
pub const STAFF_AUDIT: &str = "/operator/audit";

/// Every client-side route of the SPA.
#[derive(Clone, Routable, PartialEq, Eq, Debug)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/login")]
    Login,
    #[at("/register")]
    Register,
    #[at("/forgot-password")]
    Forgot,
    #[at("/reset-password")]
    ResetPassword,
    #[at("/rules/accept")]
    AcceptRules,
    #[at("/profile")]
    Profile,
    #[at("/accounts")]
    Accounts,
    #[at("/accounts/:number")]
    Account { number: String },
    #[at("/accounts/:number/:section")]
    AccountSection { number: String, section: Section },
    #[at("/help")]
    Help,
    /// Back from the payment provider (the meters bundle).
    #[cfg(feature = "meters")]
    #[at("/payments/:id")]
    Payment { id: String },
    /// The built-in sandbox payment provider's page (the meters bundle).
    #[cfg(feature = "meters")]
    #[at("/sandbox/payments/:id")]
    SandboxPayment { id: String },
    /// «Обращения» (the meters bundle).
    #[cfg(feature = "meters")]
    #[at("/appeals")]
    Appeals,
    #[cfg(feature = "meters")]
    #[at("/appeals/:id")]
    Appeal { id: i64 },
    /// Notification choices and «Мои данные» (the meters bundle).
    #[cfg(feature = "meters")]
    #[at("/profile/notifications")]
    ProfileNotifications,
    /// The link in the verification message (the meters bundle).
    #[cfg(feature = "meters")]
    #[at("/verify-email")]
    VerifyEmail,
    /// The link in every message (the meters bundle).
    #[cfg(feature = "meters")]
    #[at("/unsubscribe")]
    Unsubscribe,
    /// The office's overview: new and overdue appeals, flagged readings.
    #[cfg(feature = "staff")]
    #[at("/operator")]
    OperatorHome,
    #[cfg(feature = "staff")]
    #[at("/operator/appeals")]
    OperatorAppeals,
    #[cfg(feature = "staff")]
    #[at("/operator/appeals/:id")]
    OperatorAppeal { id: i64 },
    #[cfg(feature = "staff")]
    #[at("/operator/accounts")]
    OperatorAccounts,
    #[cfg(feature = "staff")]
    #[at("/operator/accounts/:number")]
    OperatorAccount { number: String },
    #[cfg(feature = "staff")]
    #[at("/operator/users")]
    OperatorUsers,
    #[cfg(feature = "staff")]
    #[at("/operator/users/:id")]
    OperatorUser { id: i64 },
    #[cfg(feature = "staff")]
    #[at("/operator/audit")]
    AuditLog,
    /// «Показания на проверке»: readings residents confirmed as unusual.
    #[cfg(feature = "staff")]
    #[at("/operator/readings")]
    FlaggedReadings,
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn switch(lang: Lang, route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Login => html! { <Login /> },
        Route::Register => html! { <Register /> },
        Route::Forgot => html! { <Forgot /> },
        Route::ResetPassword => html! { <ResetPassword /> },
        Route::AcceptRules => html! {
            <crate::components::require_auth::RequireAuth allow_pending_rules=true><AcceptRules /></crate::components::require_auth::RequireAuth>
        },
        Route::Profile => html! { <ProfilePage /> },
        Route::Accounts => accounts_page(),
        Route::Account { number } => account_page(number, Section::Info),
        Route::AccountSection { number, section } => account_page(number, section),
        Route::Help => help(lang),
        #[cfg(feature = "meters")]
        Route::Payment { id } => crate::pages::billing::payment_page(id),
        #[cfg(feature = "meters")]
        Route::SandboxPayment { id } => crate::pages::billing::sandbox_page(id),
        #[cfg(feature = "meters")]
        Route::Appeals => crate::pages::appeals::appeals_page(),
        #[cfg(feature = "meters")]
        Route::Appeal { id } => crate::pages::appeals::appeal_page(id),
        #[cfg(feature = "meters")]
        Route::ProfileNotifications => crate::pages::profile::notifications::notifications_page(),
        #[cfg(feature = "meters")]
        Route::VerifyEmail => crate::pages::notices::verify_email_page(),
        #[cfg(feature = "meters")]
        Route::Unsubscribe => html! { <crate::pages::notices::Unsubscribe /> },
        #[cfg(feature = "staff")]
        Route::OperatorHome => html! { <crate::pages::operator::appeals::OperatorHome /> },
        #[cfg(feature = "staff")]
        Route::OperatorAppeals => html! { <crate::pages::operator::appeals::OperatorAppeals /> },
        #[cfg(feature = "staff")]
        Route::OperatorAppeal { id } => {
            html! { <crate::pages::operator::appeals::OperatorAppeal id={id} /> }
        }
        #[cfg(feature = "staff")]
        Route::OperatorAccounts => html! { <OperatorAccounts /> },
        #[cfg(feature = "staff")]
        Route::OperatorAccount { number } => html! { <OperatorAccountPage number={number} /> },
        #[cfg(feature = "staff")]
        Route::OperatorUsers => html! { <OperatorUsers /> },
        #[cfg(feature = "staff")]
        Route::OperatorUser { id } => html! { <OperatorUser id={id} /> },
        #[cfg(feature = "staff")]
        Route::AuditLog => html! { <AuditLog /> },
        #[cfg(feature = "staff")]
        Route::FlaggedReadings => html! { <FlaggedReadings /> },
        Route::NotFound => not_found(lang),
    }
}

/// The application root: language and session state, router and frame.
#[function_component(App)]
pub fn app() -> Html {
    let lang = use_state(Lang::load);
    let session = use_state(|| SessionState::Loading);
    {
        let session = session.clone();
        use_effect_with((), move |_| {
            if !api::has_session_cookie() {
                // Never signed in here (or signed out): no request, no 401 in the console —
                // unless this browser had a session, which the login page then reports.
                if api::had_session() {
                    api::report_session_lost();
                }
                session.set(SessionState::Anonymous);
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                session.set(match api::me::profile().await {
                    Ok(profile) => SessionState::SignedIn(Box::new(profile)),
                    Err(_) => SessionState::Anonymous,
                });
            });
        });
    }
    let lang_context = LangContext::new(*lang, {
        let lang = lang.clone();
        Callback::from(move |next: Lang| {
            next.store();
            lang.set(next);
        })
    });
    let session_context = SessionContext {
        state: (*session).clone(),
        set: {
            let session = session.clone();
            Callback::from(move |next| session.set(next))
        },
    };
    html! {
        <ContextProvider<LangContext> context={lang_context}>
            <ContextProvider<SessionContext> context={session_context}>
                <BrowserRouter>
                    <Frame />
                </BrowserRouter>
            </ContextProvider<SessionContext>>
        </ContextProvider<LangContext>>
    }
}

/// What a route's page is called, for the window title.
fn title_of(route: &Route) -> Text {
    match route {
        Route::Home => Text::AppName,
        Route::NotFound => Text::NotFoundTitle,
        Route::Login => Text::LoginTitle,
        Route::Register => Text::RegisterTitle,
        Route::Forgot | Route::ResetPassword => Text::ForgotPassword,
        Route::AcceptRules => Text::AcceptRulesTitle,
        Route::Profile => Text::NavProfile,
        Route::Accounts => Text::NavAccounts,
        Route::Account { .. } => Section::Info.title(),
        Route::AccountSection { section, .. } => section.title(),
        Route::Help => Text::HelpTitle,
        #[cfg(feature = "meters")]
        Route::Payment { .. } => Text::PaymentTitle,
        #[cfg(feature = "meters")]
        Route::SandboxPayment { .. } => Text::SandboxTitle,
        #[cfg(feature = "meters")]
        Route::Appeals | Route::Appeal { .. } => Text::AppealsTitle,
        #[cfg(feature = "meters")]
        Route::ProfileNotifications => Text::NotificationsHeading,
        #[cfg(feature = "meters")]
        Route::VerifyEmail => Text::VerifyEmailTitle,
        #[cfg(feature = "meters")]
        Route::Unsubscribe => Text::UnsubscribeTitle,

        // The staff pages are named at the end of this file, not here: the resident bundle
        // records panic locations by line number in this file, so staff lines added up here
        // would change its bytes.
        #[cfg(feature = "staff")]
        staff => staff_title(staff),
    }
}

/// After a client-side navigation, puts focus on the new page's heading so a screen reader
/// announces it and the keyboard starts from the top. Pages that load first render their
/// heading at once; if there is none yet, the main area takes focus.
fn focus_heading() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let target = doc
        .query_selector("main h1")
        .ok()
        .flatten()
        .or_else(|| doc.get_element_by_id("content"));
    if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.set_attribute("tabindex", "-1");
        let _ = el.focus();
    }
}

/// Header, main area and footer; each route names the window («Профиль — Личный кабинет»).
#[function_component(Frame)]
fn frame() -> Html {
    let t = use_lang();
    let lang_context = use_context::<LangContext>();
    let cookies = use_cookies_work();
    let route = use_route::<Route>().unwrap_or(Route::NotFound);
    {
        // The staff's page about one account names it («Лицевые счета — Лицевой счёт № …»), so
        // two open tabs can be told apart (a resident's section pages show it in their heading).
        #[cfg(feature = "staff")]
        let about = match &route {
            Route::OperatorAccount { number } => {
                Some(format!("{} {number}", t.text(Text::AccountNo)))
            }
            _ => None,
        };
        #[cfg(not(feature = "staff"))]
        let about: Option<String> = None;
        let title = match (title_of(&route), about) {
            (Text::AppName, _) => t.text(Text::AppName).to_owned(),
            (page, Some(about)) => {
                format!("{} — {about} — {}", t.text(page), t.text(Text::AppName))
            }
            (page, None) => format!("{} — {}", t.text(page), t.text(Text::AppName)),
        };
        use_effect_with(title, |title| {
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                doc.set_title(title);
            }
        });
    }
    {
        // Not on the first page of a visit: focus starts at the top of the document there.
        let first = use_mut_ref(|| true);
        use_effect_with(route.clone(), move |_| {
            if !first.replace(false) {
                focus_heading();
            }
        });
    }
    html! {
        <>
            <a class="skip-link" href="#content">{ t.text(Text::SkipToContent) }</a>
            <header class="site-header">
                <div class="bar">
                    <Link<Route> to={Route::Home} classes="brand">{ t.text(Text::AppName) }</Link<Route>>
                    <Nav />
                    if let Some(context) = &lang_context { { lang_switch(context) } }
                </div>
            </header>
            <main id="content">
                { env_check(t, cookies) }
                <EmailBanner />
                <Switch<Route> render={move |route| switch(t, route)} />
            </main>
            <footer class="site-footer">
                <div class="bar">
                    { t.text(Text::Footer) }
                    <a href="/api/docs/">{ t.text(Text::NavApiDocs) }</a>
                </div>
            </footer>
        </>
    }
}

/// Until a resident's e-mail address is verified, a banner says so on every page and leads
/// to the page that takes the code (not shown on that page itself).
#[function_component(EmailBanner)]
fn email_banner() -> Html {
    let t = use_lang();
    let session = use_session();
    let here = crate::components::require_auth::current_path();
    match session.profile() {
        Some(p)
            if !p.email_verified && !p.role.is_staff() && !here.starts_with("/verify-email") =>
        {
            html! {
                <div class="banner warn" role="status" data-testid="email-banner">
                    { t.text(Text::EmailBanner) }{ " " }
                    <a href="/verify-email">{ t.text(Text::EmailBannerAction) }</a>
                </div>
            }
        }
        _ => Html::default(),
    }
}

/// The staff area's pages: client routes inside the staff bundle, full page loads from the
/// resident bundle (which does not contain them).
fn staff_links(t: Lang) -> Html {
    #[cfg(feature = "staff")]
    {
        html! {
            <>
                <Link<Route> to={Route::OperatorHome}>{ t.text(Text::OperatorHomeTitle) }</Link<Route>>
                <Link<Route> to={Route::OperatorAppeals}>{ t.text(Text::NavAppeals) }</Link<Route>>
                <Link<Route> to={Route::OperatorAccounts}>{ t.text(Text::NavOperatorAccounts) }</Link<Route>>
                <Link<Route> to={Route::OperatorUsers}>{ t.text(Text::NavOperator) }</Link<Route>>
                <Link<Route> to={Route::AuditLog}>{ t.text(Text::NavAudit) }</Link<Route>>
                <Link<Route> to={Route::FlaggedReadings}>{ t.text(Text::NavReadings) }</Link<Route>>
            </>
        }
    }
    #[cfg(not(feature = "staff"))]
    {
        html! {
            <>
                <a href={STAFF_ACCOUNTS}>{ t.text(Text::NavOperatorAccounts) }</a>
                <a href={STAFF_USERS}>{ t.text(Text::NavOperator) }</a>
                <a href={STAFF_AUDIT}>{ t.text(Text::NavAudit) }</a>
            </>
        }
    }
}
/// The navigation: what a visitor, a resident and staff can open.
#[function_component(Nav)]
fn nav() -> Html {
    let t = use_lang();
    let session = use_session();
    let navigator = use_navigator();
    let logout = {
        let session = session.clone();
        Callback::from(move |_| {
            let (session, navigator) = (session.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // Signed out locally even if the server is unreachable; the cookies expire anyway.
                let _ = api::auth::logout().await;
                api::mark_signed_in(false);
                session.set.emit(SessionState::Anonymous);
                if let Some(nav) = navigator {
                    nav.push(&Route::Login);
                }
            });
        })
    };
    let links = match &session.state {
        SessionState::Loading => Html::default(),
        SessionState::Anonymous => html! {
            <>
                <Link<Route> to={Route::Login}>{ t.text(Text::NavLogin) }</Link<Route>>
                <Link<Route> to={Route::Register}>{ t.text(Text::NavRegister) }</Link<Route>>
            </>
        },
        SessionState::SignedIn(profile) => html! {
            <>
                if profile.role.is_staff() {
                    { staff_links(t) }
                } else {
                    <Link<Route> to={Route::Accounts}>{ t.text(Text::NavAccounts) }</Link<Route>>
                    // A full page load: the appeals live in the meters bundle.
                    <a href="/appeals">{ t.text(Text::NavAppeals) }</a>
                }
                <Link<Route> to={Route::Profile}>{ t.text(Text::NavProfile) }</Link<Route>>
                <button class="link" onclick={logout} data-testid="logout">{ t.text(Text::NavLogout) }</button>
            </>
        },
    };
    html! {
        <nav aria-label={t.text(Text::NavLabel)}>
            <Link<Route> to={Route::Home}>{ t.text(Text::NavHome) }</Link<Route>>
            { links }
        </nav>
    }
}

// The staff pages, after the resident code: the resident bundle records panic locations by
// line in this file, so staff additions above them would change its bytes.
#[cfg(feature = "staff")]
use crate::pages::operator::{
    accounts::{OperatorAccountPage, OperatorAccounts},
    audit::AuditLog,
    readings::FlaggedReadings,
    users::{OperatorUser, OperatorUsers},
};

/// What a staff page is called, for the window title.
#[cfg(feature = "staff")]
fn staff_title(route: &Route) -> Text {
    match route {
        Route::OperatorAccounts | Route::OperatorAccount { .. } => Text::NavOperatorAccounts,
        Route::OperatorUsers | Route::OperatorUser { .. } => Text::NavOperator,
        Route::AuditLog => Text::NavAudit,
        Route::FlaggedReadings => Text::NavReadings,
        Route::OperatorHome => Text::OperatorHomeTitle,
        Route::OperatorAppeals | Route::OperatorAppeal { .. } => Text::NavAppeals,
        _ => Text::AppName,
    }
}
