//! Kabinet SPA entry point.

mod api;
mod app;
mod components;
mod hooks;
mod i18n;
mod pages;
mod session;

fn main() {
    #[cfg(feature = "meters")]
    arrived();
    yew::Renderer::<app::App>::new().render();
}

/// The meters bundle has started: the resident bundle, which reloads an address of this
/// bundle's pages once to get here (see `pages::accounts::account`), may do so again.
#[cfg(feature = "meters")]
fn arrived() {
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.remove_item("kabinet-meters-reload");
    }
}
