//! The receipt end to end: bytes, layout bounds, and what poppler and zbar read back from the
//! PDF (`pdftotext`, `pdftoppm`, `zbarimg` must be installed: scripts/test installs them).

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use kabinet_shared::api::billing::{ChargeKind, PaymentChannel, StatementCharge, StatementPayment};
use kabinet_shared::money::{Kopecks, Quantity};

use super::canvas::{Op, BOTTOM, MARGIN, PAGE_H, PAGE_W};
use super::*;

fn charge(service: &str, kind: ChargeKind, amount: i64) -> StatementCharge {
    StatementCharge {
        service: service.into(),
        quantity: None,
        unit: None,
        tariff: None,
        amount: Kopecks(amount),
        kind,
        comment: None,
    }
}

/// October 2026 for account 100200300: 1 288,08 owed at the start, 3 753,12 charged,
/// 1 500,00 paid, 3 541,20 due.
pub(super) fn sample() -> ReceiptData {
    let heating = StatementCharge {
        quantity: Some(Quantity(12_340)),
        unit: Some("Gcal".into()),
        tariff: Some(Kopecks(245_618)),
        ..charge("heating", ChargeKind::Regular, 303_093)
    };
    let hot_water = StatementCharge {
        quantity: Some(Quantity(35_000)),
        unit: Some("m3".into()),
        tariff: Some(Kopecks(24_567)),
        ..charge("hot_water", ChargeKind::Regular, 85_985)
    };
    let recalculation = StatementCharge {
        comment: Some("Перерасчёт за сентябрь 2026: акт № 17 о недопоставке тепла".into()),
        ..charge("heating", ChargeKind::Recalculation, -15_000)
    };
    let penalty = StatementCharge {
        comment: Some("Пени за просрочку оплаты за август 2026".into()),
        ..charge("heating", ChargeKind::Penalty, 1_234)
    };
    ReceiptData {
        account: "100200300".into(),
        owner_name: "Иванова Мария Петровна".into(),
        address: "г. Демоград, ул. Лесная, д. 7, кв. 12".into(),
        period: "2026-10".into(),
        due_date: NaiveDate::from_ymd_opt(2026, 11, 15).unwrap_or_default(),
        opening: Kopecks(128_808),
        charges: vec![heating, hot_water, recalculation, penalty],
        payments: vec![StatementPayment {
            paid_at: "2026-10-10T12:30:00+03:00".into(),
            amount: Kopecks(150_000),
            channel: PaymentChannel::Bank,
        }],
        total_due: Kopecks(354_120),
        readings: vec![
            ReceiptReading {
                service: "heating".into(),
                serial_number: "ТС-000123".into(),
                value: "1234.567".into(),
                taken_on: "2026-10-22".into(),
            },
            ReceiptReading {
                service: "hot_water".into(),
                serial_number: "ГВ-778899".into(),
                value: "45.120".into(),
                taken_on: "2026-10-22".into(),
            },
        ],
        readings_url: "https://kabinet.example/accounts/100200300/meters".into(),
    }
}

/// A month with `n` regular charges and long grounds for every recalculation.
fn crowded(n: i64) -> ReceiptData {
    let mut data = sample();
    let grounds = "Перерасчёт по акту обследования внутридомовой системы отопления \
                   в связи с недопоставкой тепловой энергии и жалобой жителей подъезда ";
    data.charges = (0..n)
        .flat_map(|i| {
            [
                charge(&format!("service_{i}"), ChargeKind::Regular, 10_000 + i),
                StatementCharge {
                    comment: Some(grounds.repeat(usize::try_from(i % 4 + 1).unwrap_or(1))),
                    ..charge("heating", ChargeKind::Recalculation, -100 - i)
                },
            ]
        })
        .collect();
    data.address = "Очень длинный адрес ".repeat(20);
    data
}

fn pages(data: &ReceiptData) -> Vec<Vec<Op>> {
    let composed = fonts::faces().and_then(|f| compose::compose(f, &Requisites::demo(), data));
    match composed {
        Ok(pages) => pages,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn file_names_are_ascii() {
    assert_eq!(file_name(&sample()), "kvitanciya-100200300-2026-10.pdf");
    let mut data = sample();
    data.account = "ЛС 1/2".into();
    assert_eq!(file_name(&data), "kvitanciya-___1_2-2026-10.pdf");
}

#[test]
fn render_produces_a_pdf() {
    let pdf = render(&Requisites::demo(), &sample()).unwrap_or_default();
    assert!(pdf.starts_with(b"%PDF"), "{} bytes", pdf.len());
}

#[test]
fn the_sample_fits_on_one_page() {
    assert_eq!(pages(&sample()).len(), 1);
}

#[test]
fn nothing_is_drawn_outside_the_margins_even_with_many_rows() {
    let pages = pages(&crowded(30));
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for (i, ops) in pages.iter().enumerate() {
        // The last three operations are the footer (a rule and two labels) under `BOTTOM`.
        let body = ops.len().saturating_sub(3);
        for (n, op) in ops.iter().enumerate() {
            let bottom = if n < body { BOTTOM } else { PAGE_H - 20.0 } + 0.01;
            let boxes = match op {
                Op::Text {
                    x,
                    top,
                    width,
                    style,
                    ..
                } => vec![[*x, *top, *width, style.line()]],
                Op::Rects { rects, .. } => rects.clone(),
                Op::Modules {
                    x,
                    y,
                    module,
                    rects,
                } => rects
                    .iter()
                    .map(|r| r.map(|n| f32::from(n) * module))
                    .map(|[rx, ry, w, h]| [x + rx, y + ry, w, h])
                    .collect(),
            };
            for [x, y, w, h] in boxes {
                let inside = x >= MARGIN - 0.01
                    && x + w <= PAGE_W - MARGIN + 0.01
                    && y >= MARGIN - 0.01
                    && y + h <= bottom;
                assert!(inside, "page {}: {op:?}", i + 1);
            }
        }
    }
}

fn tool(name: &str, args: &[&str], dir: &Path) -> String {
    let output = Command::new(name).args(args).current_dir(dir).output();
    match output {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        Ok(out) => panic!("{name} failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => panic!(
            "{name} is required for this test (apt-get install poppler-utils zbar-tools): {e}"
        ),
    }
}

fn scratch_dir() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("kabinet-receipt-{}-{nanos}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("{}: {e}", dir.display());
    }
    dir
}

#[test]
fn poppler_reads_the_text_and_zbar_reads_both_codes() {
    let req = Requisites::demo();
    let data = sample();
    let dir = scratch_dir();
    let pdf = render(&req, &data).unwrap_or_default();
    if let Err(e) = std::fs::write(dir.join("r.pdf"), &pdf) {
        panic!("{e}");
    }

    // Narrow and no-break spaces compared as plain ones (poppler prints them so).
    let text = tool("pdftotext", &["r.pdf", "-"], &dir).replace(['\u{202F}', '\u{A0}'], " ");
    for expected in [
        "100200300",
        "октябрь 2026",
        "Итого к оплате до 15.11.2026: 3 541,20 руб.",
        "Иванова Мария Петровна",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }

    tool(
        "pdftoppm",
        &["-r", "150", "-png", "-singlefile", "r.pdf", "page"],
        &dir,
    );
    let codes = tool("zbarimg", &["--raw", "-q", "--nodbus", "page.png"], &dir);
    let codes: Vec<&str> = codes.lines().collect();
    assert!(
        codes.contains(&gost_payload(&req, &data).as_str()),
        "{codes:?}"
    );
    assert!(codes.contains(&data.readings_url.as_str()), "{codes:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_payment_code_decodes_to_the_payload() {
    let payload = gost_payload(&Requisites::demo(), &sample());
    let decoded = qr::encode(&payload).and_then(|m| qr::tests::decode(&m));
    assert_eq!(decoded, Ok(payload));
}

#[test]
fn credit_months_say_there_is_nothing_to_pay() {
    let mut data = sample();
    data.total_due = Kopecks(-50_000);
    let text: String = pages(&data)
        .iter()
        .flatten()
        .filter_map(|op| match op {
            Op::Text { text, .. } => Some(text.as_str()),
            Op::Rects { .. } | Op::Modules { .. } => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replace('\u{A0}', " ");
    assert!(text.contains("Переплата 500,00 руб."), "{text}");
    assert!(!text.contains("Итого к оплате до"), "{text}");
}

/// `cargo test --release -p kabinet-api --lib receipt_timing -- --ignored --nocapture`
#[test]
#[ignore = "a timing, for release builds"]
fn receipt_timing() {
    let (req, data) = (Requisites::demo(), sample());
    let time = |f: &dyn Fn()| {
        let mut runs: Vec<_> = (0..50)
            .map(|_| {
                let start = std::time::Instant::now();
                f();
                start.elapsed()
            })
            .collect();
        runs.sort();
        (runs[0], runs[25])
    };
    let _ = render(&req, &data);
    let (fastest, median) = time(&|| drop(render(&req, &data)));
    let (_, layout) = time(&|| drop(pages(&data)));
    println!(
        "one receipt: fastest {fastest:?}, median {median:?} (layout and QR codes {layout:?})"
    );
    assert!(median < std::time::Duration::from_millis(200));
}
