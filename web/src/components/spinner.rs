//! The loading indicator every fetch shows while it waits.

use yew::prelude::*;

use crate::i18n::{Lang, Text};

/// "Loading…" with an animated ring, announced to screen readers. A function, not a component:
/// it has no state, and every component type costs the bundle about a kilobyte.
pub fn spinner(lang: Lang) -> Html {
    html! { <span class="spinner" role="status" aria-live="polite">{ lang.text(Text::Loading) }</span> }
}
