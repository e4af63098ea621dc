//! The loading indicator every fetch shows while it waits.

use yew::prelude::*;

use crate::i18n::{use_lang, Text};

/// "Loading…" with an animated ring, announced to screen readers.
#[function_component(Spinner)]
pub fn spinner() -> Html {
    let lang = use_lang();
    html! { <span class="spinner" role="status" aria-live="polite">{ lang.text(Text::Loading) }</span> }
}
