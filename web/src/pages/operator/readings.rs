//! «Показания на проверке»: the readings residents confirmed as unusual, newest first, each
//! with why it was flagged in plain words and «Отклонить» (asked first, with the reason the
//! resident will see).

use kabinet_shared::api::meters::FlaggedReading;
use kabinet_shared::reading::Service;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::confirm::Confirm;
use crate::components::dates::moment;
use crate::components::money::decimal;
use crate::components::require_auth::RequireAuth;
use crate::hooks::{use_paged, use_submit};
use crate::i18n::{use_lang, Lang, Text};
use crate::pages::accounts::meters::service_name;

/// Why a reading was flagged (`flag_reason`), in words.
fn flag_text(lang: Lang, reason: &str) -> &str {
    match reason {
        "daily_limit" => lang.text(Text::FlagDailyLimit),
        "above_average" => lang.text(Text::FlagAboveAverage),
        "zero_use" => lang.text(Text::FlagZeroUse),
        other => other,
    }
}

/// The unit a service is metered in.
fn service_unit(lang: Lang, service: Service) -> &'static str {
    lang.text(match service {
        Service::Heating => Text::UnitGcal,
        Service::HotWater | Service::ColdWater => Text::UnitM3,
    })
}

#[derive(Properties, PartialEq)]
struct RejectProps {
    id: i64,
    number: AttrValue,
    on_done: Callback<()>,
}

/// «Отклонить» with its confirmation and the reason the resident sees.
#[function_component(RejectButton)]
fn reject_button(props: &RejectProps) -> Html {
    let lang = use_lang();
    let submit = use_submit::<()>();
    let id = props.id;
    let on_confirm = {
        let (submit, done) = (submit.clone(), props.on_done.clone());
        Callback::from(move |reason: String| {
            let done = done.clone();
            submit.run(api::operator::reject_reading(id, &reason), move |_| {
                done.emit(())
            });
        })
    };
    html! {
        <div ref={submit.form.clone()}>
            <Confirm label={lang.text(Text::Reject)} question={format!("{} {}?", lang.text(Text::RejectQuestion), props.number)} reason=true
                busy={submit.busy()} on_confirm={on_confirm} testid={format!("reject-{}", props.number)} />
            { submit.banner() }
        </div>
    }
}

/// `/operator/readings`.
#[function_component(FlaggedReadings)]
pub fn flagged_readings() -> Html {
    html! { <RequireAuth staff=true><FlaggedInner /></RequireAuth> }
}

#[function_component(FlaggedInner)]
fn flagged_inner() -> Html {
    let lang = use_lang();
    let list = use_paged(|(): (), cursor: Option<String>| {
        api::operator::flagged_readings(cursor.as_deref())
    });
    {
        // The list has no search: it loads as the page opens.
        let list = list.clone();
        use_effect_with((), move |_| list.search(()));
    }
    let refresh = {
        let list = list.clone();
        Callback::from(move |()| list.refresh())
    };
    let rows = |items: &[FlaggedReading]| {
        let heads = [
            lang.text(Text::AccountNumber),
            lang.text(Text::MeterColumn),
            lang.text(Text::ReadingValue),
            lang.text(Text::FlagColumn),
            lang.text(Text::SubmittedAt),
        ];
        html! {
            <table class="data" data-testid="flagged">
                <thead><tr>
                    { for heads.iter().map(|h| html! { <th>{ *h }</th> }) }
                    <th>{ lang.text(Text::ActionLabel) }</th>
                </tr></thead>
                <tbody>
                    { for items.iter().map(|r| {
                        let unit = service_unit(lang, r.service);
                        html! {
                            <tr data-testid={format!("flagged-{}", r.number)}>
                                <td><Link<Route> to={Route::OperatorAccount { number: r.account.clone() }}>{ &r.account }</Link<Route>></td>
                                <td data-label={heads[1]}>{ service_name(lang, r.service) }<br /><small>{ &r.meter_id }</small></td>
                                <td data-label={heads[2]}>
                                    <strong>{ format!("{} {unit}", decimal(lang, &r.value)) }</strong>
                                    <br /><small>{ format!("{} {}", lang.text(Text::ReadingNo), r.number) }</small>
                                    if let Some(previous) = &r.previous {
                                        <br /><small>{ format!("{}: {} {unit}", lang.text(Text::PreviousReading), decimal(lang, previous)) }</small>
                                    }
                                </td>
                                <td data-label={heads[3]} data-testid="flag-reason">{ flag_text(lang, &r.flag_reason) }</td>
                                <td data-label={heads[4]}>{ moment(lang, &r.submitted_at) }</td>
                                <td><RejectButton id={r.id} number={r.number.clone()} on_done={refresh.clone()} /></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        }
    };
    html! {
        <section class="card">
            <h1>{ lang.text(Text::NavReadings) }</h1>
            <p class="hint">{ lang.text(Text::FlaggedIntro) }</p>
            { list.view(lang.text(Text::NoFlagged), lang.text(Text::Found), lang.text(Text::LoadMore), rows) }
        </section>
    }
}
