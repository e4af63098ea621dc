//! `/payments/{id}`: where the payer comes back from the provider. The provider tells the server
//! by a webhook, which may come a little later, so the page asks every 1.5 s for up to a minute
//! («Проверяем платёж…»), then says plainly whether the money was credited.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use kabinet_shared::api::billing::{OnlinePayment, OnlinePaymentStatus};
use yew::platform::time::sleep;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::app::Route;
use crate::components::error_banner::error_banner;
use crate::components::money::format_money;
use crate::components::require_auth::RequireAuth;
use crate::i18n::{use_lang, Lang, Text};
use crate::pages::accounts::account::Section;

/// How often and how many times the page asks (1.5 s × 40 = a minute).
const POLL_EVERY: Duration = Duration::from_millis(1500);
const POLLS: u32 = 40;

/// `/payments/{id}`, for the payer signed in.
pub fn payment_page(id: String) -> Html {
    html! { <RequireAuth><PaymentReturn id={id} /></RequireAuth> }
}

#[derive(Properties, PartialEq)]
struct Props {
    id: AttrValue,
}

/// What the page knows of the payment.
#[derive(Clone, PartialEq)]
enum Watch {
    Checking,
    /// Succeeded or failed.
    Finished(OnlinePayment),
    /// Still pending after a minute.
    Pending,
    Refused(ApiFailure),
}

/// Asks for payment `id` until it is finished, a minute has passed or the page is left.
async fn watch(id: AttrValue, alive: Rc<Cell<bool>>, state: UseStateHandle<Watch>) {
    for _ in 0..POLLS {
        match api::billing::payment(&id).await {
            Ok(p) if p.status != OnlinePaymentStatus::Pending => {
                return state.set(Watch::Finished(p));
            }
            Err(failure) if !failure.retryable() => return state.set(Watch::Refused(failure)),
            // Pending, or no answer this time: ask again.
            _ => {}
        }
        sleep(POLL_EVERY).await;
        if !alive.get() {
            return;
        }
    }
    state.set(Watch::Pending);
}

#[function_component(PaymentReturn)]
fn payment_return(props: &Props) -> Html {
    let lang = use_lang();
    let state = use_state(|| Watch::Checking);
    // «Проверить ещё раз» starts another minute.
    let round = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((props.id.clone(), *round), move |(id, _)| {
            let alive = Rc::new(Cell::new(true));
            state.set(Watch::Checking);
            wasm_bindgen_futures::spawn_local(watch(id.clone(), alive.clone(), state));
            move || alive.set(false)
        });
    }
    // The outcome takes focus, so a screen reader reads it out.
    let outcome = use_node_ref();
    {
        let outcome = outcome.clone();
        use_effect_with((*state).clone(), move |_| {
            if let Some(el) = outcome.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let again = {
        let round = round.clone();
        Callback::from(move |_: MouseEvent| round.set(round.wrapping_add(1)))
    };
    let body = match &*state {
        Watch::Checking => html! {
            <p class="spinner" role="status" data-testid="payment-checking">{ lang.text(Text::Checking) }</p>
        },
        Watch::Finished(p) => finished(lang, p, outcome),
        Watch::Pending => html! {
            <>
                <div class="banner warning" role="status" tabindex="-1" ref={outcome} data-testid="payment-pending">
                    <p>{ lang.text(Text::StillPending) }</p>
                </div>
                <button class="primary" onclick={again}>{ lang.text(Text::CheckAgain) }</button>
            </>
        },
        Watch::Refused(failure) => error_banner(lang, failure, None),
    };
    html! {
        <section class="card">
            <h1>{ lang.text(Text::PaymentTitle) }</h1>
            { body }
        </section>
    }
}

/// «Платёж на 1 234,56 ₽ зачислен» with the way to the history, or «Платёж не прошёл» with the
/// way to try again.
fn finished(lang: Lang, p: &OnlinePayment, outcome: NodeRef) -> Html {
    let number = p.account.clone();
    let to = |section| Route::AccountSection {
        number: number.clone(),
        section,
    };
    if p.status == OnlinePaymentStatus::Succeeded {
        html! {
            <>
                <div class="banner ok" role="status" tabindex="-1" ref={outcome} data-testid="payment-succeeded">
                    <p><strong>{ format!("{} {} {}", lang.text(Text::PaidPrefix), format_money(lang, p.amount), lang.text(Text::PaidSuffix)) }</strong></p>
                    <p>{ format!("{} {}", lang.text(Text::AccountNo), p.account) }</p>
                </div>
                <p class="actions">
                    <Link<Route> to={to(Section::History)} classes="button primary">{ lang.text(Text::TabHistory) }</Link<Route>>
                    <Link<Route> to={to(Section::Info)} classes="button secondary">{ lang.text(Text::ToAccount) }</Link<Route>>
                </p>
            </>
        }
    } else {
        html! {
            <>
                <div class="banner error" role="alert" tabindex="-1" ref={outcome} data-testid="payment-failed">
                    <p><strong>{ lang.text(Text::PaidFailed) }</strong></p>
                    <p>{ lang.text(Text::PaidFailedHint) }</p>
                </div>
                <p class="actions">
                    <Link<Route> to={to(Section::Pay)} classes="button primary">{ lang.text(Text::PayAgain) }</Link<Route>>
                    <Link<Route> to={to(Section::Info)} classes="button secondary">{ lang.text(Text::ToAccount) }</Link<Route>>
                </p>
            </>
        }
    }
}
