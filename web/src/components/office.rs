//! The service office's contacts (from the server's configuration): where a resident goes
//! for a link code, or for what the site cannot do yet.

use yew::prelude::*;

use crate::api;
use crate::hooks::use_fetch;
use crate::i18n::{use_lang, Text};

#[function_component(OfficeCard)]
pub fn office_card() -> Html {
    let lang = use_lang();
    let office = use_fetch((), |()| api::office::info());
    html! {
        <section class="card" aria-labelledby="office-heading" data-testid="office">
            <h2 id="office-heading">{ lang.text(Text::OfficeTitle) }</h2>
            { office.view(|o| html! {
                // The values are the supplier's own words, in Russian whatever the UI language.
                <dl class="facts">
                    <dt>{ lang.text(Text::OfficeName) }</dt><dd lang="ru" data-testid="office-name">{ &o.name }</dd>
                    <dt>{ lang.text(Text::Address) }</dt><dd lang="ru" data-testid="office-address">{ &o.address }</dd>
                    <dt>{ lang.text(Text::OfficePhone) }</dt>
                    <dd><a href={format!("tel:{}", o.phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>())} data-testid="office-phone">{ &o.phone }</a></dd>
                    <dt>{ lang.text(Text::OfficeHours) }</dt><dd lang="ru" data-testid="office-hours">{ &o.hours }</dd>
                </dl>
            }) }
        </section>
    }
}
