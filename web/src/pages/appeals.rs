//! «Обращения» (Rules, section 4): the resident's appeals with their status and deadline, a
//! form for a new one (optionally about one of their accounts), and one appeal with its files
//! (a photo or a PDF, up to three) and the office's answer.

use kabinet_shared::api::appeals::{
    AppealCategory, AppealDetail, AppealStatus, AppealSummary, NewAppeal,
};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::app::Route;
use crate::components::appeal::{category_text, deadline, status_text};
use crate::components::dates::moment;
use crate::components::error_banner::error_banner;
use crate::components::require_auth::RequireAuth;
use crate::hooks::{use_fetch, use_paged, use_submit};
use crate::i18n::{use_lang, Text};

/// `/appeals`.
pub fn appeals_page() -> Html {
    html! { <RequireAuth><Appeals /></RequireAuth> }
}

/// `/appeals/{id}`.
pub fn appeal_page(id: i64) -> Html {
    html! { <RequireAuth><AppealView id={id} /></RequireAuth> }
}

#[function_component(Appeals)]
fn appeals() -> Html {
    let lang = use_lang();
    let list = use_paged(|(): (), cursor: Option<String>| api::appeals::list(cursor.as_deref()));
    {
        let list = list.clone();
        use_effect_with((), move |_| list.search(()));
    }
    let rows = |items: &[AppealSummary]| {
        html! {
            <table class="data" data-testid="appeals">
                <thead><tr>
                    <th scope="col">{ lang.text(Text::AppealNumberLabel) }</th>
                    <th scope="col">{ lang.text(Text::AppealSubject) }</th>
                    <th scope="col">{ lang.text(Text::Status) }</th>
                    <th scope="col">{ lang.text(Text::AppealDeadline) }</th>
                </tr></thead>
                <tbody>
                    { for items.iter().map(|a| html! {
                        <tr data-testid={format!("appeal-{}", a.number)}>
                            <td><Link<Route> to={Route::Appeal { id: a.id }}>{ &a.number }</Link<Route>></td>
                            <td>{ category_text(lang, a.category) }{ ": " }{ &a.subject }</td>
                            <td data-testid="appeal-status">{ status_text(lang, a.status) }</td>
                            <td>{ deadline(lang, a) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    };
    html! {
        <>
            <h1>{ lang.text(Text::AppealsTitle) }</h1>
            <p class="hint">{ lang.text(Text::AppealsIntro) }</p>
            <NewAppealForm />
            <section class="card">
                { list.view(lang.text(Text::NoAppeals), lang.text(Text::Shown), lang.text(Text::LoadMore), rows) }
            </section>
        </>
    }
}

#[derive(Clone, Default, PartialEq)]
struct Form {
    category: String,
    subject: String,
    text: String,
    account: String,
}

#[function_component(NewAppealForm)]
fn new_appeal_form() -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let form = use_state(|| Form {
        category: "question".into(),
        ..Form::default()
    });
    let accounts = use_fetch((), |()| api::accounts::list());
    let submit = use_submit::<AppealDetail>();
    let onsubmit = {
        let (form, submit) = (form.clone(), submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            if let Some(refused) =
                ApiFailure::missing(&[("subject", f.subject.trim()), ("text", f.text.trim())])
            {
                submit.refuse(refused);
                return;
            }
            let category = AppealCategory::parse(&f.category).unwrap_or(AppealCategory::Question);
            let body = NewAppeal {
                category,
                subject: f.subject,
                text: f.text,
                account: (!f.account.is_empty()).then_some(f.account),
            };
            let navigator = navigator.clone();
            submit.run(api::appeals::create(&body), move |created| {
                if let Some(nav) = &navigator {
                    nav.push(&Route::Appeal {
                        id: created.summary.id,
                    });
                }
            });
        })
    };
    let on_select = |apply: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let mut next = (*form).clone();
            apply(&mut next, select.value());
            form.set(next);
        })
    };
    let on_subject = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*form).clone();
            next.subject = input.value();
            form.set(next);
        })
    };
    let on_text = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let mut next = (*form).clone();
            next.text = area.value();
            form.set(next);
        })
    };
    let error = |name: &str| {
        submit.field(name).map(|code| html! {
            <p class="field-error" id={format!("appeal-{name}-error")}>{ lang.field_error(name, &code) }</p>
        })
    };
    let f = &*form;
    let categories = [
        AppealCategory::Question,
        AppealCategory::Complaint,
        AppealCategory::Proposal,
    ];
    html! {
        <section class="card" data-testid="new-appeal">
            <h2>{ lang.text(Text::AppealNew) }</h2>
            <form {onsubmit} novalidate=true ref={submit.form.clone()}>
                { submit.banner() }
                <div class="field">
                    <label for="appeal-category">{ lang.text(Text::AppealCategory) }</label>
                    <select id="appeal-category" data-testid="appeal-category" onchange={on_select(|f, v| f.category = v)}>
                        { for categories.iter().map(|c| html! {
                            <option value={c.as_str()} selected={f.category == c.as_str()}>{ category_text(lang, *c) }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="appeal-subject">{ lang.text(Text::AppealSubject) }</label>
                    <input id="appeal-subject" data-testid="appeal-subject" maxlength="200" value={f.subject.clone()} oninput={on_subject}
                        aria-invalid={submit.field("subject").is_some().to_string()} aria-describedby="appeal-subject-error" />
                    { error("subject") }
                </div>
                <div class="field">
                    <label for="appeal-text">{ lang.text(Text::AppealBody) }</label>
                    <textarea id="appeal-text" data-testid="appeal-text" rows="6" maxlength="5000" value={f.text.clone()} oninput={on_text}
                        aria-invalid={submit.field("text").is_some().to_string()} aria-describedby="appeal-text-error" />
                    { error("text") }
                </div>
                if let Some(list) = accounts.data().filter(|l| !l.is_empty()) {
                    <div class="field">
                        <label for="appeal-account">{ lang.text(Text::AppealAccount) }</label>
                        <select id="appeal-account" data-testid="appeal-account" onchange={on_select(|f, v| f.account = v)}>
                            <option value="" selected={f.account.is_empty()}>{ lang.text(Text::AppealNoAccount) }</option>
                            { for list.iter().map(|a| html! {
                                <option value={a.number.clone()} selected={f.account == a.number}>{ &a.number }</option>
                            }) }
                        </select>
                        { error("account") }
                    </div>
                }
                <button class="primary" type="submit" disabled={submit.busy()} data-testid="appeal-submit">{ lang.text(Text::AppealSubmit) }</button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    id: i64,
}

#[function_component(AppealView)]
fn appeal_view(props: &ViewProps) -> Html {
    let lang = use_lang();
    let appeal = use_fetch(props.id, api::appeals::view);
    let uploading = use_state(|| false);
    let upload_failure = use_state(|| None::<ApiFailure>);
    let on_file = {
        let (id, reload) = (props.id, appeal.reload.clone());
        let (uploading, upload_failure) = (uploading.clone(), upload_failure.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|list| list.get(0)) else {
                return;
            };
            input.set_value("");
            let (reload, uploading, upload_failure) =
                (reload.clone(), uploading.clone(), upload_failure.clone());
            uploading.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::appeals::upload(id, file).await {
                    Ok(_) => {
                        upload_failure.set(None);
                        reload.emit(());
                    }
                    Err(err) => upload_failure.set(Some(err)),
                }
                uploading.set(false);
            });
        })
    };
    let body = appeal.view(|a| {
        let s = &a.summary;
        let open = matches!(s.status, AppealStatus::New | AppealStatus::InProgress);
        html! {
            <>
                <h1>{ format!("{} {}", lang.text(Text::AppealNumberLabel), s.number) }</h1>
                <section class="card" data-testid="appeal">
                    <h2>{ category_text(lang, s.category) }{ ": " }{ &s.subject }</h2>
                    <dl class="facts">
                        <dt>{ lang.text(Text::Status) }</dt><dd data-testid="appeal-status">{ status_text(lang, s.status) }</dd>
                        <dt>{ lang.text(Text::AppealFiledAt) }</dt><dd>{ moment(lang, &s.created_at) }</dd>
                        <dt>{ lang.text(Text::AppealDeadline) }</dt><dd>{ deadline(lang, s) }</dd>
                        if let Some(account) = &s.account {
                            <dt>{ lang.text(Text::AccountNumber) }</dt><dd>{ account }</dd>
                        }
                    </dl>
                    <p class="appeal-text">{ &a.text }</p>
                </section>
                <section class="card" data-testid="appeal-files">
                    <h2>{ lang.text(Text::AppealFiles) }</h2>
                    <ul class="plain">
                        { for a.attachments.iter().map(|f| html! {
                            <li data-testid="appeal-file">{ &f.name }{ format!(" ({} KB)", (f.size + 1023) / 1024) }</li>
                        }) }
                    </ul>
                    if open && a.attachments.len() < 3 {
                        <div class="field">
                            <label for="appeal-file">{ lang.text(Text::AppealAttach) }</label>
                            <input type="file" id="appeal-file" data-testid="appeal-file-input" accept="image/*,application/pdf"
                                aria-describedby="appeal-file-hint" disabled={*uploading} onchange={on_file.clone()} />
                            <p class="hint" id="appeal-file-hint">{ lang.text(Text::AppealAttachHint) }</p>
                        </div>
                    }
                    if *uploading { <p role="status">{ lang.text(Text::Loading) }</p> }
                    if let Some(err) = &*upload_failure { { error_banner(lang, err, None) } }
                </section>
                <section class="card" data-testid="appeal-answer">
                    <h2>{ lang.text(Text::AppealAnswerHeading) }</h2>
                    if let Some(answer) = &a.answer {
                        <p class="appeal-text" data-testid="appeal-answer-text">{ &answer.text }</p>
                        <small>{ moment(lang, &answer.answered_at) }</small>
                    } else {
                        <p>{ lang.text(Text::AppealNoAnswer) }</p>
                    }
                </section>
                <p><Link<Route> to={Route::Appeals}>{ lang.text(Text::BackToAppeals) }</Link<Route>></p>
            </>
        }
    });
    html! { <>{ body }</> }
}
