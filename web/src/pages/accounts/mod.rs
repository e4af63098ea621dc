//! The resident's accounts: the dashboard with balances and the link form, and one account's
//! page.

pub mod account;
mod link_form;

use kabinet_shared::api::accounts::AccountSummary;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::app::Route;
use crate::components::error_banner::ErrorBanner;
use crate::components::money::BalanceView;
use crate::components::require_auth::RequireAuth;
use crate::components::spinner::Spinner;
use crate::i18n::{use_lang, Lang, Text};

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

#[function_component(Dashboard)]
pub fn dashboard() -> Html {
    html! { <RequireAuth><DashboardInner /></RequireAuth> }
}

#[function_component(DashboardInner)]
fn dashboard_inner() -> Html {
    let lang = use_lang();
    let list = use_state(|| None::<Result<Vec<AccountSummary>, ApiFailure>>);
    let reload = {
        let list = list.clone();
        Callback::from(move |_: ()| {
            let list = list.clone();
            wasm_bindgen_futures::spawn_local(async move {
                list.set(Some(api::accounts::list().await))
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    let body = match &*list {
        None => html! { <Spinner /> },
        Some(Err(f)) => {
            html! { <ErrorBanner failure={f.clone()} on_retry={reload.reform(|_| ())} /> }
        }
        Some(Ok(items)) if items.is_empty() => {
            html! { <p data-testid="no-accounts">{ lang.text(Text::NoAccounts) }</p> }
        }
        Some(Ok(items)) => html! {
            <ul class="plain accounts" data-testid="accounts">
                { for items.iter().map(|a| html! {
                    <li data-testid={format!("account-{}", a.number)}>
                        <Link<Route> to={Route::Account { number: a.number.clone() }}>
                            <strong>{ format!("{} {}", lang.text(Text::AccountNo), a.number) }</strong>
                        </Link<Route>>
                        <br />
                        { address_line(lang, &a.address) }
                        <br />
                        <BalanceView balance={a.balance.clone()} />
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <>
            <section class="card">
                <h1>{ lang.text(Text::MyAccounts) }</h1>
                { body }
            </section>
            <link_form::LinkForm on_linked={reload.reform(|_| ())} />
        </>
    }
}
