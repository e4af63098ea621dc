//! The profile: personal data, consents, notification choices, password, sessions, personal
//! tokens and «Мои данные».

mod consents;
#[cfg(feature = "meters")]
pub mod notifications;
mod password;
mod personal;
mod sessions;
mod tokens;

use yew::prelude::*;

use crate::components::require_auth::RequireAuth;
use crate::i18n::{use_lang, Text};
use crate::session::use_session;

#[function_component(ProfilePage)]
pub fn profile_page() -> Html {
    let lang = use_lang();
    let session = use_session();
    let body = match session.profile() {
        Some(profile) => html! {
            <>
                <h1>{ lang.text(Text::ProfileTitle) }</h1>
                <personal::Personal profile={profile.clone()} />
                <consents::ConsentsCard consents={profile.consents.clone()} />
                <section class="card" data-testid="notifications-link">
                    <h2>{ lang.text(Text::NotificationsHeading) }</h2>
                    // A full page load: the page lives in the meters bundle (the resident bundle
                    // stays within its size budget).
                    <p><a href="/profile/notifications">{ lang.text(Text::NotificationsLink) }</a></p>
                </section>
                <password::PasswordCard />
                <sessions::Sessions />
                <tokens::Tokens />
            </>
        },
        None => Html::default(),
    };
    html! { <RequireAuth>{ body }</RequireAuth> }
}
