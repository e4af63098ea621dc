//! The office's appeals: the overview (`/operator`: new and overdue appeals, flagged readings,
//! each a link), the list with its filters (overdue ones marked), and one appeal in full (the
//! read is audited) with «Взять в работу», the answer, and «Закрыть обращение».

use kabinet_shared::api::appeals::{AppealDetail, AppealStatus};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::appeal::{category_text, deadline, status_text};
use crate::components::dates::moment;
use crate::components::require_auth::RequireAuth;
use crate::hooks::{use_fetch, use_paged, use_submit};
use crate::i18n::{use_lang, Text};
use crate::pages::query_param;

/// `/operator`.
#[function_component(OperatorHome)]
pub fn operator_home() -> Html {
    html! { <RequireAuth staff=true><HomeInner /></RequireAuth> }
}

#[function_component(HomeInner)]
fn home_inner() -> Html {
    let lang = use_lang();
    let summary = use_fetch((), |()| api::appeals::staff::summary());
    let body = summary.view(|s| {
        let tile = |count: i64, label: Text, href: &'static str, testid: &'static str| html! {
            <li class="card tile" data-testid={testid}>
                <a href={href}><strong class="count">{ count }</strong>{ " " }{ lang.text(label) }</a>
            </li>
        };
        html! {
            <ul class="plain tiles">
                { tile(s.new_appeals, Text::SummaryNewAppeals, "/operator/appeals?status=new", "summary-new") }
                { tile(s.overdue_appeals, Text::SummaryOverdueAppeals, "/operator/appeals?overdue=true", "summary-overdue") }
                { tile(s.flagged_readings, Text::SummaryFlagged, "/operator/readings", "summary-flagged") }
            </ul>
        }
    });
    html! {
        <>
            <h1>{ lang.text(Text::OperatorHomeTitle) }</h1>
            { body }
        </>
    }
}

/// `/operator/appeals?status=&overdue=`.
#[function_component(OperatorAppeals)]
pub fn operator_appeals() -> Html {
    html! { <RequireAuth staff=true><ListInner /></RequireAuth> }
}

#[function_component(ListInner)]
fn list_inner() -> Html {
    let lang = use_lang();
    let status = use_state(|| query_param("status").unwrap_or_default());
    let overdue = use_state(|| query_param("overdue").is_some_and(|v| v == "true"));
    let list = use_paged(
        |(status, overdue): (String, bool), cursor: Option<String>| {
            api::appeals::staff::list(&status, overdue, cursor.as_deref())
        },
    );
    {
        let (list, status, overdue) = (list.clone(), (*status).clone(), *overdue);
        use_effect_with((), move |_| list.search((status, overdue)));
    }
    let on_status = {
        let status = status.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            status.set(select.value());
        })
    };
    let on_overdue = {
        let overdue = overdue.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            overdue.set(input.checked());
        })
    };
    let onsubmit = {
        let (list, status, overdue) = (list.clone(), status.clone(), overdue.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            list.search(((*status).clone(), *overdue));
        })
    };
    let statuses = [
        ("", Text::FilterAll),
        ("new", Text::StatusNew),
        ("in_progress", Text::StatusInProgress),
        ("answered", Text::StatusAnswered),
        ("closed", Text::StatusClosed),
    ];
    let rows = |items: &[AppealDetail]| {
        html! {
            <table class="data" data-testid="staff-appeals">
                <thead><tr>
                    <th scope="col">{ lang.text(Text::AppealNumberLabel) }</th>
                    <th scope="col">{ lang.text(Text::AppealSubject) }</th>
                    <th scope="col">{ lang.text(Text::AppealFrom) }</th>
                    <th scope="col">{ lang.text(Text::Status) }</th>
                    <th scope="col">{ lang.text(Text::AppealDeadline) }</th>
                </tr></thead>
                <tbody>
                    { for items.iter().map(|a| {
                        let s = &a.summary;
                        html! {
                            <tr data-testid={format!("staff-appeal-{}", s.number)} class={classes!(s.overdue.then_some("overdue"))}>
                                <td><Link<Route> to={Route::OperatorAppeal { id: s.id }}>{ &s.number }</Link<Route>></td>
                                <td>{ category_text(lang, s.category) }{ ": " }{ &s.subject }</td>
                                <td>{ a.resident.as_ref().map(|r| r.full_name.clone()).unwrap_or_default() }</td>
                                <td>{ status_text(lang, s.status) }</td>
                                <td>{ deadline(lang, s) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        }
    };
    html! {
        <section class="card">
            <h1>{ lang.text(Text::NavAppeals) }</h1>
            <form class="filters" {onsubmit}>
                <div class="field">
                    <label for="appeal-status-filter">{ lang.text(Text::FilterStatusLabel) }</label>
                    <select id="appeal-status-filter" data-testid="appeal-status-filter" onchange={on_status}>
                        { for statuses.iter().map(|(value, label)| html! {
                            <option value={*value} selected={*status == *value}>{ lang.text(*label) }</option>
                        }) }
                    </select>
                </div>
                <div class="check">
                    <input type="checkbox" id="appeal-overdue-filter" checked={*overdue} onchange={on_overdue} />
                    <label for="appeal-overdue-filter">{ lang.text(Text::FilterOverdue) }</label>
                </div>
                <button class="primary" type="submit" data-testid="appeal-filter">{ lang.text(Text::Show) }</button>
            </form>
            { list.view(lang.text(Text::NoAppeals), lang.text(Text::Found), lang.text(Text::LoadMore), rows) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct AppealProps {
    pub id: i64,
}

/// `/operator/appeals/{id}`.
#[function_component(OperatorAppeal)]
pub fn operator_appeal(props: &AppealProps) -> Html {
    html! { <RequireAuth staff=true><AppealInner id={props.id} /></RequireAuth> }
}

#[function_component(AppealInner)]
fn appeal_inner(props: &AppealProps) -> Html {
    let lang = use_lang();
    let loaded = use_fetch(props.id, api::appeals::staff::view);
    let action = use_submit::<AppealDetail>();
    let text = use_state(String::new);
    let id = props.id;
    let step = |name: &'static str| {
        let (action, reload) = (action.clone(), loaded.reload.clone());
        Callback::from(move |_| {
            let reload = reload.clone();
            action.run(api::appeals::staff::step(id, name), move |_| {
                reload.emit(())
            });
        })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let on_answer = {
        let (action, reload, text) = (action.clone(), loaded.reload.clone(), text.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (reload, cleared) = (reload.clone(), text.clone());
            action.run(api::appeals::staff::answer(id, &text), move |_| {
                cleared.set(String::new());
                reload.emit(());
            });
        })
    };
    let body = loaded.view(|a| {
        let s = &a.summary;
        let open = matches!(s.status, AppealStatus::New | AppealStatus::InProgress);
        html! {
            <>
                <h1>{ format!("{} {}", lang.text(Text::AppealNumberLabel), s.number) }</h1>
                <section class="card" data-testid="staff-appeal">
                    <h2>{ category_text(lang, s.category) }{ ": " }{ &s.subject }</h2>
                    <dl class="facts">
                        <dt>{ lang.text(Text::AppealFrom) }</dt>
                        <dd>{ a.resident.as_ref().map(|r| r.full_name.clone()).unwrap_or_default() }</dd>
                        <dt>{ lang.text(Text::Status) }</dt><dd data-testid="staff-appeal-status">{ status_text(lang, s.status) }</dd>
                        <dt>{ lang.text(Text::AppealFiledAt) }</dt><dd>{ moment(lang, &s.created_at) }</dd>
                        <dt>{ lang.text(Text::AppealDeadline) }</dt><dd>{ deadline(lang, s) }</dd>
                        if let Some(account) = &s.account {
                            <dt>{ lang.text(Text::AccountNumber) }</dt>
                            <dd><Link<Route> to={Route::OperatorAccount { number: account.clone() }}>{ account }</Link<Route>></dd>
                        }
                    </dl>
                    <p class="appeal-text">{ &a.text }</p>
                    if !a.attachments.is_empty() {
                        <h3>{ lang.text(Text::AppealFiles) }</h3>
                        <ul class="plain">
                            { for a.attachments.iter().map(|f| html! {
                                <li><a href={format!("/api/v1/operator/appeals/{}/attachments/{}", s.id, f.id)} target="_blank" rel="noopener"
                                    data-testid="staff-appeal-file">{ &f.name }</a>{ format!(" ({} KB)", (f.size + 1023) / 1024) }</li>
                            }) }
                        </ul>
                    }
                </section>
                <section class="card">
                    <div ref={action.form.clone()}>{ action.banner() }</div>
                    if let Some(answer) = &a.answer {
                        <h2>{ lang.text(Text::AppealAnswerHeading) }</h2>
                        <p class="appeal-text">{ &answer.text }</p>
                        <small>{ moment(lang, &answer.answered_at) }</small>
                    }
                    if s.status == AppealStatus::New {
                        <p><button class="secondary" onclick={step("take")} disabled={action.busy()} data-testid="appeal-take">{ lang.text(Text::AppealTake) }</button></p>
                    }
                    if open {
                        <form onsubmit={on_answer.clone()} novalidate=true>
                            <div class="field">
                                <label for="appeal-answer">{ lang.text(Text::AppealAnswerLabel) }</label>
                                <textarea id="appeal-answer" data-testid="appeal-answer" rows="6" maxlength="5000"
                                    value={(*text).clone()} oninput={on_text.clone()} />
                            </div>
                            <button class="primary" type="submit" disabled={action.busy() || text.trim().is_empty()} data-testid="appeal-answer-submit">{ lang.text(Text::AppealAnswerSubmit) }</button>
                        </form>
                    }
                    if s.status != AppealStatus::Closed {
                        <p><button class="secondary" onclick={step("close")} disabled={action.busy()} data-testid="appeal-close">{ lang.text(Text::AppealClose) }</button></p>
                    }
                </section>
                <p><Link<Route> to={Route::OperatorAppeals}>{ lang.text(Text::BackToAppeals) }</Link<Route>></p>
            </>
        }
    });
    html! { <>{ body }</> }
}
