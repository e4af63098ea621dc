//! The receipt over HTTP: the PDF of a month read back with poppler (`pdftotext`) and its two
//! QR codes with zbar (`zbarimg`): the GOST R 56042 payment string exactly, and the link to the
//! account's meters page. Every test runs on SQLite and PostgreSQL.

use std::collections::BTreeSet;
use std::process::Command;

use kabinet_e2e::billing::{charge, rub, three_months, Billing};
use kabinet_e2e::both_backends;
use kabinet_e2e::fixtures::{ACCOUNT, OWNER};
use serde_json::json;

/// Runs a tool in `dir`, failing the test with its stderr.
fn tool(name: &str, args: &[&str], dir: &std::path::Path) -> String {
    match Command::new(name).args(args).current_dir(dir).output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        Ok(out) => panic!("{name} failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => panic!("{name} is required (apt-get install poppler-utils zbar-tools): {e}"),
    }
}

both_backends! {
    fn the_receipt_pdf_reads_back_with_its_two_codes(backend) {
        let b = Billing::with_env(backend, &[("KABINET_PUBLIC_URL", "http://kabinet.example")]);
        three_months(&b);
        let s = b.statement("2026-10", "2026-10");
        let due = s.months[0].closing;
        assert_eq!(due, rub("1034.68"));
        let pdf = b.receipt_of(b.resident(), ACCOUNT, "2026-10");
        assert_eq!(pdf.status, 200, "{}", pdf.text());
        assert_eq!(pdf.content_type, "application/pdf");
        assert!(pdf.body.starts_with(b"%PDF"), "{} bytes", pdf.body.len());
        // Opens in the browser, and saves under its own name.
        assert!(
            pdf.content_disposition.contains("filename=\"kvitanciya-100200300-2026-10.pdf\""),
            "{}",
            pdf.content_disposition
        );

        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("r.pdf"), &pdf.body).expect("write the pdf");
        let text = tool("pdftotext", &["r.pdf", "-"], dir.path()).replace(['\u{202F}', '\u{A0}'], " ");
        for expected in [
            ACCOUNT,
            "октябрь 2026",
            OWNER,
            "г. Кызыл, ул. Ленина, д. 12, кв. 7",
            "Итого к оплате до 15.11.2026: 1 034,68 руб.",
            "Перерасчёты",
            "АО «Теплосеть-Демо»",
        ] {
            assert!(text.contains(expected), "{expected:?} not in:\n{text}");
        }
        tool("pdftoppm", &["-r", "150", "-png", "-singlefile", "r.pdf", "page"], dir.path());
        let codes = tool("zbarimg", &["--raw", "-q", "--nodbus", "page.png"], dir.path());
        let codes: BTreeSet<&str> = codes.lines().filter(|l| !l.is_empty()).collect();
        let gost = format!(
            "ST00012|Name=АО «Теплосеть-Демо»|PersonalAcc=40702810000000012345|BankName=ПАО «Демобанк»\
             |BIC=044599777|CorrespAcc=30101810700000000777|PayeeINN=7712999995|KPP=771201001\
             |Sum={}|Purpose=Оплата отопления и ГВС, л/с {ACCOUNT}, 10.2026|PersAcc={ACCOUNT}\
             |PaymPeriod=102026|LastName=Иванова|FirstName=Мария|MiddleName=Сергеевна\
             |PayerAddress=г. Кызыл, ул. Ленина, д. 12, кв. 7",
            due.0
        );
        let meters = format!("http://kabinet.example/accounts/{ACCOUNT}/meters");
        assert_eq!(codes, BTreeSet::from([gost.as_str(), meters.as_str()]));

        // A month without charges has no receipt; a malformed month is a 400.
        for empty in ["2026-07", "2026-11"] {
            let none = b.receipt_of(b.resident(), ACCOUNT, empty);
            assert_eq!(none.status, 404, "{}", none.text());
            assert!(none.text().contains("no_receipt"), "{}", none.text());
        }
        assert_eq!(b.receipt_of(b.resident(), ACCOUNT, "2026-13").status, 400);
        // Another resident's account is not there for them; their own is.
        let petrov = b.neighbour("petrov", "Петров Пётр Иванович", "100200399");
        let foreign = b.receipt_of(&petrov, ACCOUNT, "2026-10");
        assert_eq!(foreign.status, 404);
        assert!(!foreign.text().contains("no_receipt"));
        b.charges("2026-10", json!([charge("100200399", "heating", "100.00", "regular")]));
        let own = b.receipt_of(&petrov, "100200399", "2026-10");
        assert_eq!(own.status, 200, "{}", own.text());
        assert!(own.body.starts_with(b"%PDF"));
    }
}
