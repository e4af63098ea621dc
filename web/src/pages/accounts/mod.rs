//! The resident's accounts: the list with the link form, the account cards the home page
//! shows, and one account's sections (each its own route).

pub mod account;
mod link_form;
pub(crate) mod meters;

use kabinet_shared::api::accounts::AccountSummary;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::money::balance_view;
use crate::components::require_auth::RequireAuth;
use crate::hooks::use_fetch;
use crate::i18n::{use_lang, Lang, Text};
use account::Section;

/// One line of an address, with the house and flat words of `lang`.
pub fn address_line(lang: Lang, a: &kabinet_shared::api::accounts::Address) -> String {
    let mut line = format!(
        "{}, {}, {} {}",
        a.settlement,
        a.street,
        lang.text(Text::HouseAbbr),
        a.house
    );
    if let Some(flat) = &a.flat {
        line.push_str(&format!(", {} {flat}", lang.text(Text::FlatAbbr)));
    }
    line
}

/// `/accounts`: every linked account and the form to link another.
pub fn accounts_page() -> Html {
    html! { <RequireAuth><AccountsInner /></RequireAuth> }
}

#[function_component(AccountsInner)]
fn accounts_inner() -> Html {
    let lang = use_lang();
    let list = use_fetch((), |()| api::accounts::list());
    html! {
        <>
            <section class="card">
                <h1>{ lang.text(Text::MyAccounts) }</h1>
                { list.view(|items| account_cards(lang, items, false)) }
            </section>
            <link_form::LinkForm on_linked={list.reload.clone()} />
        </>
    }
}

/// The accounts as cards: number (a link to the account), address, what is owed; with
/// `actions`, «Оплатить», «Передать показания», the history and the receipt (the home page).
pub fn account_cards(lang: Lang, items: &[AccountSummary], actions: bool) -> Html {
    if items.is_empty() {
        return html! {
            <p data-testid="no-accounts">
                { lang.text(Text::NoAccounts) }{ " " }
                <Link<Route> to={Route::Accounts}>{ lang.text(Text::LinkTitle) }</Link<Route>>
            </p>
        };
    }
    html! {
        <ul class="plain accounts" data-testid="accounts">
            { for items.iter().map(|a| html! {
                <li class="account-card" data-testid={format!("account-{}", a.number)}>
                    <Link<Route> to={Route::AccountSection { number: a.number.clone(), section: Section::Info }}>
                        <strong>{ format!("{} {}", lang.text(Text::AccountNo), a.number) }</strong>
                    </Link<Route>>
                    <br />
                    { address_line(lang, &a.address) }
                    <br />
                    { balance_view(lang, &a.balance) }
                    if actions {
                        { actions_of(lang, &a.number) }
                    }
                </li>
            }) }
        </ul>
    }
}

/// What a resident comes for: paying, readings, the history and the receipt. Plain links: the
/// meters bundle draws those pages, and the server gives it to their addresses.
fn actions_of(lang: Lang, number: &str) -> Html {
    let to = |section: Section| format!("/accounts/{number}/{section}");
    html! {
        <div class="actions">
            <a class="button primary big" href={to(Section::Pay)} data-testid="pay">{ lang.text(Text::PayButton) }</a>
            <a class="button primary big" href={to(Section::Meters)}>{ lang.text(Text::ReadingsButton) }</a>
            <a href={to(Section::History)}>{ lang.text(Text::TabHistory) }</a>
            <a href={to(Section::Receipt)}>{ lang.text(Text::TabReceipt) }</a>
        </div>
    }
}
