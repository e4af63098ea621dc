//! «Показания счётчиков» on the operator's account page: the account's meters as the resident
//! sees them (last billed beside current) and, per meter that takes readings, a small form for
//! a reading the resident gives on the phone — an unusual value is explained and sent again only
//! once the operator confirms it; the answer is the number to quote.

use std::cell::RefCell;
use std::rc::Rc;

use kabinet_shared::api::meters::{MeterView, Reading, SubmitReading};
use yew::prelude::*;

use crate::api;
use crate::components::dates::{day, month};
use crate::components::form_field::FormField;
use crate::components::money::decimal;
use crate::hooks::use_fetch;
use crate::hooks::use_submit;
use crate::i18n::{use_lang, Lang, Text};
use crate::pages::accounts::meters::{
    meter_title, new_key, status_text, takes_readings, unit, unusual,
};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub number: AttrValue,
}

/// The block: a card per meter, with the phone form under each meter that takes readings.
#[function_component(AccountMeters)]
pub fn account_meters(props: &Props) -> Html {
    let lang = use_lang();
    let meters = use_fetch(props.number.clone(), |n: AttrValue| {
        api::operator::account_meters(&n)
    });
    let number = props.number.clone();
    let reload = meters.reload.clone();
    let body = meters.view(move |items| {
        if items.is_empty() {
            return html! { <p>{ lang.text(Text::NoMetersHere) }</p> };
        }
        html! {
            <div class="meters">
                { for items.iter().map(|m| html! {
                    <article class="meter" key={m.id.clone()} aria-labelledby={format!("meter-{}", m.id)} data-testid={format!("meter-{}", m.id)}>
                        <h3 id={format!("meter-{}", m.id)}>{ meter_title(lang, m) }</h3>
                        { readings_pair(lang, m) }
                        if takes_readings(m) {
                            <PhoneReading number={number.clone()} meter={m.clone()} on_saved={reload.clone()} />
                        } else if m.verification_expired {
                            <p class="hint">{ lang.text(Text::VerificationOver) }</p>
                        }
                    </article>
                }) }
            </div>
        }
    });
    html! {
        <section aria-labelledby="meter-readings">
            <h2 id="meter-readings">{ lang.text(Text::MeterReadingsTitle) }</h2>
            { body }
        </section>
    }
}

/// Last billed beside current (with its status and number).
fn readings_pair(lang: Lang, m: &MeterView) -> Html {
    let unit = unit(lang, &m.unit);
    let value = |v: &str| format!("{} {unit}", decimal(lang, v));
    html! {
        <dl class="pair">
            <dt>{ lang.text(Text::LastBilled) }</dt>
            if let Some(b) = &m.last_billed {
                <dd data-testid="last-billed"><strong>{ value(&b.value) }</strong><br />
                    <small>{ format!("{} {}, {} {}", lang.text(Text::TakenOn), day(lang, &b.taken_on),
                        lang.text(Text::ForPeriod), month(lang, &b.period)) }</small></dd>
            } else {
                <dd data-testid="last-billed">{ lang.text(Text::NoReading) }</dd>
            }
            <dt>{ lang.text(Text::CurrentReading) }</dt>
            if let Some(c) = &m.current {
                <dd data-testid="current"><strong>{ value(&c.value) }</strong><br />
                    <small>{ format!("{} {} — {}, {} {}", lang.text(Text::TakenOn), day(lang, &c.taken_on),
                        status_text(lang, c.status), lang.text(Text::ReadingNo), c.number) }</small>
                    if let Some(reason) = &c.reject_reason { <br /><small>{ reason }</small> }
                </dd>
            } else {
                <dd data-testid="current">{ lang.text(Text::NoReading) }</dd>
            }
        </dl>
    }
}

#[derive(Properties, PartialEq)]
struct PhoneProps {
    number: AttrValue,
    meter: MeterView,
    on_saved: Callback<()>,
}

/// The body last sent and its `Idempotency-Key`: the same body again (after a lost answer)
/// reuses the key, so a reading is never saved twice; a confirmed one gets a fresh key.
type LastSent = Rc<RefCell<Option<(SubmitReading, String)>>>;

/// One meter's form for a reading given on the phone.
#[function_component(PhoneReading)]
fn phone_reading(props: &PhoneProps) -> Html {
    let lang = use_lang();
    let value = use_state(String::new);
    let submit = use_submit::<Reading>();
    let last: LastSent = use_mut_ref(|| None);
    let m = &props.meter;
    let send = {
        let (submit, last, value, number, id, on_saved) = (
            submit.clone(),
            last.clone(),
            value.clone(),
            props.number.clone(),
            m.id.clone(),
            props.on_saved.clone(),
        );
        Callback::from(move |body: SubmitReading| {
            let reused = match &*last.borrow() {
                Some((sent, key)) if *sent == body => Some(key.clone()),
                _ => None,
            };
            let key = reused.unwrap_or_else(new_key);
            *last.borrow_mut() = Some((body.clone(), key.clone()));
            let (last, value, on_saved) = (last.clone(), value.clone(), on_saved.clone());
            submit.run(
                api::operator::enter_reading(&number, &id, &body, &key),
                move |_| {
                    last.borrow_mut().take();
                    value.set(String::new());
                    on_saved.emit(());
                },
            );
        })
    };
    let onsubmit = {
        let (send, value) = (send.clone(), value.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            send.emit(SubmitReading {
                value: value.trim().to_owned(),
                taken_on: None,
                confirm_unusual: false,
            });
        })
    };
    let oninput = {
        let (value, submit) = (value.clone(), submit.clone());
        Callback::from(move |v: String| {
            value.set(v);
            submit.reset();
        })
    };
    let confirming = unusual::details(submit.failure()).map(|details| {
        let on_confirm = {
            let (send, last) = (send.clone(), last.clone());
            Callback::from(move |_: MouseEvent| {
                let body = last.borrow().as_ref().map(|(b, _)| SubmitReading {
                    confirm_unusual: true,
                    ..b.clone()
                });
                if let Some(body) = body {
                    send.emit(body);
                }
            })
        };
        html! {
            <div class="banner warning" role="alert" tabindex="-1" data-testid="confirm-unusual">
                { for unusual::explain(lang, details, std::slice::from_ref(m)).into_iter().map(|line| html! { <p>{ line }</p> }) }
                <p><strong>{ lang.text(Text::ConfirmAskOperator) }</strong></p>
                <button type="button" class="primary" onclick={on_confirm} disabled={submit.busy()} data-testid="confirm-yes">{ lang.text(Text::ConfirmUnusual) }</button>
            </div>
        }
    });
    let floor = m
        .floor
        .as_deref()
        .map(|f| format!("{} {}", lang.text(Text::NotBelow), decimal(lang, f)));
    let hint = match floor {
        Some(f) => format!("{} {}; {f}", lang.text(Text::DecimalPlaces), m.decimals),
        None => format!("{} {}", lang.text(Text::DecimalPlaces), m.decimals),
    };
    html! {
        <form {onsubmit} novalidate=true class="inline" ref={submit.form.clone()} data-testid={format!("enter-{}", m.id)}>
            if let Some(panel) = confirming {
                { panel }
            } else {
                { submit.banner() }
            }
            <FormField name="value" prefix={format!("{}-", m.id)} label={format!("{}, {}", lang.text(Text::PhoneReading), unit(lang, &m.unit))}
                hint={hint} value={(*value).clone()} error={submit.field("value")} inputmode="decimal" autocomplete="off" {oninput} />
            <button class="primary" type="submit" disabled={submit.busy()} data-testid={format!("enter-{}-submit", m.id)}>{ lang.text(Text::EnterReading) }</button>
            if let Some(saved) = submit.done() {
                <p class="banner ok" role="status" data-testid="reading-accepted">
                    { format!("{} {}", lang.text(Text::AcceptedNo), saved.number) }
                    if !saved.in_window {
                        <br />{ format!("{} {}.", lang.text(Text::NextPeriod), month(lang, &saved.period)) }
                    }
                </p>
            }
        </form>
    }
}
