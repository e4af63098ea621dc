//! Kabinet SPA entry point.

mod api;
mod app;
mod components;
mod hooks;
mod i18n;
mod pages;
mod session;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
