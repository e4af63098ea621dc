//! One account: a tab bar of its sections (only «Общая информация» is built; the other tabs
//! are shown disabled), and unlinking with a confirmation step.

use kabinet_shared::api::accounts::AccountDetail;
use yew::prelude::*;
use yew_router::prelude::*;

use super::address_line;
use crate::api::{self, ApiFailure};
use crate::app::Route;
use crate::components::error_banner::ErrorBanner;
use crate::components::money::{format_money, BalanceView};
use crate::components::require_auth::RequireAuth;
use crate::components::spinner::Spinner;
use crate::i18n::{use_lang, Lang, Text};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub number: AttrValue,
}

#[function_component(AccountPage)]
pub fn account_page(props: &Props) -> Html {
    html! { <RequireAuth><AccountInner number={props.number.clone()} /></RequireAuth> }
}

#[function_component(AccountInner)]
fn account_inner(props: &Props) -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let detail = use_state(|| None::<Result<AccountDetail, ApiFailure>>);
    let confirming = use_state(|| false);
    let unlink_failure = use_state(|| None::<ApiFailure>);
    {
        let (detail, number) = (detail.clone(), props.number.to_string());
        use_effect_with(number.clone(), move |_| {
            detail.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                detail.set(Some(api::accounts::detail(&number).await))
            });
        });
    }
    let unlink = {
        let (number, failure) = (props.number.to_string(), unlink_failure.clone());
        Callback::from(move |_| {
            let (number, failure, navigator) = (number.clone(), failure.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::accounts::unlink(&number).await {
                    Ok(()) => {
                        if let Some(nav) = navigator {
                            nav.push(&Route::Accounts);
                        }
                    }
                    Err(err) => failure.set(Some(err)),
                }
            });
        })
    };
    let body = match &*detail {
        None => return html! { <Spinner /> },
        Some(Err(f)) => {
            return html! { <section class="card"><ErrorBanner failure={f.clone()} /></section> }
        }
        Some(Ok(d)) => general_info(lang, d),
    };
    let tabs = [
        (Text::TabInfo, true),
        (Text::TabHistory, false),
        (Text::TabPay, false),
        (Text::TabMeters, false),
        (Text::TabReceipt, false),
    ];
    html! {
        <section class="card">
            <h1>{ format!("{} {}", lang.text(Text::AccountNo), props.number) }</h1>
            <div class="tabs" role="tablist" aria-label={lang.text(Text::AccountSections)}>
                { for tabs.iter().map(|(label, ready)| html! {
                    <button role="tab" aria-selected={(*ready && *label == Text::TabInfo).to_string()} disabled={!ready}
                        title={(!ready).then(|| lang.text(Text::ComingSoon))}>{ lang.text(*label) }</button>
                }) }
            </div>
            <div role="tabpanel" data-testid="general-info">{ body }</div>
            if let Some(f) = &*unlink_failure {
                <ErrorBanner failure={f.clone()} />
            }
            if *confirming {
                <div class="banner warning" role="alertdialog" aria-label={lang.text(Text::UnlinkConfirm)}>
                    <p>{ lang.text(Text::UnlinkConfirm) }</p>
                    <button class="primary" onclick={unlink} data-testid="unlink-yes">{ lang.text(Text::UnlinkYes) }</button>
                    <button class="secondary" onclick={{ let c = confirming.clone(); Callback::from(move |_| c.set(false)) }}>{ lang.text(Text::Cancel) }</button>
                </div>
            } else {
                <button class="secondary" onclick={{ let c = confirming.clone(); Callback::from(move |_| c.set(true)) }} data-testid="unlink">
                    { lang.text(Text::Unlink) }
                </button>
            }
        </section>
    }
}

fn service_name(lang: Lang, service: &str) -> &'static str {
    match service {
        "hot_water" => lang.text(Text::HotWater),
        _ => lang.text(Text::Heating),
    }
}

fn general_info(lang: Lang, d: &AccountDetail) -> Html {
    let window = &d.reading_window;
    let window_text = if window.open {
        format!(
            "{} {}–{}",
            lang.text(Text::WindowOpen),
            window.start_day,
            window.end_day
        )
    } else {
        format!(
            "{} {}–{}; {} {}",
            lang.text(Text::WindowClosed),
            window.start_day,
            window.end_day,
            lang.text(Text::WindowNext),
            window.next_opens_on
        )
    };
    html! {
        <dl class="facts">
            <dt>{ lang.text(Text::Address) }</dt><dd>{ address_line(lang, &d.address) }</dd>
            <dt>{ lang.text(Text::Owner) }</dt>
            <dd>{ &d.owner_name }
                if d.as_family_member { <small class="hint">{ format!(" ({})", lang.text(Text::YouAreFamily)) }</small> }
            </dd>
            <dt>{ lang.text(Text::HeatedArea) }</dt><dd>{ format!("{} м²", d.heated_area.to_string().replace('.', if lang == Lang::Ru { "," } else { "." })) }</dd>
            <dt>{ lang.text(Text::Residents) }</dt><dd>{ d.residents }</dd>
            <dt>{ lang.text(Text::BalanceToday) }</dt><dd><BalanceView balance={d.balance.clone()} /></dd>
            <dt>{ lang.text(Text::LastPayment) }</dt>
            <dd>{ match &d.last_payment {
                Some(p) => format!("{} — {}", p.paid_on, format_money(lang, p.amount)),
                None => lang.text(Text::NoPayments).to_owned(),
            } }</dd>
            <dt>{ lang.text(Text::Meters) }</dt>
            <dd data-testid="meters">
                if d.meters.is_empty() { { lang.text(Text::NoMeters) } }
                { for d.meters.iter().map(|m| html! {
                    <div>{ format!("{} № {} — {} {}", service_name(lang, &m.service), m.serial_number, lang.text(Text::VerificationDue), m.verification_due) }</div>
                }) }
            </dd>
            <dt>{ lang.text(Text::ReadingWindowLabel) }</dt><dd data-testid="reading-window">{ window_text }</dd>
        </dl>
    }
}
