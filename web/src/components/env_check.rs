//! Warns when the browser blocks cookies: sign-in relies on an HttpOnly session cookie
//! (Rules, section 6).

use yew::prelude::*;

use crate::i18n::{use_lang, Text};

/// Nothing when cookies work; a warning banner when they are disabled.
#[function_component(EnvCheck)]
pub fn env_check() -> Html {
    let lang = use_lang();
    let cookies = web_sys::window().is_some_and(|w| w.navigator().cookie_enabled());
    if cookies {
        return Html::default();
    }
    html! {
        <div class="banner warning" role="alert" data-testid="cookies-disabled">
            { lang.text(Text::CookiesDisabled) }
        </div>
    }
}
