//! Warns when the browser blocks cookies: sign-in relies on an HttpOnly session cookie
//! (Rules, section 6).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{Lang, Text};

const PROBE: &str = "kabinet_cookie_probe";

/// Writes a throw-away cookie and reads it back: more truthful than `navigator.cookieEnabled`,
/// which some browsers report as true while a site-level block is in force.
fn cookies_work() -> bool {
    let Some(document) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    else {
        return false;
    };
    if document
        .set_cookie(&format!("{PROBE}=1; path=/; SameSite=Strict"))
        .is_err()
    {
        return false;
    }
    let works = document.cookie().is_ok_and(|all| all.contains(PROBE));
    let _ = document.set_cookie(&format!("{PROBE}=; path=/; max-age=0; SameSite=Strict"));
    works
}

/// Whether cookies work, checked once per page load.
#[hook]
pub fn use_cookies_work() -> bool {
    *use_memo((), |_| cookies_work())
}

/// Nothing when cookies work; a warning banner when they are disabled.
pub fn env_check(lang: Lang, works: bool) -> Html {
    if works {
        return Html::default();
    }
    html! {
        <div class="banner warning" role="alert" data-testid="cookies-disabled">
            { lang.text(Text::CookiesDisabled) }
        </div>
    }
}
