//! The profile: personal data, consents, notification choices, password, sessions, personal
//! tokens and «Мои данные».

mod consents;
mod notifications;
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
                <notifications::NotificationsCard profile={profile.clone()} />
                <password::PasswordCard />
                <sessions::Sessions />
                <tokens::Tokens />
                <notifications::MyData />
            </>
        },
        None => Html::default(),
    };
    html! { <RequireAuth>{ body }</RequireAuth> }
}
