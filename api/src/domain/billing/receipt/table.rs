//! Tables that flow across pages: a shaded header (repeated on every page the table reaches),
//! wrapped cells, hairlines between rows. A row is never split; a cell too long for a whole
//! page is cut with "…" (grounds of a recalculation are the only free text that long).

use super::canvas::{Canvas, Style, BOTTOM, CONTENT_W, MARGIN};

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 2.5;
const HEAD: Style = Style::bold(7.5);
const BODY: Style = Style::regular(8.5);
const TOTAL: Style = Style::bold(8.5);

/// A column: its title, its share of the content width, and whether it is right-aligned.
pub(super) struct Column {
    pub(super) title: &'static str,
    pub(super) share: f32,
    pub(super) right: bool,
}

/// A row of cells, one per column; a total row is bold and shaded.
pub(super) struct Row {
    pub(super) cells: Vec<String>,
    pub(super) total: bool,
}

impl Column {
    pub(super) const fn left(title: &'static str, share: f32) -> Self {
        Self {
            title,
            share,
            right: false,
        }
    }

    pub(super) const fn right(title: &'static str, share: f32) -> Self {
        Self {
            title,
            share,
            right: true,
        }
    }
}

impl Row {
    pub(super) fn new(cells: Vec<String>) -> Self {
        Self {
            cells,
            total: false,
        }
    }

    pub(super) fn total(cells: Vec<String>) -> Self {
        Self { cells, total: true }
    }
}

struct Laid {
    lines: Vec<Vec<String>>,
    height: f32,
    total: bool,
}

/// A section title at the left margin, kept on one page with the next `keep` points.
pub(super) fn section(canvas: &mut Canvas, title: &str, keep: f32) {
    let style = Style::bold(10.0);
    canvas.ensure(6.0 + style.line() + 2.0 + keep);
    canvas.y += 6.0;
    let top = canvas.y;
    canvas.text(MARGIN, top, style, title);
    canvas.y += style.line() + 2.0;
}

/// The height of the table's header and first row: what a title keeps with it.
pub(super) fn head_height(canvas: &Canvas, width: f32, columns: &[Column], rows: &[Row]) -> f32 {
    let first = rows.first().map_or(0.0, |row| {
        lay(canvas, width, columns, row, usize::MAX).height
    });
    header_height(canvas, width, columns) + first
}

/// A full-width table under a section title.
pub(super) fn titled(canvas: &mut Canvas, title: &str, columns: &[Column], rows: &[Row]) {
    let keep = head_height(canvas, CONTENT_W, columns, rows);
    section(canvas, title, keep);
    table(canvas, CONTENT_W, columns, rows);
}

/// Draws the table `width` points wide at the left margin and the cursor, and moves the
/// cursor below it.
pub(super) fn table(canvas: &mut Canvas, width: f32, columns: &[Column], rows: &[Row]) {
    let head = header_height(canvas, width, columns);
    // The most lines a row may have to fit on an empty page under the header.
    let mut max_lines = 1;
    while lines_height(max_lines + 1, TOTAL) <= BOTTOM - MARGIN - head {
        max_lines += 1;
    }
    canvas.ensure(head);
    header(canvas, width, columns);
    for row in rows {
        let laid = lay(canvas, width, columns, row, max_lines);
        if canvas.y + laid.height > BOTTOM {
            canvas.new_page();
            header(canvas, width, columns);
        }
        draw_row(canvas, width, columns, &laid);
    }
}

fn widths(width: f32, columns: &[Column]) -> Vec<f32> {
    let total: f32 = columns.iter().map(|c| c.share).sum();
    columns.iter().map(|c| width * c.share / total).collect()
}

fn header_height(canvas: &Canvas, width: f32, columns: &[Column]) -> f32 {
    widths(width, columns)
        .iter()
        .zip(columns)
        .map(|(w, c)| canvas.wrap(HEAD, c.title, w - 2.0 * PAD_X).len())
        .max()
        .map_or(0.0, |n| lines_height(n, HEAD))
}

fn lines_height(lines: usize, style: Style) -> f32 {
    let lines = u16::try_from(lines).unwrap_or(u16::MAX);
    f32::from(lines) * style.line() + 2.0 * PAD_Y
}

fn header(canvas: &mut Canvas, width: f32, columns: &[Column]) {
    let height = header_height(canvas, width, columns);
    canvas.rects(vec![[MARGIN, canvas.y, width, height]], 232);
    let laid = Laid {
        lines: widths(width, columns)
            .iter()
            .zip(columns)
            .map(|(w, c)| canvas.wrap(HEAD, c.title, w - 2.0 * PAD_X))
            .collect(),
        height,
        total: false,
    };
    draw_cells(canvas, width, columns, &laid, HEAD);
    canvas.y += height;
}

fn lay(canvas: &Canvas, width: f32, columns: &[Column], row: &Row, max_lines: usize) -> Laid {
    let style = if row.total { TOTAL } else { BODY };
    let lines: Vec<Vec<String>> = widths(width, columns)
        .iter()
        .zip(&row.cells)
        .map(|(w, text)| canvas.wrap_at_most(style, text, w - 2.0 * PAD_X, max_lines))
        .collect();
    let height = lines_height(lines.iter().map(Vec::len).max().unwrap_or(1), style);
    Laid {
        lines,
        height,
        total: row.total,
    }
}

fn draw_row(canvas: &mut Canvas, width: f32, columns: &[Column], laid: &Laid) {
    let style = if laid.total { TOTAL } else { BODY };
    if laid.total {
        canvas.rects(vec![[MARGIN, canvas.y, width, laid.height]], 244);
    }
    draw_cells(canvas, width, columns, laid, style);
    canvas.y += laid.height;
    let y = canvas.y;
    canvas.rule(MARGIN, y - 0.5, width, 200);
}

fn draw_cells(canvas: &mut Canvas, width: f32, columns: &[Column], laid: &Laid, style: Style) {
    let mut x = MARGIN;
    for ((width, column), lines) in widths(width, columns).iter().zip(columns).zip(&laid.lines) {
        let mut top = canvas.y + PAD_Y;
        for line in lines {
            if column.right {
                canvas.text_right(x + width - PAD_X, top, style, line);
            } else {
                canvas.text(x + PAD_X, top, style, line);
            }
            top += style.line();
        }
        x += width;
    }
}
