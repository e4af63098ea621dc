//! What the receipt says, top to bottom: the title; payee and payer beside the payment QR
//! code; the month's balance and the amount due; charges, recalculations and penalties;
//! payments; the meter readings used, with a QR code that opens the account's meters page.

use kabinet_shared::api::billing::{ChargeKind, StatementCharge};
use kabinet_shared::money::Kopecks;

use super::canvas::{Canvas, Op, Style, CONTENT_W, MARGIN, PAGE_W};
use super::fonts::Faces;
use super::qr::{self, QrMatrix, QUIET_ZONE};
use super::table::{head_height, section, table, titled, Column, Row};
use super::words::{self, money};
use super::{gost_payload, ReceiptData};
use crate::domain::billing::requisites::Requisites;

/// 0.8 mm per module: phone cameras, and zbar on a 150 dpi scan (4.7 px per module), read it.
const MODULE: f32 = 0.8 * 72.0 / 25.4;
const TEXT: Style = Style::regular(8.5);
const STRONG: Style = Style::bold(9.0);
const LABEL: Style = Style::bold(10.0);
/// The longest a single requisite or address may run, in lines, beside the QR code.
const MAX_FIELD_LINES: usize = 5;

/// The receipt laid out as pages of drawing operations.
pub(super) fn compose(
    faces: &'static Faces,
    req: &Requisites,
    data: &ReceiptData,
) -> Result<Vec<Vec<Op>>, String> {
    let pay_qr = qr::encode(&gost_payload(req, data))?;
    let meters_qr = qr::encode(&data.readings_url)?;
    let period = words::period_name(&data.period);
    let mut c = Canvas::new(faces);

    c.paragraph(
        MARGIN,
        CONTENT_W,
        Style::bold(15.0),
        &format!("Квитанция на оплату за {period}"),
    );
    c.paragraph(
        MARGIN,
        CONTENT_W,
        Style::regular(9.0).grey(60),
        &format!(
            "Лицевой счёт № {} · расчётный период: {period} · оплатить до {}",
            data.account,
            words::date(data.due_date)
        ),
    );
    c.y += 4.0;
    c.rule(MARGIN, c.y, CONTENT_W, 150);
    c.y += 8.0;

    parties(&mut c, req, data, &pay_qr, &period);
    charges(&mut c, &data.charges, &period);
    payments(&mut c, data);
    readings(&mut c, data, &meters_qr);
    Ok(c.finish(&format!(
        "{} · лицевой счёт {} · {period}",
        req.name, data.account
    )))
}

fn side(matrix: &QrMatrix) -> f32 {
    let modules = u16::try_from(matrix.width() + 2 * QUIET_ZONE).unwrap_or(u16::MAX);
    f32::from(modules) * MODULE
}

/// Draws `matrix` with its quiet zone inside the square at `(x, y)`.
fn draw_qr(c: &mut Canvas, x: f32, y: f32, matrix: &QrMatrix) {
    let quiet = f32::from(u16::try_from(QUIET_ZONE).unwrap_or(4)) * MODULE;
    c.modules(x + quiet, y + quiet, MODULE, matrix.dark_rects());
}

/// Lines of a labelled block at the left margin, each item wrapped to `width`.
fn block(c: &mut Canvas, width: f32, label: &str, items: &[(Style, String)]) {
    let top = c.y;
    c.text(MARGIN, top, LABEL, label);
    c.y += LABEL.line() + 1.0;
    for (style, text) in items.iter().filter(|(_, t)| !t.trim().is_empty()) {
        for line in c.wrap_at_most(*style, text, width, MAX_FIELD_LINES) {
            let top = c.y;
            c.text(MARGIN, top, *style, &line);
            c.y += style.line();
        }
    }
}

fn labelled(label: &str, value: &str) -> String {
    if value.trim().is_empty() {
        String::new()
    } else {
        format!("{label}{value}")
    }
}

/// Payee, payer and the month's balance on the left, the payment QR code on the right (or
/// below them, when a very long payload makes the code too wide to sit beside them).
fn parties(c: &mut Canvas, req: &Requisites, data: &ReceiptData, pay_qr: &QrMatrix, period: &str) {
    let side = side(pay_qr);
    // Beside unless that leaves the text less than a third of the page (version 27 and up).
    let beside = CONTENT_W - side - 14.0 >= 180.0;
    let left_w = if beside {
        CONTENT_W - side - 14.0
    } else {
        CONTENT_W
    };
    let top = c.y;
    let payee = [
        (STRONG, req.name.clone()),
        (TEXT, format!("ИНН {} / КПП {}", req.inn, req.kpp)),
        (TEXT, format!("Банк: {}", req.bank_name)),
        (TEXT, format!("БИК {}", req.bic)),
        (TEXT, format!("к/с {}", req.correspondent_account)),
        (TEXT, format!("р/с {}", req.settlement_account)),
        (TEXT, labelled("Адрес: ", &req.address)),
        (TEXT, labelled("Телефоны: ", &req.phones)),
        (TEXT, labelled("Сайт: ", &req.site)),
    ];
    block(c, left_w, "Получатель платежа", &payee);
    c.y += 8.0;
    let payer = [
        (STRONG, data.owner_name.clone()),
        (TEXT, labelled("Адрес: ", &data.address)),
        (TEXT, format!("Лицевой счёт: {}", data.account)),
    ];
    block(c, left_w, "Плательщик", &payer);
    c.y += 10.0;
    balance(c, data, period, left_w);
    let left_end = c.y;

    let (qr_x, qr_y) = if beside {
        (PAGE_W - MARGIN - side, top)
    } else {
        c.y += 8.0;
        c.ensure(side + 30.0);
        (MARGIN + (CONTENT_W - side) / 2.0, c.y)
    };
    draw_qr(c, qr_x, qr_y, pay_qr);
    c.y = qr_y + side;
    for (style, text) in [
        (STRONG, "Отсканируйте в приложении банка"),
        (
            Style::regular(7.5).grey(80),
            "реквизиты и сумма заполнятся сами",
        ),
    ] {
        for line in c.wrap(style, text, side) {
            let top = c.y;
            c.text_centered(qr_x, side, top, style, &line);
            c.y += style.line();
        }
    }
    c.y = c.y.max(left_end) + 8.0;
    total_bar(c, data);
}

fn sum<'a>(amounts: impl Iterator<Item = &'a Kopecks>) -> Kopecks {
    Kopecks(amounts.fold(0_i64, |total, a| total.saturating_add(a.0)))
}

/// `"1 234,56 руб."`, never broken between the number and the currency.
fn rub(amount: Kopecks) -> String {
    format!("{}\u{A0}руб.", money(amount))
}

/// The month's balance in a shaded box `width` wide at the left margin.
fn balance(c: &mut Canvas, data: &ReceiptData, period: &str, width: f32) {
    let charged = sum(data.charges.iter().map(|ch| &ch.amount));
    let paid = sum(data.payments.iter().map(|p| &p.amount));
    let opening = if data.opening.0 < 0 {
        format!("{} (переплата)", rub(data.opening))
    } else {
        rub(data.opening)
    };
    let rows = [
        ("Задолженность на начало периода".to_owned(), opening),
        (format!("Начислено за {period}"), rub(charged)),
        ("Оплачено в периоде".to_owned(), rub(paid)),
    ];
    let mark = c.mark();
    let top = c.y;
    let (x, inner) = (MARGIN + 8.0, width - 16.0);
    c.y += 6.0;
    for (label, amount) in &rows {
        // An amount that does not fit beside its label goes under it.
        if c.width(TEXT, label) + 10.0 + c.width(TEXT, amount) > inner {
            c.paragraph(x, inner, TEXT, label);
        } else {
            let top = c.y;
            c.text(x, top, TEXT, label);
        }
        let top = c.y;
        c.text_right(x + inner, top, TEXT, amount);
        c.y += TEXT.line();
    }
    c.y += 5.0;
    c.underlay(mark, vec![[MARGIN, top, width, c.y - top]], 243);
}

/// What to pay and by when, across the page in one line (so it is copied as one), with the
/// promise of no fee beside it or under it.
fn total_bar(c: &mut Canvas, data: &ReceiptData) {
    let due = data.total_due;
    let total = if due.0 > 0 {
        format!(
            "Итого к оплате до {}: {}",
            words::date(data.due_date),
            rub(due)
        )
    } else if due.0 == 0 {
        "Итого к оплате: 0,00\u{A0}руб. — задолженности нет".to_owned()
    } else {
        format!(
            "Переплата {} — к оплате ничего нет",
            rub(Kopecks(due.0.saturating_neg()))
        )
    };
    let (style, note_style) = (Style::bold(12.5), Style::regular(8.0).grey(60));
    let note = "Оплата без комиссии в личном кабинете";
    let (x, inner) = (MARGIN + 8.0, CONTENT_W - 16.0);
    let mark = c.mark();
    let top = c.y;
    c.y += 5.0;
    c.paragraph(x, inner, style, &total);
    let last_w = c
        .wrap(style, &total, inner)
        .last()
        .map_or(0.0, |l| c.width(style, l));
    if last_w + 20.0 + c.width(note_style, note) <= inner {
        let top = c.y - style.line() + (style.size - note_style.size);
        c.text_right(x + inner, top, note_style, note);
    } else {
        c.paragraph(x, inner, note_style, note);
    }
    c.y += 4.0;
    c.underlay(mark, vec![[MARGIN, top, CONTENT_W, c.y - top]], 228);
}

fn amount_cells(rows: &mut Vec<Row>, label: &str, charges: &[&StatementCharge], width: usize) {
    let total = sum(charges.iter().map(|ch| &ch.amount));
    let mut cells = vec![label.to_owned()];
    cells.resize(width - 1, String::new());
    cells.push(money(total));
    rows.push(Row::total(cells));
}

fn charges(c: &mut Canvas, charges: &[StatementCharge], period: &str) {
    let of = |kind: ChargeKind| {
        charges
            .iter()
            .filter(move |ch| ch.kind == kind)
            .collect::<Vec<_>>()
    };
    let regular = of(ChargeKind::Regular);
    let columns = [
        Column::left("Услуга", 0.38),
        Column::right("Объём", 0.2),
        Column::right("Тариф, руб.", 0.2),
        Column::right("Сумма, руб.", 0.22),
    ];
    let mut rows: Vec<Row> = regular
        .iter()
        .map(|ch| {
            let volume = ch.quantity.map_or_else(
                || "—".to_owned(),
                |q| {
                    format!(
                        "{} {}",
                        words::quantity(q),
                        words::unit(ch.unit.as_deref().unwrap_or(""))
                    )
                    .trim_end()
                    .to_owned()
                },
            );
            let tariff = ch.tariff.map_or_else(|| "—".to_owned(), money);
            Row::new(vec![
                words::service(&ch.service).to_owned(),
                volume,
                tariff,
                money(ch.amount),
            ])
        })
        .collect();
    amount_cells(&mut rows, "Итого по услугам", &regular, columns.len());
    titled(c, &format!("Начисления за {period}"), &columns, &rows);

    let sections = [
        (
            ChargeKind::Recalculation,
            "Перерасчёты",
            "Итого перерасчётов",
            "—",
        ),
        (
            ChargeKind::Penalty,
            "Пени",
            "Итого пени",
            "Пени за несвоевременную оплату",
        ),
    ];
    for (kind, title, total_label, default_grounds) in sections {
        let lines = of(kind);
        if lines.is_empty() {
            continue;
        }
        let columns = [
            Column::left("Услуга", 0.28),
            Column::left("Основание", 0.5),
            Column::right("Сумма, руб.", 0.22),
        ];
        let mut rows: Vec<Row> = lines
            .iter()
            .map(|ch| {
                let grounds = ch.comment.as_deref().filter(|t| !t.trim().is_empty());
                Row::new(vec![
                    words::service(&ch.service).to_owned(),
                    grounds.unwrap_or(default_grounds).to_owned(),
                    money(ch.amount),
                ])
            })
            .collect();
        amount_cells(&mut rows, total_label, &lines, columns.len());
        titled(c, title, &columns, &rows);
    }
}

fn payments(c: &mut Canvas, data: &ReceiptData) {
    let title = "Оплачено в периоде";
    if data.payments.is_empty() {
        section(c, title, TEXT.line());
        c.paragraph(MARGIN, CONTENT_W, TEXT, "Оплат в периоде не поступало.");
        return;
    }
    let columns = [
        Column::left("Дата", 0.2),
        Column::left("Способ оплаты", 0.58),
        Column::right("Сумма, руб.", 0.22),
    ];
    let mut rows: Vec<Row> = data
        .payments
        .iter()
        .map(|p| {
            Row::new(vec![
                words::date_text(&p.paid_at),
                words::channel(p.channel).to_owned(),
                money(p.amount),
            ])
        })
        .collect();
    let total = sum(data.payments.iter().map(|p| &p.amount));
    rows.push(Row::total(vec![
        "Итого оплачено".into(),
        String::new(),
        money(total),
    ]));
    titled(c, title, &columns, &rows);
}

fn readings(c: &mut Canvas, data: &ReceiptData, meters_qr: &QrMatrix) {
    let columns = [
        Column::left("Услуга", 0.34),
        Column::left("Счётчик №", 0.26),
        Column::right("Показание", 0.2),
        Column::left("Дата", 0.2),
    ];
    let rows: Vec<Row> = data
        .readings
        .iter()
        .map(|r| {
            Row::new(vec![
                words::service(&r.service).to_owned(),
                r.serial_number.clone(),
                words::decimal_text(&r.value),
                words::date_text(&r.taken_on),
            ])
        })
        .collect();

    // The meters QR code sits at the right of the table, its caption under it.
    let side = side(meters_qr);
    let caption = "Передать показания";
    let column_w = side.max(c.width(STRONG, caption));
    let qr_h = side + STRONG.line();
    let table_w = CONTENT_W - column_w - 14.0;
    let keep = if rows.is_empty() {
        TEXT.line()
    } else {
        head_height(c, table_w, &columns, &rows)
    };
    section(
        c,
        "Показания приборов учёта, учтённые в расчёте",
        keep.max(qr_h),
    );
    let (page, _) = c.mark();
    let top = c.y;
    let column_x = PAGE_W - MARGIN - column_w;
    draw_qr(c, column_x + (column_w - side) / 2.0, top, meters_qr);
    c.text_centered(column_x, column_w, top + side, STRONG, caption);

    if rows.is_empty() {
        c.paragraph(
            MARGIN,
            table_w,
            TEXT,
            "Показания приборов учёта в периоде не передавались.",
        );
    } else {
        table(c, table_w, &columns, &rows);
    }
    c.y += 4.0;
    let hint = Style::regular(8.0).grey(60);
    c.paragraph(
        MARGIN,
        table_w,
        hint,
        "Передать показания можно в личном кабинете по коду справа или по ссылке:",
    );
    c.paragraph(MARGIN, table_w, hint, &data.readings_url);
    if c.mark().0 == page {
        c.y = c.y.max(top + qr_h);
    }
}
