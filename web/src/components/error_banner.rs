//! Shows an API failure in the user's language, with an optional retry button.

use yew::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::{use_lang, Text};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub failure: ApiFailure,
    #[prop_or_default]
    pub on_retry: Option<Callback<MouseEvent>>,
}

/// A red banner with the translated message of `failure`.
#[function_component(ErrorBanner)]
pub fn error_banner(props: &Props) -> Html {
    let lang = use_lang();
    html! {
        <div class="banner error" role="alert" tabindex="-1" data-testid="error-banner">
            <p>{ props.failure.message(lang) }</p>
            if let Some(retry) = props.on_retry.clone() {
                <button class="primary" onclick={retry}>{ lang.text(Text::Retry) }</button>
            }
        </div>
    }
}
