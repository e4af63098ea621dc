//! A bar chart drawn as inline SVG by the SPA itself (no chart library: it costs the bundle
//! a few hundred bytes, not tens of kilobytes). It scales to the width of a phone (`viewBox`,
//! width 100%), is one image to a screen reader (`role="img"` with a summary in its label), and
//! its numbers are also in a visually hidden table.

use yew::prelude::*;

/// One bar: its label (a month), its height in any integer unit, and the value as shown.
pub struct Bar {
    pub label: String,
    pub value: Option<i64>,
    pub shown: String,
}

const WIDTH: i64 = 400;
const TOP: i64 = 22;
const BASE: i64 = 170;
const SLOT: i64 = 16;

/// The chart of `bars` (oldest first): `caption` names it and its table, `summary` is what a
/// screen reader hears for the picture, `peak` is written at the top line (the highest bar),
/// `header` names the table's columns.
pub fn bar_chart(
    caption: &str,
    summary: &str,
    peak: &str,
    header: (&str, &str),
    bars: &[Bar],
) -> Html {
    let max = bars
        .iter()
        .filter_map(|b| b.value)
        .max()
        .unwrap_or(0)
        .max(1);
    let left = WIDTH - SLOT * i64::try_from(bars.len()).unwrap_or(0);
    let count = bars.len();
    let drawn = bars.iter().enumerate().map(|(i, b)| {
        let x = left + SLOT * i64::try_from(i).unwrap_or(0);
        let height = b.value.unwrap_or(0) * (BASE - TOP) / max;
        html! {
            <>
                if height > 0 {
                    <rect x={(x + 2).to_string()} y={(BASE - height).to_string()} width="12" height={height.to_string()}>
                        <title>{ format!("{}: {}", b.label, b.shown) }</title>
                    </rect>
                }
                // Every sixth month is named (room for «Nov 2026» on a phone), the latest always.
                if (count - 1 - i) % 6 == 0 {
                    <text x={(x + SLOT).to_string()} y="188" text-anchor="end">{ &b.label }</text>
                }
            </>
        }
    });
    html! {
        <>
            <svg class="chart" viewBox="0 0 400 192" role="img" aria-label={summary.to_owned()}>
                <text x="0" y="14">{ peak }</text>
                <line x1="0" x2="400" y1={TOP.to_string()} y2={TOP.to_string()} class="peak" />
                <line x1="0" x2="400" y1={BASE.to_string()} y2={BASE.to_string()} />
                { for drawn }
            </svg>
            <table class="visually-hidden">
                <caption>{ caption }</caption>
                <thead><tr><th scope="col">{ header.0 }</th><th scope="col">{ header.1 }</th></tr></thead>
                <tbody>
                    { for bars.iter().map(|b| html! { <tr><th scope="row">{ &b.label }</th><td>{ &b.shown }</td></tr> }) }
                </tbody>
            </table>
        </>
    }
}
