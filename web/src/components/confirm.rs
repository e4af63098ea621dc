//! An action that asks first: the button opens a small dialog in place (per row), with the
//! reason field when the action records one, «Подтвердить» and «Отмена». Used by the staff
//! pages for block, disconnect and re-issuing a code.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::form_field::FormField;
use crate::i18n::{use_lang, Text};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The button's text («Заблокировать»).
    pub label: AttrValue,
    /// The question the dialog asks.
    pub question: AttrValue,
    /// Ask for a reason (required, sent to the confirm callback).
    #[prop_or_default]
    pub reason: bool,
    /// Called with the reason (empty when none is asked).
    pub on_confirm: Callback<String>,
    #[prop_or_default]
    pub busy: bool,
    /// For tests: `data-testid` of the button; the dialog's controls get `-yes`, `-reason`.
    #[prop_or_default]
    pub testid: AttrValue,
    #[prop_or(AttrValue::Static("secondary"))]
    pub class: AttrValue,
    /// More to ask inside the dialog (e.g. the ground of a disconnection).
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Confirm)]
pub fn confirm(props: &Props) -> Html {
    let lang = use_lang();
    let open = use_state(|| false);
    let reason = use_state(String::new);
    let missing = use_state(|| false);
    let dialog = use_node_ref();
    let trigger = use_node_ref();
    let was_open = use_mut_ref(|| false);
    {
        // Focus goes into the dialog when it opens (the reason field, else «Подтвердить») and
        // back to the button when it closes.
        let (dialog, trigger) = (dialog.clone(), trigger.clone());
        use_effect_with(*open, move |open| {
            if !*open && was_open.replace(false) {
                if let Some(button) = trigger.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
            if *open {
                was_open.replace(true);
                if let Some(el) = dialog
                    .cast::<web_sys::Element>()
                    .and_then(|d| {
                        d.query_selector("select, input, button.primary")
                            .ok()
                            .flatten()
                    })
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = el.focus();
                }
            }
        });
    }
    if !*open {
        let open = open.clone();
        return html! {
            // Not disabled while busy: focus must be able to come back to it.
            <button type="button" ref={trigger} class={props.class.clone()} data-testid={props.testid.clone()}
                onclick={Callback::from(move |_| open.set(true))}>{ &props.label }</button>
        };
    }
    let yes = {
        let (reason, missing, open, on_confirm, needs, dialog) = (
            reason.clone(),
            missing.clone(),
            open.clone(),
            props.on_confirm.clone(),
            props.reason,
            dialog.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let why = reason.trim().to_owned();
            if needs && why.is_empty() {
                missing.set(true);
                // To the field that says what is missing.
                if let Some(field) = dialog
                    .cast::<web_sys::Element>()
                    .and_then(|d| d.query_selector("input").ok().flatten())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = field.focus();
                }
                return;
            }
            on_confirm.emit(why);
            open.set(false);
            reason.set(String::new());
            missing.set(false);
        })
    };
    let cancel = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    // Escape closes the dialog, as it does any dialog.
    let onkeydown = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                open.set(false);
            }
        })
    };
    let id = format!("{}-", props.testid);
    html! {
        <div class="confirm" role="alertdialog" aria-label={props.question.clone()} ref={dialog} {onkeydown}>
          <form onsubmit={yes} novalidate=true>
            <p>{ &props.question }</p>
            { props.children.clone() }
            if props.reason {
                <FormField name="reason" prefix={id} label={lang.text(Text::Reason)} value={(*reason).clone()} required=true
                    error={missing.then(|| "required".to_owned())}
                    oninput={{ let s = reason.clone(); Callback::from(move |v| s.set(v)) }} />
            }
            // Names the action, not just «Подтвердить».
            <button type="submit" class="primary" disabled={props.busy} data-testid={format!("{}-yes", props.testid)}>{ &props.label }</button>
            <button type="button" class="secondary" onclick={cancel}>{ lang.text(Text::Cancel) }</button>
          </form>
        </div>
    }
}
