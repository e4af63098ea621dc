//! Routes, the page frame (header, navigation, footer) and the language context.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::env_check::EnvCheck;
use crate::components::lang_switch::LangSwitch;
use crate::i18n::{Lang, LangContext, Text};
use crate::pages::{home::Home, not_found::NotFound};

/// Every client-side route of the SPA.
#[derive(Clone, Routable, PartialEq, Eq, Debug)]
pub enum Route {
    #[at("/")]
    Home,
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// The application root: language state, router and frame.
#[function_component(App)]
pub fn app() -> Html {
    let lang = use_state(Lang::load);
    let context = LangContext::new(*lang, {
        let lang = lang.clone();
        Callback::from(move |next: Lang| {
            next.store();
            lang.set(next);
        })
    });
    let t = context.lang;
    html! {
        <ContextProvider<LangContext> context={context}>
            <BrowserRouter>
                <header class="site-header">
                    <div class="bar">
                        <Link<Route> to={Route::Home} classes="brand">{ t.text(Text::AppName) }</Link<Route>>
                        <nav aria-label={t.text(Text::NavLabel)}>
                            <Link<Route> to={Route::Home}>{ t.text(Text::NavHome) }</Link<Route>>
                            <a href="/api/docs/">{ t.text(Text::NavApiDocs) }</a>
                        </nav>
                        <LangSwitch />
                    </div>
                </header>
                <main id="content">
                    <EnvCheck />
                    <Switch<Route> render={switch} />
                </main>
                <footer class="site-footer">
                    <div class="bar">{ t.text(Text::Footer) }</div>
                </footer>
            </BrowserRouter>
        </ContextProvider<LangContext>>
    }
}
