//! `/sandbox/payments/{id}`: the built-in sandbox payment provider's page, for trying payments
//! without a bank. It says plainly that it is a test and no money moves; «Оплатить» and
//! «Отказаться» end the payment either way, then the payer goes back to Kabinet's return page.
//! It needs no session: the unguessable payment id is the capability.

use kabinet_shared::api::billing::{OnlinePaymentStatus, SandboxPayment};
use yew::prelude::*;

use super::{go_to, safe_url};
use crate::api;
use crate::components::money::format_money;
use crate::hooks::{use_fetch, use_submit, Submit};
use crate::i18n::{use_lang, Lang, Text};

/// `/sandbox/payments/{id}`.
pub fn sandbox_page(id: String) -> Html {
    html! { <Sandbox id={id} /> }
}

#[derive(Properties, PartialEq)]
struct Props {
    id: AttrValue,
}

#[function_component(Sandbox)]
fn sandbox(props: &Props) -> Html {
    let lang = use_lang();
    let payment = use_fetch(props.id.clone(), |id: AttrValue| api::billing::sandbox(&id));
    let submit = use_submit::<SandboxPayment>();
    let finish = {
        let (submit, id) = (submit.clone(), props.id.clone());
        move |succeed: bool| {
            let (submit, id) = (submit.clone(), id.clone());
            Callback::from(move |_: MouseEvent| {
                submit.run(api::billing::sandbox_finish(&id, succeed), |p| {
                    go_to(&p.return_url)
                });
            })
        }
    };
    let (pay, decline) = (finish(true), finish(false));
    html! {
        <section class="card sandbox" data-testid="sandbox">
            <h1>{ lang.text(Text::SandboxTitle) }</h1>
            <p class="banner warning" data-testid="sandbox-notice">{ lang.text(Text::SandboxNotice) }</p>
            { payment.view(|p| details(lang, p, &submit, pay, decline)) }
        </section>
    }
}

/// Whom and what for, how much, and the two outcomes (or the way back, once finished).
fn details(
    lang: Lang,
    p: &SandboxPayment,
    submit: &Submit<SandboxPayment>,
    pay: Callback<MouseEvent>,
    decline: Callback<MouseEvent>,
) -> Html {
    let pending = p.status == OnlinePaymentStatus::Pending && submit.done().is_none();
    html! {
        <>
            <dl class="facts">
                <dt>{ lang.text(Text::Payee) }</dt><dd lang="ru" data-testid="sandbox-payee">{ &p.payee }</dd>
                <dt>{ lang.text(Text::Purpose) }</dt><dd lang="ru">{ &p.description }</dd>
                <dt>{ lang.text(Text::Amount) }</dt>
                <dd><strong data-testid="sandbox-amount">{ format_money(lang, p.amount) }</strong></dd>
            </dl>
            <div ref={submit.form.clone()}>{ submit.banner() }</div>
            if pending {
                <p class="actions">
                    <button class="primary big" onclick={pay} disabled={submit.busy()}
                        data-testid="sandbox-succeed">{ lang.text(Text::PayButton) }</button>
                    <button class="secondary big" onclick={decline} disabled={submit.busy()}
                        data-testid="sandbox-fail">{ lang.text(Text::Decline) }</button>
                </p>
            } else {
                <p>
                    if submit.done().is_none() { { lang.error(kabinet_shared::ErrorCode::PaymentCompleted) }{ " " } }
                    <a href={safe_url(&p.return_url).unwrap_or("/").to_owned()}>{ lang.text(Text::BackToKabinet) }</a>
                </p>
            }
        </>
    }
}
