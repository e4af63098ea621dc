//! The one translation table. Russian is the default; English is the second language. The
//! choice is remembered in localStorage and mirrored into `<html lang>`.

mod errors;
mod text;

use kabinet_shared::ErrorCode;
use yew::prelude::*;

pub use text::Text;

const STORAGE_KEY: &str = "kabinet.lang";

/// A UI language.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    /// The saved choice, or Russian.
    pub fn load() -> Self {
        let saved = web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let lang = match saved.as_deref() {
            Some("en") => Self::En,
            _ => Self::Ru,
        };
        lang.apply_to_document();
        lang
    }

    /// Remembers the choice for the next visit (silently skipped when storage is blocked).
    pub fn store(self) {
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(STORAGE_KEY, self.code());
        }
        self.apply_to_document();
    }

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ru => "ru",
            Self::En => "en",
        }
    }

    fn apply_to_document(self) {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", self.code());
        }
    }

    /// The text of `key` in this language.
    pub fn text(self, key: Text) -> &'static str {
        self.pick(key.pair())
    }

    /// The message for an API error code.
    pub fn error(self, code: ErrorCode) -> &'static str {
        self.pick(errors::error_pair(code))
    }

    /// The message for a field error code (`required`, `taken`, …) of `field`.
    pub fn field_error(self, field: &str, code: &str) -> &'static str {
        self.pick(errors::field_pair(field, code))
    }

    fn pick(self, (ru, en): (&'static str, &'static str)) -> &'static str {
        match self {
            Self::Ru => ru,
            Self::En => en,
        }
    }
}

/// The language and a way to change it, provided to every component.
#[derive(Clone, PartialEq)]
pub struct LangContext {
    pub lang: Lang,
    pub set: Callback<Lang>,
}

impl LangContext {
    /// Bundles the current language with its setter.
    pub fn new(lang: Lang, set: Callback<Lang>) -> Self {
        Self { lang, set }
    }
}

/// The current language (Russian outside a provider).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<LangContext>().map_or(Lang::Ru, |c| c.lang)
}
