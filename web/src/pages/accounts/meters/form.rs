//! The one form for every meter that takes readings: each field knows its meter's decimal
//! places and checks itself as the resident types (the same `shared` rules as the API), shows
//! the estimated charge once a valid value is left, asks in plain words before sending an
//! unusual value, and ends with the number to quote to the office. Its state lives in the
//! section ([`use_readings_form`]), so a reload of the cards keeps what was typed and answered.

use std::cell::RefCell;
use std::rc::Rc;

use kabinet_shared::api::meters::{
    MeterView, Preview, Reading, ReadingEntry, ReadingsSaved, SubmitReadings,
};
use kabinet_shared::reading::{check_input, MeterValue};
use kabinet_shared::ErrorCode;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{meter_title, new_key, unit, unusual};
use crate::api::{self, ApiFailure};
use crate::components::dates::month;
use crate::components::form_field::FormField;
use crate::components::money::{decimal, format_money};
use crate::hooks::{use_submit, Submit};
use crate::i18n::{Lang, Text};

/// Per meter, the last preview and the text it was asked for.
type Previews = Rc<RefCell<Vec<Option<(String, Preview)>>>>;

/// The body last sent and its `Idempotency-Key`. Sending the same body again (after a lost
/// answer) reuses the key, so the readings can never be saved twice; any other body — such as
/// the same readings confirmed as unusual — gets a fresh key.
type LastSent = Rc<RefCell<Option<(SubmitReadings, String)>>>;

fn field_name(index: usize) -> String {
    format!("reading-{index}")
}

/// The value a new reading of `m` must not go under.
fn floor(m: &MeterView) -> Option<MeterValue> {
    m.floor
        .as_deref()
        .and_then(|f| MeterValue::parse(f, 4).ok())
}

fn whole_digits(text: &str) -> usize {
    text.trim().split(['.', ',']).next().map_or(0, str::len)
}

/// What a field says while the resident types: a malformed number at once, «below the previous
/// reading» only once as many whole digits as the previous reading has are typed (not on the way
/// there), nothing for an empty field (a meter may be skipped).
fn live_check(text: &str, m: &MeterView) -> Option<&'static str> {
    match check_input(text, m.decimals, floor(m)) {
        Ok(_) | Err("required") => None,
        Err("below_previous")
            if whole_digits(text) < m.floor.as_deref().map_or(0, whole_digits) =>
        {
            None
        }
        Err(code) => Some(code),
    }
}

fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// «Расход 3,210 м³ × 198,24 ₽ ≈ 636,35 ₽ по текущему тарифу».
fn preview_line(lang: Lang, unit: &str, p: &Preview) -> String {
    let used = format!(
        "{} {} {unit}",
        lang.text(Text::Consumption),
        decimal(lang, &p.consumption)
    );
    match (p.tariff, p.amount) {
        (Some(tariff), Some(amount)) => format!(
            "{used} × {} ≈ {} {}",
            format_money(lang, tariff),
            format_money(lang, amount),
            lang.text(Text::AtTariff)
        ),
        _ => format!("{used}; {}", lang.text(Text::NoTariff)),
    }
}

/// Sends a body with the right key and, once saved, empties the form and reloads the cards.
#[derive(Clone)]
struct Sender {
    number: AttrValue,
    submit: Submit<ReadingsSaved>,
    last: LastSent,
    values: UseStateHandle<Vec<String>>,
    previews: Previews,
    saved: UseStateHandle<u32>,
    on_saved: Callback<()>,
}

impl Sender {
    fn send(&self, body: SubmitReadings) {
        let reused = match &*self.last.borrow() {
            Some((sent, key)) if *sent == body => Some(key.clone()),
            _ => None,
        };
        let key = reused.unwrap_or_else(new_key);
        *self.last.borrow_mut() = Some((body.clone(), key.clone()));
        let (this, number) = (self.clone(), self.number.clone());
        self.submit
            .run(api::meters::submit(&number, &body, &key), move |_| {
                this.values.set(vec![String::new(); this.values.len()]);
                this.previews.borrow_mut().clear();
                this.last.borrow_mut().take();
                this.saved.set(this.saved.wrapping_add(1));
                this.on_saved.emit(());
            });
    }
}

/// The meter a refusal names (`details.meter_id`) and its code, for that meter's field.
fn refused_meter(failure: Option<&ApiFailure>) -> Option<(&str, &'static str)> {
    match failure {
        Some(ApiFailure::Api { body, .. }) if body.error.code != ErrorCode::NeedsConfirmation => {
            let id = body.error.details.get("meter_id")?;
            Some((id.as_str(), body.error.code.as_str()))
        }
        _ => None,
    }
}

/// The form's state: what is typed, the estimates, the submission and the last key.
#[derive(Clone)]
pub struct ReadingsForm {
    sender: Sender,
    redraw: UseForceUpdateHandle,
    banner: NodeRef,
}

/// The state of the readings form of account `number`; `on_saved` runs once readings are saved
/// (the cards load again).
#[hook]
pub fn use_readings_form(number: AttrValue, on_saved: Callback<()>) -> ReadingsForm {
    let saved = use_state(|| 0u32);
    let banner = use_node_ref();
    {
        // The answer takes focus, so the number is read out and the keyboard starts there.
        let banner = banner.clone();
        use_effect_with(*saved, move |n| {
            if let (true, Some(el)) = (*n > 0, banner.cast::<web_sys::HtmlElement>()) {
                let _ = el.focus();
            }
        });
    }
    ReadingsForm {
        sender: Sender {
            number,
            submit: use_submit(),
            last: use_mut_ref(|| None),
            values: use_state(Vec::new),
            previews: use_mut_ref(Vec::new),
            saved,
            on_saved,
        },
        redraw: use_force_update(),
        banner,
    }
}

/// The form for `meters` (those that take readings now).
pub fn readings_form(lang: Lang, form: &ReadingsForm, meters: &[MeterView]) -> Html {
    let sender = &form.sender;
    let (submit, values, previews) = (&sender.submit, &sender.values, &sender.previews);
    let count = meters.len();
    let onsubmit = {
        let (sender, meters) = (sender.clone(), meters.to_vec());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (mut readings, mut bad) = (Vec::new(), Vec::new());
            for (i, m) in meters.iter().enumerate() {
                let text = sender.values.get(i).map_or("", |v| v.trim());
                if text.is_empty() {
                    continue;
                }
                match check_input(text, m.decimals, floor(m)) {
                    Ok(v) => readings.push(ReadingEntry {
                        meter_id: m.id.clone(),
                        value: v.format(m.decimals),
                    }),
                    Err(code) => bad.push((field_name(i), code)),
                }
            }
            if readings.is_empty() && bad.is_empty() {
                bad.push((field_name(0), "required"));
            }
            if !bad.is_empty() {
                let fields: Vec<(&str, &str)> = bad.iter().map(|(n, c)| (n.as_str(), *c)).collect();
                sender.submit.refuse(ApiFailure::invalid(&fields));
                return;
            }
            sender.send(SubmitReadings {
                readings,
                taken_on: None,
                confirm_unusual: false,
            });
        })
    };
    let failure = submit.failure();
    let refused = refused_meter(failure);
    let fields = meters.iter().enumerate().map(|(i, m)| {
        let name = field_name(i);
        let text = values.get(i).cloned().unwrap_or_default();
        let error = live_check(&text, m)
            .or_else(|| refused.filter(|(id, _)| *id == m.id).map(|(_, code)| code))
            .map(str::to_owned)
            .or_else(|| submit.field(&name));
        let unit = unit(lang, &m.unit);
        let mut hint = format!("{} {}", lang.text(Text::DecimalPlaces), m.decimals);
        if let Some(f) = &m.floor {
            hint.push_str(&format!("; {} {} {unit}", lang.text(Text::NotBelow), decimal(lang, f)));
        }
        let preview = previews
            .borrow()
            .get(i)
            .and_then(Option::as_ref)
            .filter(|(asked, _)| *asked == text.trim())
            .map(|(_, p)| preview_line(lang, unit, p));
        let oninput = {
            let (values, submit) = (values.clone(), submit.clone());
            Callback::from(move |v: String| {
                if submit.failure().is_some() || submit.done().is_some() {
                    submit.reset();
                }
                let mut next = (*values).clone();
                if next.len() <= i {
                    next.resize(i + 1, String::new());
                }
                if let Some(slot) = next.get_mut(i) {
                    *slot = v;
                }
                values.set(next);
            })
        };
        // The estimate is asked for when a valid value is left (not on every keystroke).
        let onfocusout = {
            let (previews, redraw, number) = (previews.clone(), form.redraw.clone(), sender.number.clone());
            let (id, decimals, floor) = (m.id.clone(), m.decimals, floor(m));
            let text = text.trim().to_owned();
            Callback::from(move |_: FocusEvent| {
                let Ok(value) = check_input(&text, decimals, floor) else {
                    return;
                };
                if previews.borrow().get(i).and_then(Option::as_ref).is_some_and(|(t, _)| *t == text) {
                    return;
                }
                let (previews, redraw, number, id, text) = (previews.clone(), redraw.clone(), number.clone(), id.clone(), text.clone());
                let value = value.format(decimals);
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(p) = api::meters::preview(&number, &id, &value).await {
                        let mut all = previews.borrow_mut();
                        let len = count.max(all.len());
                        all.resize(len, None);
                        if let Some(slot) = all.get_mut(i) {
                            *slot = Some((text, p));
                        }
                        drop(all);
                        redraw.force_update();
                    }
                });
            })
        };
        html! {
            <div class="reading" key={m.id.clone()} {onfocusout}>
                <FormField name={name} label={format!("{}, {unit}", meter_title(lang, m))} hint={hint} value={text}
                    error={error} inputmode="decimal" autocomplete="off" {oninput} />
                <p class="hint preview" aria-live="polite" data-testid={format!("preview-{}", m.id)}>{ preview }</p>
            </div>
        }
    });
    let confirming = unusual::details(failure).map(|details| {
        let on_confirm = {
            let sender = sender.clone();
            Callback::from(move |_: MouseEvent| {
                let body = sender.last.borrow().as_ref().map(|(b, _)| SubmitReadings {
                    confirm_unusual: true,
                    ..b.clone()
                });
                if let Some(body) = body {
                    sender.send(body);
                }
            })
        };
        let target = details.get("meter_id").and_then(|id| meters.iter().position(|m| m.id == *id)).unwrap_or(0);
        let fix = Callback::from(move |_: MouseEvent| focus(&format!("f-{}", field_name(target))));
        html! {
            <div class="banner warning" role="alert" tabindex="-1" data-testid="confirm-unusual">
                { for unusual::explain(lang, details, meters).into_iter().map(|line| html! { <p>{ line }</p> }) }
                <p><strong>{ lang.text(Text::ConfirmAsk) }</strong></p>
                <button type="button" class="primary" onclick={on_confirm} disabled={submit.busy()} data-testid="confirm-yes">{ lang.text(Text::ConfirmYes) }</button>
                <button type="button" class="secondary" onclick={fix}>{ lang.text(Text::FixReading) }</button>
            </div>
        }
    });
    // A refusal the fields already explain needs no banner above them.
    let explained = matches!(failure, Some(ApiFailure::Api { body, .. }) if body.error.fields.keys().any(|k| k.starts_with("reading-")));
    let window = meters.first().map(|m| &m.window).filter(|w| !w.open);
    html! {
        <section class="readings" aria-labelledby="readings-title">
            <h3 id="readings-title">{ lang.text(Text::ReadingsButton) }</h3>
            <p class="hint">{ lang.text(Text::FormHint) }</p>
            if let Some(w) = window {
                <p class="banner warning">{ format!("{} {}.", lang.text(Text::ClosedForNext), month(lang, &w.period)) }</p>
            }
            if let Some(saved) = submit.done() {
                { saved_banner(lang, &saved.items, meters, form.banner.clone()) }
            }
            <form {onsubmit} novalidate=true ref={submit.form.clone()} data-testid="readings-form">
                if let Some(panel) = confirming {
                    { panel }
                } else if !explained {
                    { submit.banner() }
                }
                { for fields }
                <button class="primary big" type="submit" disabled={submit.busy()} data-testid="readings-submit">{ lang.text(Text::ReadingsButton) }</button>
            </form>
        </section>
    }
}

/// «Показания приняты»: per meter the value and the number to quote, and whether they wait
/// for the next period or an operator's look.
fn saved_banner(lang: Lang, saved: &[Reading], meters: &[MeterView], focus: NodeRef) -> Html {
    let later = saved.iter().find(|r| !r.in_window);
    html! {
        <div class="banner ok" role="status" tabindex="-1" ref={focus} data-testid="readings-saved">
            <p><strong>{ lang.text(Text::Accepted) }</strong></p>
            <ul>
                { for saved.iter().map(|r| {
                    let m = meters.iter().find(|m| m.id == r.meter_id);
                    let (title, unit) = m.map_or((r.meter_id.clone(), ""), |m| (meter_title(lang, m), unit(lang, &m.unit)));
                    html! { <li>{ format!("{title}: {} {unit}, {} {}", decimal(lang, &r.value), lang.text(Text::ReadingNo), r.number) }</li> }
                }) }
            </ul>
            <p>{ lang.text(Text::QuoteHint) }</p>
            if let Some(r) = later {
                <p>{ format!("{} {}.", lang.text(Text::NextPeriod), month(lang, &r.period)) }</p>
            }
            if saved.iter().any(|r| r.flagged) {
                <p>{ lang.text(Text::WillReview) }</p>
            }
        </div>
    }
}
