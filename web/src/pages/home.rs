//! The home page. A signed-in resident's home is a dashboard: what each account owes with
//! «Оплатить» and «Передать показания», the office's contacts and help. A visitor sees what
//! the site is for and how to start; staff see the way to their area.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{Route, STAFF_USERS};
use crate::components::office::OfficeCard;
use crate::hooks::use_fetch;
use crate::i18n::{use_lang, Text};
use crate::pages::accounts::account_cards;
use crate::session::{use_session, SessionState};

#[function_component(Home)]
pub fn home() -> Html {
    let lang = use_lang();
    let session = use_session();
    let body = match &session.state {
        SessionState::Loading => Html::default(),
        SessionState::SignedIn(p) if p.role.is_staff() => html! {
            <section class="card">
                <h1>{ lang.text(Text::HomeTitle) }</h1>
                <p><a class="button primary" href={STAFF_USERS}>{ lang.text(Text::ToStaffArea) }</a></p>
            </section>
        },
        SessionState::SignedIn(p) if p.rules.acceptance_required => {
            html! { <Redirect<Route> to={Route::AcceptRules} /> }
        }
        SessionState::SignedIn(_) => html! { <Dashboard /> },
        SessionState::Anonymous => html! {
            <section class="card">
                <h1>{ lang.text(Text::HomeTitle) }</h1>
                <p>{ lang.text(Text::HomeIntro) }</p>
                <p class="actions">
                    <Link<Route> to={Route::Login} classes="button primary big">{ lang.text(Text::NavLogin) }</Link<Route>>
                    <Link<Route> to={Route::Register} classes="button secondary big">{ lang.text(Text::NavRegister) }</Link<Route>>
                </p>
            </section>
        },
    };
    html! {
        <>
            { body }
            <OfficeCard />
            <p><Link<Route> to={Route::Help}>{ lang.text(Text::HelpTitle) }</Link<Route>></p>
        </>
    }
}

/// Each linked account with what it owes and the two actions.
#[function_component(Dashboard)]
fn dashboard() -> Html {
    let lang = use_lang();
    let list = use_fetch((), |()| api::accounts::list());
    html! {
        <section class="card" data-testid="dashboard">
            <h1>{ lang.text(Text::MyAccounts) }</h1>
            { list.view(|items| html! {
                <>
                    { account_cards(lang, items, true) }
                    // With no account yet, the cards already point to the link form.
                    if !items.is_empty() {
                        <p><Link<Route> to={Route::Accounts}>{ lang.text(Text::LinkAnother) }</Link<Route>></p>
                    }
                </>
            }) }
        </section>
    }
}
