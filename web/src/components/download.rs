//! Hands a file fetched from the API to the browser as a download (an `<a download>` on an
//! object URL). The last URL is kept until the next download, so a slow browser still has it.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

use crate::api::files::FileAnswer;

thread_local! {
    /// The object URL of the last download.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Saves `file` under the name the server gave it, else `fallback`.
pub fn save(file: &FileAnswer, fallback: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&file.blob) else {
        return;
    };
    let link = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
    if let (Some(link), Some(body)) = (link, document.body()) {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", file.name.as_deref().unwrap_or(fallback));
        let _ = body.append_child(&link);
        link.click();
        let _ = body.remove_child(&link);
    }
    if let Some(previous) = LAST.with(|last| last.replace(Some(url))) {
        let _ = web_sys::Url::revoke_object_url(&previous);
    }
}
