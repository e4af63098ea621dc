//! Money and decimals as people read them: `1 234,56 ₽` in Russian, `1,234.56 ₽` in English;
//! balances as debt, credit or settled.

use kabinet_shared::api::accounts::{Balance, BalanceState};
use kabinet_shared::money::Kopecks;
use yew::prelude::*;

use crate::i18n::{Lang, Text};

/// Formats kopecks with grouped thousands and the rouble sign.
pub fn format_money(lang: Lang, amount: Kopecks) -> String {
    let text = amount.0.unsigned_abs().to_string();
    let (whole, frac) = if text.len() > 2 {
        text.split_at(text.len() - 2)
    } else {
        ("0", text.as_str())
    };
    let frac = format!("{frac:0>2}");
    let (group, point) = match lang {
        Lang::Ru => ('\u{202f}', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    let sign = if amount.0 < 0 { "−" } else { "" };
    format!("{sign}{grouped}{point}{frac}\u{a0}₽")
}

/// A decimal string from the API (`"123.456"`) as people read it: a comma in Russian.
pub fn decimal(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Ru => text.replace('.', ","),
        Lang::En => text.to_owned(),
    }
}

/// "Задолженность 1 234,56 ₽", "Переплата …" or "Задолженности нет".
pub fn balance_view(lang: Lang, b: &Balance) -> Html {
    let (label, class) = match b.state {
        BalanceState::Debt => (lang.text(Text::Debt), "status-bad"),
        BalanceState::Credit => (lang.text(Text::Credit), "status-ok"),
        BalanceState::Settled => (lang.text(Text::Settled), "status-ok"),
    };
    let amount = Kopecks(b.amount.0.abs());
    html! {
        <span class={class} data-testid="balance">
            { label }
            if b.state != BalanceState::Settled {
                { " " }{ format_money(lang, amount) }
            }
        </span>
    }
}
