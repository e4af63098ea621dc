//! Personal API tokens: create (the secret is shown once, with a copy button), list, revoke.

use kabinet_shared::api::me::{CreateTokenRequest, CreatedToken, PersonalScope};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api;
use crate::components::confirm::Confirm;
use crate::components::error_banner::error_banner;
use crate::components::form_field::FormField;
use crate::hooks::{use_fetch, use_submit};
use crate::i18n::{use_lang, Lang, Text};

fn scope_name(lang: Lang, scope: PersonalScope) -> &'static str {
    match scope {
        PersonalScope::Read => lang.text(Text::ScopeRead),
        PersonalScope::ReadingsWrite => lang.text(Text::ScopeReadingsWrite),
    }
}

#[function_component(Tokens)]
pub fn tokens() -> Html {
    let lang = use_lang();
    let list = use_fetch((), |()| api::me::tokens());
    let name = use_state(String::new);
    let write = use_state(|| false);
    let create = use_submit::<CreatedToken>();
    let revoke = use_submit::<i64>();
    let copied = use_state(|| false);
    let onsubmit = {
        let (name, write, create, reload, copied) = (
            name.clone(),
            write.clone(),
            create.clone(),
            list.reload.clone(),
            copied.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut scopes = vec![PersonalScope::Read];
            if *write {
                scopes.push(PersonalScope::ReadingsWrite);
            }
            let body = CreateTokenRequest {
                name: (*name).clone(),
                scopes,
            };
            let (name, reload) = (name.clone(), reload.clone());
            copied.set(false);
            create.run(api::me::create_token(&body), move |_| {
                name.set(String::new());
                reload.emit(());
            });
        })
    };
    let on_revoke = |id: i64| {
        let (revoke, reload) = (revoke.clone(), list.reload.clone());
        Callback::from(move |_: String| {
            let reload = reload.clone();
            revoke.run(
                async move { api::me::revoke_token(id).await.map(|()| id) },
                move |_| reload.emit(()),
            );
        })
    };
    // The new secret is shown until its token is revoked (then it is worthless and goes).
    let revoked_id = revoke.done().copied();
    let secret = create
        .done()
        .filter(|c| Some(c.info.id) != revoked_id)
        .map(|c| c.token.clone());
    let copy = {
        let (secret, copied) = (secret.clone(), copied.clone());
        Callback::from(move |_| {
            if let (Some(secret), Some(window)) = (secret.clone(), web_sys::window()) {
                let _ = window.navigator().clipboard().write_text(&secret);
                copied.set(true);
            }
        })
    };
    let items = list.view(|items| {
        if items.is_empty() {
            return html! { <p>{ lang.text(Text::NoTokens) }</p> };
        }
        html! {
            <ul class="plain" data-testid="tokens">
                { for items.iter().map(|t| html! {
                    <li>
                        <strong>{ &t.name }</strong>
                        { format!(" — {}", t.scopes.iter().map(|s| scope_name(lang, *s)).collect::<Vec<_>>().join(", ")) }
                        <Confirm label={lang.text(Text::Revoke)} question={format!("{} «{}»?", lang.text(Text::RevokeQuestion), t.name)}
                            busy={revoke.busy()} on_confirm={on_revoke(t.id)} testid={format!("revoke-{}", t.id)} />
                    </li>
                }) }
            </ul>
        }
    });
    let on_write = {
        let write = write.clone();
        Callback::from(move |e: Event| {
            write.set(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    html! {
        <section class="card">
            <h2>{ lang.text(Text::TokensTitle) }</h2>
            <p class="hint">{ lang.text(Text::TokensIntro) }</p>
            if let Some(token) = secret {
                <div class="banner ok" role="status">
                    <p>{ lang.text(Text::TokenShownOnce) }</p>
                    <code class="secret" data-testid="new-token">{ token }</code>
                    <button type="button" class="secondary" onclick={copy} data-testid="copy-token">
                        { lang.text(if *copied { Text::Copied } else { Text::Copy }) }
                    </button>
                </div>
            }
            if let Some(f) = revoke.failure() {
                { error_banner(lang, f, None) }
            }
            { items }
            <form {onsubmit} novalidate=true ref={create.form.clone()}>
                if create.field("name").is_none() { { create.banner() } }
                <FormField name="name" prefix="token-" label={lang.text(Text::TokenName)} value={(*name).clone()}
                    error={create.field("name")} oninput={{ let s = name.clone(); Callback::from(move |v| s.set(v)) }} />
                <div class="check">
                    <input type="checkbox" id="token-write" checked={*write} onchange={on_write} />
                    <label for="token-write">{ lang.text(Text::ScopeReadingsWrite) }</label>
                </div>
                <button class="primary" type="submit" disabled={create.busy()}>{ lang.text(Text::CreateToken) }</button>
            </form>
        </section>
    }
}
