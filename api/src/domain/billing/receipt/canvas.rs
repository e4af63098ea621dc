//! A small page-flow layer over krilla: the receipt is first laid out as a list of drawing
//! operations per A4 page (text lines and filled rectangles, coordinates in points from the
//! top-left corner), then written as PDF. Laying out first lets the footer say "page i of n"
//! and lets tests check that nothing is drawn outside the printable area.

use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::Document;

use super::fonts::{Face, Faces};

pub(super) const PAGE_W: f32 = 595.0;
pub(super) const PAGE_H: f32 = 842.0;
/// Left, right and top margin (12.7 mm).
pub(super) const MARGIN: f32 = 36.0;
pub(super) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
/// Where body content stops; the footer sits below.
pub(super) const BOTTOM: f32 = PAGE_H - 46.0;
const FOOTER_TOP: f32 = PAGE_H - 30.0;

/// A face, a size and a grey level (0 black … 255 white).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Style {
    pub(super) bold: bool,
    pub(super) size: f32,
    pub(super) grey: u8,
}

impl Style {
    pub(super) const fn regular(size: f32) -> Self {
        Self {
            bold: false,
            size,
            grey: 0,
        }
    }

    pub(super) const fn bold(size: f32) -> Self {
        Self {
            bold: true,
            size,
            grey: 0,
        }
    }

    pub(super) const fn grey(self, grey: u8) -> Self {
        Self { grey, ..self }
    }

    /// The height of one line.
    pub(super) fn line(self) -> f32 {
        self.size * 1.3
    }
}

/// One drawing operation.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Op {
    /// A line of text whose box starts at `top`; `width` is its measured width.
    Text {
        x: f32,
        top: f32,
        width: f32,
        style: Style,
        text: String,
    },
    /// Rectangles `[x, y, w, h]` filled as one path.
    Rects { rects: Vec<[f32; 4]>, grey: u8 },
    /// Black rectangles `[x, y, w, h]` in units of `module` points from `(x, y)`: a QR code,
    /// written with small integers instead of long decimals.
    Modules {
        x: f32,
        y: f32,
        module: f32,
        rects: Vec<[u16; 4]>,
    },
}

/// Pages being laid out, with a cursor `y` on the last one.
pub(super) struct Canvas {
    faces: &'static Faces,
    pages: Vec<Vec<Op>>,
    pub(super) y: f32,
}

impl Canvas {
    pub(super) fn new(faces: &'static Faces) -> Self {
        Self {
            faces,
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn face(&self, style: Style) -> &'static Face {
        if style.bold {
            &self.faces.bold
        } else {
            &self.faces.regular
        }
    }

    pub(super) fn width(&self, style: Style, text: &str) -> f32 {
        self.face(style).width(text, style.size)
    }

    /// Starts a new page unless `height` more points fit on this one.
    pub(super) fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > MARGIN {
            self.new_page();
        }
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Where the next operation goes: page index and position.
    pub(super) fn mark(&self) -> (usize, usize) {
        let page = self.pages.len() - 1;
        (page, self.pages.get(page).map_or(0, Vec::len))
    }

    /// Puts rectangles under whatever was drawn since `mark` (a shaded box around text whose
    /// height was known only after laying it out).
    pub(super) fn underlay(&mut self, mark: (usize, usize), rects: Vec<[f32; 4]>, grey: u8) {
        if let Some(page) = self.pages.get_mut(mark.0) {
            page.insert(mark.1.min(page.len()), Op::Rects { rects, grey });
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// One line of text, left-aligned at `x`.
    pub(super) fn text(&mut self, x: f32, top: f32, style: Style, text: &str) {
        let width = self.width(style, text);
        let text = text.to_owned();
        self.push(Op::Text {
            x,
            top,
            width,
            style,
            text,
        });
    }

    /// One line of text ending at `right`.
    pub(super) fn text_right(&mut self, right: f32, top: f32, style: Style, text: &str) {
        let x = right - self.width(style, text);
        self.text(x, top, style, text);
    }

    /// One line of text centred in `[x, x + width]`.
    pub(super) fn text_centered(&mut self, x: f32, width: f32, top: f32, style: Style, text: &str) {
        let x = x + (width - self.width(style, text)) / 2.0;
        self.text(x, top, style, text);
    }

    /// Wrapped text at the cursor, flowing to the next page if needed; moves the cursor.
    pub(super) fn paragraph(&mut self, x: f32, width: f32, style: Style, text: &str) {
        for line in self.wrap(style, text, width) {
            self.ensure(style.line());
            let top = self.y;
            self.text(x, top, style, &line);
            self.y += style.line();
        }
    }

    pub(super) fn rects(&mut self, rects: Vec<[f32; 4]>, grey: u8) {
        if !rects.is_empty() {
            self.push(Op::Rects { rects, grey });
        }
    }

    /// Black `module`-sized rectangles (a QR code) from `(x, y)`.
    pub(super) fn modules(&mut self, x: f32, y: f32, module: f32, rects: Vec<[u16; 4]>) {
        self.push(Op::Modules {
            x,
            y,
            module,
            rects,
        });
    }

    /// A horizontal hairline.
    pub(super) fn rule(&mut self, x: f32, y: f32, width: f32, grey: u8) {
        self.rects(vec![[x, y, width, 0.5]], grey);
    }

    /// Splits `text` into lines no wider than `width`: at spaces, or inside a word that is
    /// wider than a line by itself. Narrow and no-break spaces keep amounts in one piece.
    pub(super) fn wrap(&self, style: Style, text: &str, width: f32) -> Vec<String> {
        let space = self.width(style, " ");
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in text
            .split([' ', '\t', '\r', '\n'])
            .filter(|w| !w.is_empty())
        {
            let word_w = self.width(style, word);
            if !line.is_empty() && line_w + space + word_w <= width {
                line.push(' ');
                line.push_str(word);
                line_w += space + word_w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line_w = 0.0;
            for c in word.chars() {
                let c_w = self.width(style, c.encode_utf8(&mut [0; 4]));
                if !line.is_empty() && line_w + c_w > width {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push(c);
                line_w += c_w;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Like [`Canvas::wrap`], keeping at most `max` lines (the last one ending in "…").
    pub(super) fn wrap_at_most(
        &self,
        style: Style,
        text: &str,
        width: f32,
        max: usize,
    ) -> Vec<String> {
        let mut lines = self.wrap(style, text, width);
        if lines.len() > max {
            lines.truncate(max.max(1));
            if let Some(last) = lines.last_mut() {
                while !last.is_empty() && self.width(style, &format!("{last}…")) > width {
                    last.pop();
                }
                last.push('…');
            }
        }
        lines
    }

    /// Adds `footer` and "Страница i из n" to every page; returns the pages.
    pub(super) fn finish(mut self, footer: &str) -> Vec<Vec<Op>> {
        let count = self.pages.len();
        let style = Style::regular(7.0).grey(110);
        for i in 0..count {
            let pages_label = format!("Страница {} из {count}", i + 1);
            let label_w = self.width(style, &pages_label);
            let footer = self
                .wrap_at_most(style, footer, CONTENT_W - label_w - 12.0, 1)
                .concat();
            let mut ops = vec![Op::Rects {
                rects: vec![[MARGIN, FOOTER_TOP - 4.0, CONTENT_W, 0.5]],
                grey: 180,
            }];
            for (x, text) in [(MARGIN, footer), (PAGE_W - MARGIN - label_w, pages_label)] {
                let width = self.width(style, &text);
                ops.push(Op::Text {
                    x,
                    top: FOOTER_TOP,
                    width,
                    style,
                    text,
                });
            }
            if let Some(page) = self.pages.get_mut(i) {
                page.extend(ops);
            }
        }
        self.pages
    }
}

/// Writes laid-out pages as a PDF.
pub(super) fn to_pdf(faces: &Faces, pages: &[Vec<Op>], title: &str) -> Result<Vec<u8>, String> {
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("bad page size")?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language("ru".to_owned())
            .creator("Kabinet".to_owned()),
    );
    for ops in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    top,
                    style,
                    text,
                    ..
                } => {
                    surface.set_fill(Some(fill(style.grey)));
                    let face = if style.bold {
                        &faces.bold
                    } else {
                        &faces.regular
                    };
                    // DejaVu's ascent is 0.93 em and its descent 0.24 em: centred in a
                    // 1.3 em line box, the baseline is 1 em below the box's top.
                    let baseline = top + style.size;
                    surface.draw_glyphs(
                        Point::from_xy(*x, baseline),
                        &face.glyphs(text),
                        face.font.clone(),
                        text,
                        style.size,
                        false,
                    );
                }
                Op::Rects { rects, grey } => fill_rects(&mut surface, rects, *grey),
                Op::Modules {
                    x,
                    y,
                    module,
                    rects,
                } => {
                    let rects: Vec<[f32; 4]> = rects.iter().map(|r| r.map(f32::from)).collect();
                    let transform = Transform::from_row(*module, 0.0, 0.0, *module, *x, *y);
                    surface.push_transform(&transform);
                    fill_rects(&mut surface, &rects, 0);
                    surface.pop();
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| format!("the receipt PDF could not be written: {e:?}"))
}

/// Fills rectangles `[x, y, w, h]` as one path.
fn fill_rects(surface: &mut Surface<'_>, rects: &[[f32; 4]], grey: u8) {
    let mut path = PathBuilder::new();
    for [x, y, w, h] in rects {
        if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
            path.push_rect(rect);
        }
    }
    if let Some(path) = path.finish() {
        surface.set_fill(Some(fill(grey)));
        surface.draw_path(&path);
    }
}

fn fill(grey: u8) -> Fill {
    Fill {
        paint: luma::Color::new(grey).into(),
        ..Fill::default()
    }
}

#[cfg(test)]
mod tests {
    use super::super::fonts::faces;
    use super::*;

    fn canvas() -> Canvas {
        match faces() {
            Ok(faces) => Canvas::new(faces),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let c = canvas();
        let style = Style::regular(9.0);
        let text = "Перерасчёт за отопление по акту обследования № 17 от 12.09.2026 \
                    в связи с   недопоставкой тепла";
        let lines = c.wrap(style, text, 120.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(
            lines.iter().all(|l| c.width(style, l) <= 120.0),
            "{lines:?}"
        );
        assert_eq!(
            lines.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let c = canvas();
        let style = Style::regular(9.0);
        let url = "https://kabinet.example/accounts/100200300/meters?from=receipt&x=1234567890";
        let lines = c.wrap(style, url, 100.0);
        assert!(lines.len() > 1);
        assert!(
            lines.iter().all(|l| c.width(style, l) <= 100.0),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), url);
    }

    #[test]
    fn truncated_text_ends_with_an_ellipsis() {
        let c = canvas();
        let style = Style::regular(9.0);
        let lines = c.wrap_at_most(style, &"слово ".repeat(100), 100.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(lines.iter().all(|l| c.width(style, l) <= 100.0));
    }

    #[test]
    fn amounts_are_not_split_at_their_thin_spaces() {
        let c = canvas();
        let style = Style::regular(9.0);
        let lines = c.wrap(style, "Итого 1\u{202F}234,56 руб.", 60.0);
        assert!(
            lines.iter().any(|l| l.contains("1\u{202F}234,56")),
            "{lines:?}"
        );
    }
}
