//! Shows an API failure in the user's language, with an optional retry button.

use yew::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::{Lang, Text};

/// A red banner with the translated message of `failure` (a function, not a component: it has
/// no state).
pub fn error_banner(
    lang: Lang,
    failure: &ApiFailure,
    on_retry: Option<Callback<MouseEvent>>,
) -> Html {
    html! {
        <div class="banner error" role="alert" tabindex="-1" data-testid="error-banner">
            <p>{ failure.message(lang) }</p>
            if let Some(retry) = on_retry {
                <button class="primary" onclick={retry}>{ lang.text(Text::Retry) }</button>
            }
        </div>
    }
}
