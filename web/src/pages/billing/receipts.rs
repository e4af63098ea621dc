//! «Квитанция»: the months of the last two years that have charges, and the chosen month's
//! receipt as a PDF — opened in a new tab or downloaded.

use kabinet_shared::api::billing::Statement;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::month_back;
use crate::api;
use crate::api::files::FileAnswer;
use crate::components::dates::month;
use crate::components::download::save;
use crate::hooks::{use_fetch, use_submit, Submit};
use crate::i18n::{use_lang, Lang, Text};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub number: AttrValue,
}

/// Opens `url` in a new tab; where the browser blocks that, in this one.
fn open_tab(url: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if !matches!(window.open_with_url_and_target(url, "_blank"), Ok(Some(_))) {
        let _ = window.location().assign(url);
    }
}

#[function_component(ReceiptsSection)]
pub fn receipts_section(props: &Props) -> Html {
    let lang = use_lang();
    let statement = use_fetch(props.number.clone(), |number: AttrValue| {
        api::billing::statement(&number, &month_back(23), &month_back(0))
    });
    let chosen = use_state(|| None::<String>);
    let opening = use_submit::<()>();
    let download = use_submit::<FileAnswer>();
    let number = props.number.clone();
    statement.view(|s| {
        let actions = Actions {
            number,
            opening,
            download,
        };
        receipt_form(lang, s, &chosen, &actions)
    })
}

/// What the two buttons need.
struct Actions {
    number: AttrValue,
    opening: Submit<()>,
    download: Submit<FileAnswer>,
}

fn receipt_form(
    lang: Lang,
    s: &Statement,
    chosen: &UseStateHandle<Option<String>>,
    a: &Actions,
) -> Html {
    // Newest first.
    let months: Vec<&str> = s
        .months
        .iter()
        .rev()
        .filter(|m| !m.charges.is_empty())
        .map(|m| m.period.as_str())
        .collect();
    let Some(newest) = months.first() else {
        return html! { <p data-testid="no-receipts">{ lang.text(Text::NoReceipts) }</p> };
    };
    let period = chosen
        .as_deref()
        .filter(|c| months.contains(c))
        .unwrap_or(*newest)
        .to_owned();
    let path = api::billing::receipt_path(&a.number, &period);
    let onchange = {
        let (chosen, opening, download) = (chosen.clone(), a.opening.clone(), a.download.clone());
        Callback::from(move |e: Event| {
            // Another month: the last month's refusal no longer applies.
            opening.reset();
            download.reset();
            chosen.set(Some(e.target_unchecked_into::<HtmlSelectElement>().value()));
        })
    };
    // The link works by itself too; the click first makes sure the session is fresh (the new
    // tab cannot renew it), then opens the receipt.
    let on_open = {
        let (opening, path) = (a.opening.clone(), path.clone());
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            let path = path.clone();
            let fresh = async { api::me::profile().await.map(|_| ()) };
            opening.run(fresh, move |()| open_tab(&path));
        })
    };
    let on_download = {
        let (download, number, period) = (a.download.clone(), a.number.clone(), period.clone());
        Callback::from(move |_: MouseEvent| {
            let fallback = format!("receipt-{number}-{period}.pdf");
            let (number, period) = (number.clone(), period.clone());
            let work = async move { api::billing::receipt(&number, &period).await };
            download.run(work, move |file| save(file, &fallback));
        })
    };
    let busy = a.opening.busy() || a.download.busy();
    html! {
        <div data-testid="receipts">
            <p class="hint">{ lang.text(Text::ReceiptHint) }</p>
            <div class="field narrow">
                <label for="receipt-month">{ lang.text(Text::ReceiptMonth) }</label>
                <select id="receipt-month" data-testid="receipt-month" {onchange}>
                    { for months.iter().map(|m| html! {
                        <option value={m.to_string()} selected={*m == period}>{ month(lang, m) }</option>
                    }) }
                </select>
            </div>
            <div ref={a.download.form.clone()}>{ a.download.banner() }</div>
            <div ref={a.opening.form.clone()}>{ a.opening.banner() }</div>
            <p class="actions">
                <a class="button primary big" href={path} target="_blank" onclick={on_open}
                    aria-disabled={busy.then_some("true")} data-testid="receipt-open">{ lang.text(Text::OpenReceipt) }</a>
                <button class="secondary big" type="button" onclick={on_download} disabled={busy}
                    data-testid="receipt-download">{ lang.text(Text::DownloadReceipt) }</button>
            </p>
        </div>
    }
}
