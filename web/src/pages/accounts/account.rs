//! One account, one route per section (`/accounts/:number/:section`): deep-linkable and
//! reload-safe. «Общая информация» is drawn by every bundle; «Данные счётчиков», «История
//! начислений и оплат», «Оплатить» and «Квитанция» by the meters bundle only, which the server
//! gives to their addresses (the resident bundle at `/` stays within its size budget).

use std::fmt;
use std::str::FromStr;

use kabinet_shared::api::accounts::AccountDetail;
use kabinet_shared::reading::Service;
use yew::prelude::*;
use yew_router::prelude::*;

use super::address_line;
use super::meters::service_name;
#[cfg(feature = "meters")]
use super::meters::MetersSection;
use crate::api;
use crate::app::Route;
use crate::components::confirm::Confirm;
use crate::components::dates::day;
use crate::components::money::{balance_view, decimal, format_money};
use crate::components::require_auth::RequireAuth;
use crate::hooks::{use_fetch, use_submit};
use crate::i18n::{use_lang, Lang, Text};
#[cfg(feature = "meters")]
use crate::pages::billing::{HistorySection, PaySection, ReceiptsSection};

/// A section of an account's page, as it appears in the address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Info,
    History,
    Pay,
    Meters,
    Receipt,
}

impl Section {
    const ALL: [Self; 5] = [
        Self::Info,
        Self::History,
        Self::Pay,
        Self::Meters,
        Self::Receipt,
    ];

    fn slug(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::History => "history",
            Self::Pay => "pay",
            Self::Meters => "meters",
            Self::Receipt => "receipts",
        }
    }

    pub fn title(self) -> Text {
        match self {
            Self::Info => Text::TabInfo,
            Self::History => Text::TabHistory,
            Self::Pay => Text::TabPay,
            Self::Meters => Text::TabMeters,
            Self::Receipt => Text::TabReceipt,
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl FromStr for Section {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|x| x.slug() == s).ok_or(())
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub number: AttrValue,
    pub section: Section,
}

/// `/accounts/:number/:section`, for signed-in users.
pub fn account_page(number: String, section: Section) -> Html {
    html! { <RequireAuth><AccountInner number={number} section={section} /></RequireAuth> }
}

#[function_component(AccountInner)]
fn account_inner(props: &Props) -> Html {
    let lang = use_lang();
    let number = props.number.clone();
    let body = match props.section {
        Section::Info => html! { <GeneralInfo {number} section={props.section} /> },
        #[cfg(feature = "meters")]
        Section::Meters => html! { <MetersSection {number} /> },
        #[cfg(feature = "meters")]
        Section::History => html! { <HistorySection {number} /> },
        #[cfg(feature = "meters")]
        Section::Pay => html! { <PaySection {number} /> },
        #[cfg(feature = "meters")]
        Section::Receipt => html! { <ReceiptsSection {number} /> },
        #[cfg(not(feature = "meters"))]
        _ => html! { <OtherBundle /> },
    };
    html! {
        <section class="card">
            <h1>{ format!("{} {}", lang.text(Text::AccountNo), props.number) }</h1>
            <nav class="tabs" aria-label={lang.text(Text::AccountSections)}>
                { for Section::ALL.iter().map(|s| {
                    let current = *s == props.section;
                    html! {
                        <Link<Route> to={Route::AccountSection { number: props.number.to_string(), section: *s }}
                            classes={classes!("tab", current.then_some("current"))}>
                            <span aria-current={current.then_some("page")}>{ lang.text(s.title()) }</span>
                        </Link<Route>>
                    }
                }) }
            </nav>
            <h2>{ lang.text(props.section.title()) }</h2>
            { body }
        </section>
    }
}

/// «Общая информация» and unlinking with a confirmation step.
#[function_component(GeneralInfo)]
fn general_info(props: &Props) -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let detail = use_fetch(props.number.to_string(), |number: String| {
        api::accounts::detail(&number)
    });
    let unlink = use_submit::<()>();
    let on_unlink = {
        let (number, unlink) = (props.number.to_string(), unlink.clone());
        Callback::from(move |_: String| {
            let (number, navigator) = (number.clone(), navigator.clone());
            unlink.run(api::accounts::unlink(&number), move |_| {
                if let Some(nav) = navigator {
                    nav.push(&Route::Accounts);
                }
            });
        })
    };
    html! {
        <>
            <div data-testid="general-info">{ detail.view(|d| facts(lang, d)) }</div>
            <div ref={unlink.form.clone()}>{ unlink.banner() }</div>
            if detail.data().is_some() {
                <Confirm label={lang.text(Text::Unlink)} question={lang.text(Text::UnlinkConfirm)}
                    busy={unlink.busy()} on_confirm={on_unlink} testid="unlink" />
            }
        </>
    }
}

fn facts(lang: Lang, d: &AccountDetail) -> Html {
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
            day(lang, &window.next_opens_on)
        )
    };
    let area = decimal(lang, &d.heated_area.to_string());
    html! {
        <dl class="facts">
            <dt>{ lang.text(Text::Address) }</dt><dd>{ address_line(lang, &d.address) }</dd>
            <dt>{ lang.text(Text::Owner) }</dt>
            <dd>{ &d.owner_name }
                if d.as_family_member { <small class="hint">{ format!(" ({})", lang.text(Text::YouAreFamily)) }</small> }
            </dd>
            <dt>{ lang.text(Text::HeatedArea) }</dt><dd>{ format!("{area} {}", lang.text(Text::SquareMetres)) }</dd>
            <dt>{ lang.text(Text::Residents) }</dt><dd>{ d.residents }</dd>
            <dt>{ lang.text(Text::BalanceToday) }</dt><dd>{ balance_view(lang, &d.balance) }</dd>
            <dt>{ lang.text(Text::LastPayment) }</dt>
            <dd>{ match &d.last_payment {
                Some(p) => format!("{} — {}", day(lang, &p.paid_on), format_money(lang, p.amount)),
                None => lang.text(Text::NoPayments).to_owned(),
            } }</dd>
            <dt>{ lang.text(Text::Meters) }</dt>
            <dd data-testid="meters">
                if d.meters.is_empty() { { lang.text(Text::NoMeters) } }
                { for d.meters.iter().map(|m| html! {
                    <div>{ format!("{} {} {} — {} {}", Service::parse(&m.service).map_or("", |s| service_name(lang, s)), lang.text(Text::NumberSign), m.serial_number, lang.text(Text::VerificationDue), day(lang, &m.verification_due)) }</div>
                }) }
            </dd>
            <dt>{ lang.text(Text::ReadingWindowLabel) }</dt><dd data-testid="reading-window">{ window_text }</dd>
        </dl>
    }
}

/// A section the meters bundle draws, reached inside this bundle (a tab, a link): the address is
/// already the section's, so loading it again brings the meters bundle, which the server gives
/// to that address. Should the server answer with this bundle again (a build without the meters
/// bundle), a second reload within a minute is not tried and the office's contacts are shown.
#[cfg(not(feature = "meters"))]
#[function_component(OtherBundle)]
fn other_bundle() -> Html {
    let lang = use_lang();
    let looping = use_state(|| false);
    {
        let looping = looping.clone();
        use_effect_with((), move |_| {
            let Some(window) = web_sys::window() else {
                return;
            };
            let now = js_sys::Date::now();
            let storage = window.session_storage().ok().flatten();
            let last = storage
                .as_ref()
                .and_then(|s| s.get_item("kabinet-meters-reload").ok().flatten())
                .and_then(|v| v.parse::<f64>().ok());
            if last.is_some_and(|t| now - t < 60_000.0) {
                looping.set(true);
                return;
            }
            if let Some(s) = &storage {
                let _ = s.set_item("kabinet-meters-reload", &now.to_string());
            }
            let _ = window.location().reload();
        });
    }
    if *looping {
        html! {
            <>
                <p role="alert" data-testid="section-not-yet">{ lang.text(Text::SectionNotYet) }</p>
                <crate::components::office::OfficeCard />
            </>
        }
    } else {
        crate::components::spinner::spinner(lang)
    }
}
