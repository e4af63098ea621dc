//! «Оплатить»: the amount (the debt, prefilled), checked as the server checks it, no fee; then
//! the payment provider's page. One `Idempotency-Key` per amount: sending the same amount again
//! after a lost answer starts no second payment.

use std::cell::RefCell;
use std::rc::Rc;

use kabinet_shared::api::accounts::{Balance, BalanceState};
use kabinet_shared::api::billing::PaymentCreated;
use kabinet_shared::money::Kopecks;
use yew::prelude::*;

use super::{go_to, parse_amount};
use crate::api::{self, ApiFailure};
use crate::components::form_field::FormField;
use crate::components::money::{balance_view, decimal};
use crate::hooks::{use_fetch, use_submit};
use crate::i18n::{use_lang, Text};
use crate::pages::accounts::meters::new_key;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub number: AttrValue,
}

#[function_component(PaySection)]
pub fn pay_section(props: &Props) -> Html {
    let detail = use_fetch(props.number.clone(), |number: AttrValue| {
        api::accounts::detail(&number)
    });
    let number = props.number.clone();
    detail.view(move |d| html! { <PayForm number={number} balance={d.balance.clone()} /> })
}

#[derive(Properties, PartialEq)]
struct FormProps {
    number: AttrValue,
    balance: Balance,
}

#[function_component(PayForm)]
fn pay_form(props: &FormProps) -> Html {
    let lang = use_lang();
    let amount = {
        let balance = props.balance.clone();
        use_state(move || match balance.state {
            BalanceState::Debt => decimal(lang, &balance.amount.to_string()),
            _ => String::new(),
        })
    };
    let submit = use_submit::<PaymentCreated>();
    // The amount last sent and its key.
    let last: Rc<RefCell<Option<(Kopecks, String)>>> = use_mut_ref(|| None);
    let oninput = {
        let (amount, submit) = (amount.clone(), submit.clone());
        Callback::from(move |value: String| {
            if submit.failure().is_some() {
                submit.reset();
            }
            amount.set(value);
        })
    };
    let onsubmit = {
        let (amount, submit, number) = (amount.clone(), submit.clone(), props.number.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = match parse_amount(&amount) {
                Ok(value) => value,
                Err(code) => return submit.refuse(ApiFailure::invalid(&[("amount", code)])),
            };
            let reused = match &*last.borrow() {
                Some((sent, key)) if *sent == value => Some(key.clone()),
                _ => None,
            };
            let key = reused.unwrap_or_else(new_key);
            *last.borrow_mut() = Some((value, key.clone()));
            submit.run(api::billing::pay(&number, value, &key), |created| {
                go_to(&created.confirmation_url)
            });
        })
    };
    let error = submit.field("amount");
    html! {
        <>
            <p data-testid="pay-balance">
                { format!("{}: ", lang.text(Text::BalanceToday)) }{ balance_view(lang, &props.balance) }
            </p>
            <form class="pay" {onsubmit} novalidate=true ref={submit.form.clone()} data-testid="pay-form">
                if error.is_none() { { submit.banner() } }
                <FormField name="amount" label={lang.text(Text::AmountLabel)} value={(*amount).clone()}
                    hint={lang.text(Text::AmountHint)} error={error} required=true inputmode="decimal"
                    autocomplete="off" {oninput} />
                <p class="no-fee" data-testid="no-fee"><strong>{ lang.text(Text::NoFee) }</strong></p>
                <button class="primary big" type="submit" disabled={submit.busy() || submit.done().is_some()}
                    data-testid="pay-submit">{ lang.text(Text::PayButton) }</button>
                <p class="hint">{ lang.text(Text::PayHow) }</p>
                if submit.done().is_some() {
                    <p class="spinner" role="status">{ lang.text(Text::ToPayment) }</p>
                }
            </form>
        </>
    }
}
