//! РУС / ENG toggle in the header.

use yew::prelude::*;

use crate::i18n::{Lang, LangContext, Text};

/// Two buttons; the pressed one is the current language (a function of the header's context,
/// not a component: it has no state of its own).
pub fn lang_switch(context: &LangContext) -> Html {
    let button = |lang: Lang, label: &'static str, full: &'static str| {
        let set = context.set.clone();
        html! {
            <button type="button" lang={lang.code()} title={full}
                aria-pressed={(context.lang == lang).to_string()}
                data-testid={format!("lang-{}", lang.code())}
                onclick={Callback::from(move |_| set.emit(lang))}>{ label }</button>
        }
    };
    html! {
        <div class="lang-switch" role="group" aria-label={context.lang.text(Text::LanguageLabel)}>
            { button(Lang::Ru, "РУС", "Русский") }
            { button(Lang::En, "ENG", "English") }
        </div>
    }
}
