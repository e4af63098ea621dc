//! The payment QR code's text, GOST R 56042-2014 ("ST00012", UTF-8): what a bank app reads to
//! fill in a transfer. Fields are `Key=value` joined by `|`, in a fixed order.

use super::words::period_parts;
use super::ReceiptData;
use crate::domain::billing::requisites::Requisites;

/// The standard has no escape for its separator, so a `|` inside a value is written as `/`;
/// CR and LF become spaces (a QR payload is one line). Every value is trimmed.
fn clean(value: &str) -> String {
    value
        .trim()
        .chars()
        .map(|c| match c {
            '|' => '/',
            '\r' | '\n' => ' ',
            other => other,
        })
        .collect()
}

/// The payload for this receipt. `Sum` (kopecks) is present only when something is owed, so
/// an account in credit can still pay in advance with an amount of the payer's choosing.
pub fn gost_payload(req: &Requisites, data: &ReceiptData) -> String {
    let mut fields: Vec<(&str, String)> = vec![
        ("Name", req.name.clone()),
        ("PersonalAcc", req.settlement_account.clone()),
        ("BankName", req.bank_name.clone()),
        ("BIC", req.bic.clone()),
        ("CorrespAcc", req.correspondent_account.clone()),
        ("PayeeINN", req.inn.clone()),
        ("KPP", req.kpp.clone()),
    ];
    if data.total_due.0 > 0 {
        fields.push(("Sum", data.total_due.0.to_string()));
    }
    let period = period_parts(&data.period);
    let period_label = period.map_or_else(
        || data.period.clone(),
        |(year, month)| format!("{month:02}.{year}"),
    );
    fields.push((
        "Purpose",
        format!(
            "Оплата отопления и ГВС, л/с {}, {period_label}",
            data.account
        ),
    ));
    fields.push(("PersAcc", data.account.clone()));
    if let Some((year, month)) = period {
        fields.push(("PaymPeriod", format!("{month:02}{year}")));
    }
    let mut names = data.owner_name.split_whitespace();
    for key in ["LastName", "FirstName"] {
        if let Some(name) = names.next() {
            fields.push((key, name.to_owned()));
        }
    }
    let middle: Vec<&str> = names.collect();
    if !middle.is_empty() {
        fields.push(("MiddleName", middle.join(" ")));
    }
    if !data.address.trim().is_empty() {
        fields.push(("PayerAddress", data.address.clone()));
    }

    let mut out = String::from("ST00012");
    for (key, value) in fields {
        out.push('|');
        out.push_str(key);
        out.push('=');
        out.push_str(&clean(&value));
    }
    out
}

#[cfg(test)]
mod tests {
    use kabinet_shared::money::Kopecks;

    use super::super::tests::sample;
    use super::*;

    #[test]
    fn the_demo_payload_is_exactly_as_the_standard_orders_it() {
        assert_eq!(
            gost_payload(&Requisites::demo(), &sample()),
            "ST00012|Name=АО «Теплосеть-Демо»|PersonalAcc=40702810000000012345\
             |BankName=ПАО «Демобанк»|BIC=044599777|CorrespAcc=30101810700000000777\
             |PayeeINN=7712999995|KPP=771201001|Sum=354120\
             |Purpose=Оплата отопления и ГВС, л/с 100200300, 10.2026|PersAcc=100200300\
             |PaymPeriod=102026|LastName=Иванова|FirstName=Мария|MiddleName=Петровна\
             |PayerAddress=г. Демоград, ул. Лесная, д. 7, кв. 12"
        );
    }

    #[test]
    fn separators_and_line_breaks_inside_values_are_replaced() {
        let mut data = sample();
        data.owner_name = "Иванова|Мария".into();
        data.address = "ул. Лесная|7\r\nкв. 12".into();
        let payload = gost_payload(&Requisites::demo(), &data);
        assert!(
            payload.ends_with("|LastName=Иванова/Мария|PayerAddress=ул. Лесная/7  кв. 12"),
            "{payload}"
        );
        assert_eq!(payload.matches('|').count(), 13, "{payload}");
    }

    #[test]
    fn no_sum_when_nothing_is_owed() {
        let mut data = sample();
        for total in [0, -50_000] {
            data.total_due = Kopecks(total);
            let payload = gost_payload(&Requisites::demo(), &data);
            assert!(!payload.contains("|Sum="), "{payload}");
            assert!(payload.contains("|KPP=771201001|Purpose="), "{payload}");
        }
    }

    #[test]
    fn missing_name_parts_are_left_out() {
        let mut data = sample();
        data.owner_name = "  Иванова  ".into();
        data.address = String::new();
        let payload = gost_payload(&Requisites::demo(), &data);
        assert!(
            payload.ends_with("|PaymPeriod=102026|LastName=Иванова"),
            "{payload}"
        );
    }
}
