//! A labelled input with its hint and its error from the API's `fields`, in the user's
//! language, wired for screen readers (`aria-invalid`, `aria-describedby`).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{use_lang, Text};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The API field name (also the input id and name).
    pub name: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<String>,
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The error code for this field, if the API named it.
    #[prop_or_default]
    pub error: Option<String>,
    #[prop_or_default]
    pub required: bool,
    /// Makes the element id unique when two forms on a page share a field name.
    #[prop_or_default]
    pub prefix: AttrValue,
    /// The on-screen keyboard a phone shows (`numeric` for account numbers).
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
}

#[function_component(FormField)]
pub fn form_field(props: &Props) -> Html {
    let lang = use_lang();
    // A password can be shown while typing (on a phone a typo is easy and invisible).
    let shown = use_state(|| false);
    let password = props.kind == "password";
    let kind = if password && *shown {
        AttrValue::Static("text")
    } else {
        props.kind.clone()
    };
    let toggle = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(!*shown))
    };
    let id = format!("f-{}{}", props.prefix, props.name.replace('.', "-"));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value());
        })
    };
    let described = [
        props.hint.as_ref().map(|_| hint_id.clone()),
        props.error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        <div class={classes!("field", props.error.as_ref().map(|_| "has-error"))}>
            <label for={id.clone()}>{ &props.label }</label>
            <div class={classes!(password.then_some("with-toggle"))}>
                <input id={id.clone()} name={props.name.clone()} type={kind} value={props.value.clone()}
                    autocomplete={props.autocomplete.clone()} required={props.required}
                    inputmode={props.inputmode.clone()}
                    aria-invalid={props.error.is_some().to_string()}
                    aria-describedby={(!described.is_empty()).then_some(described)}
                    {oninput} />
                if password {
                    <button type="button" class="secondary toggle" aria-controls={id.clone()}
                        onclick={toggle} data-testid={format!("show-{}", props.name)}>
                        { lang.text(if *shown { Text::HidePassword } else { Text::ShowPassword }) }
                    </button>
                }
            </div>
            if let Some(hint) = &props.hint {
                <small id={hint_id} class="hint">{ hint }</small>
            }
            if let Some(code) = &props.error {
                <small id={error_id} class="error" data-testid={format!("error-{}", props.name)}>{ lang.field_error(&props.name, code) }</small>
            }
        </div>
    }
}
