//! A short help page: how to start, link an account, pass readings, pay; whom to call.

use yew::prelude::*;

use crate::components::office::OfficeCard;
use crate::i18n::{Lang, Text};

/// The help page (a function, not a component: it has no state of its own).
pub fn help(lang: Lang) -> Html {
    let topics = [
        (Text::HelpStartQ, Text::HelpStartA),
        (Text::HelpLinkQ, Text::HelpLinkA),
        (Text::HelpReadingsQ, Text::HelpReadingsA),
        (Text::HelpPayQ, Text::HelpPayA),
        (Text::HelpPasswordQ, Text::HelpPasswordA),
    ];
    html! {
        <>
            <section class="card" data-testid="help">
                <h1>{ lang.text(Text::HelpTitle) }</h1>
                { for topics.iter().map(|(q, a)| html! {
                    <>
                        <h2>{ lang.text(*q) }</h2>
                        <p>{ lang.text(*a) }</p>
                    </>
                }) }
            </section>
            <OfficeCard />
        </>
    }
}
