//! Personal API tokens: create (shown once), list, revoke.

use kabinet_shared::api::me::{CreateTokenRequest, PersonalScope, TokenInfo};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_banner::ErrorBanner;
use crate::components::form_field::FormField;
use crate::components::spinner::Spinner;
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
    let list = use_state(|| None::<Result<Vec<TokenInfo>, ApiFailure>>);
    let name = use_state(String::new);
    let write = use_state(|| false);
    let created = use_state(|| None::<String>);
    let failure = use_state(|| None::<ApiFailure>);
    let reload = {
        let list = list.clone();
        Callback::from(move |_: ()| {
            let list = list.clone();
            wasm_bindgen_futures::spawn_local(
                async move { list.set(Some(api::me::tokens().await)) },
            );
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    let onsubmit = {
        let (name, write, created, failure, reload) = (
            name.clone(),
            write.clone(),
            created.clone(),
            failure.clone(),
            reload.clone(),
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
            let (name, created, failure, reload) = (
                name.clone(),
                created.clone(),
                failure.clone(),
                reload.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::me::create_token(&body).await {
                    Ok(answer) => {
                        failure.set(None);
                        created.set(Some(answer.token));
                        name.set(String::new());
                        reload.emit(());
                    }
                    Err(err) => failure.set(Some(err)),
                }
            });
        })
    };
    let revoke = |id: i64| {
        let (reload, failure) = (reload.clone(), failure.clone());
        Callback::from(move |_| {
            let (reload, failure) = (reload.clone(), failure.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::me::revoke_token(id).await {
                    Ok(()) => reload.emit(()),
                    Err(err) => failure.set(Some(err)),
                }
            });
        })
    };
    let items = match &*list {
        None => html! { <Spinner /> },
        Some(Err(f)) => {
            html! { <ErrorBanner failure={f.clone()} on_retry={reload.reform(|_| ())} /> }
        }
        Some(Ok(items)) if items.is_empty() => html! { <p>{ lang.text(Text::NoTokens) }</p> },
        Some(Ok(items)) => html! {
            <ul class="plain">
                { for items.iter().map(|t| html! {
                    <li>
                        <strong>{ &t.name }</strong>
                        { format!(" — {}", t.scopes.iter().map(|s| scope_name(lang, *s)).collect::<Vec<_>>().join(", ")) }
                        <button class="secondary" onclick={revoke(t.id)}>{ lang.text(Text::Revoke) }</button>
                    </li>
                }) }
            </ul>
        },
    };
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
            if let Some(token) = &*created {
                <div class="banner ok" role="status">
                    <p>{ lang.text(Text::TokenShownOnce) }</p>
                    <code class="secret" data-testid="new-token">{ token }</code>
                </div>
            }
            if let Some(f) = failure.as_ref().filter(|f| f.field("name").is_none()) {
                <ErrorBanner failure={f.clone()} />
            }
            { items }
            <form {onsubmit} novalidate=true>
                <FormField name="name" prefix="token-" label={lang.text(Text::TokenName)} value={(*name).clone()}
                    error={failure.as_ref().and_then(|f| f.field("name"))} oninput={{ let s = name.clone(); Callback::from(move |v| s.set(v)) }} />
                <div class="check">
                    <input type="checkbox" id="token-write" checked={*write} onchange={on_write} />
                    <label for="token-write">{ lang.text(Text::ScopeReadingsWrite) }</label>
                </div>
                <button class="primary" type="submit">{ lang.text(Text::CreateToken) }</button>
            </form>
        </section>
    }
}
