//! The 404 page for unknown client-side routes.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::i18n::{Lang, Text};

/// The 404 page (a function, not a component: it has no state).
pub fn not_found(lang: Lang) -> Html {
    html! {
        <section class="card" data-testid="not-found">
            <h1>{ lang.text(Text::NotFoundTitle) }</h1>
            <p>{ lang.text(Text::NotFoundBody) }</p>
            <Link<Route> to={Route::Home}>{ lang.text(Text::BackHome) }</Link<Route>>
        </section>
    }
}
