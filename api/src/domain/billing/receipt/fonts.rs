//! DejaVu Sans (regular and bold), compiled into the binary and parsed once per process: the
//! receipt never depends on the fonts a server happens to have. Text is laid out glyph by
//! glyph from the fonts' own advances (Cyrillic and Latin need no shaping), so the widths used
//! to wrap and right-align are exactly the widths drawn. krilla embeds only the used glyphs.

use std::sync::OnceLock;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

static REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// One font: what krilla embeds and what measures it.
pub(super) struct Face {
    pub(super) font: Font,
    charmap: Charmap<'static>,
    /// Scaled to 1 pt, so advances are in ems.
    metrics: GlyphMetrics<'static>,
}

impl Face {
    fn load(data: &'static [u8]) -> Option<Face> {
        let font = Font::new(data.into(), 0)?;
        let font_ref = FontRef::new(data).ok()?;
        Some(Face {
            font,
            charmap: font_ref.charmap(),
            metrics: font_ref.glyph_metrics(Size::new(1.0), LocationRef::default()),
        })
    }

    /// The glyph of `c` (`.notdef` when the font lacks it) and its advance in ems.
    fn glyph(&self, c: char) -> (skrifa::GlyphId, f32) {
        let id = self.charmap.map(c).unwrap_or_default();
        (id, self.metrics.advance_width(id).unwrap_or(0.0))
    }

    /// Whether the font draws `c`.
    #[cfg(test)]
    pub(super) fn has(&self, c: char) -> bool {
        self.charmap.map(c).is_some()
    }

    /// The width of `text` at `size` points.
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// One glyph per character, each mapped back to its text so the PDF's text can be copied
    /// and searched.
    pub(super) fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(i, c)| {
                let (id, advance) = self.glyph(c);
                KrillaGlyph {
                    glyph_id: GlyphId::new(id.to_u32()),
                    text_range: i..i + c.len_utf8(),
                    x_advance: advance,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    y_advance: 0.0,
                    location: None,
                }
            })
            .collect()
    }
}

/// The receipt's two faces.
pub(super) struct Faces {
    pub(super) regular: Face,
    pub(super) bold: Face,
}

/// Parsed on first use, then shared by every receipt.
pub(super) fn faces() -> Result<&'static Faces, String> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: Face::load(REGULAR)?,
                bold: Face::load(BOLD)?,
            })
        })
        .as_ref()
        .ok_or_else(|| "the embedded DejaVu Sans fonts could not be read".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_load_and_cover_what_the_receipt_prints() {
        let faces = faces();
        let Ok(faces) = faces else {
            panic!("fonts: {:?}", faces.err());
        };
        for c in "Квитанцияё№«»—−·³\u{202F}0123456789AZaz".chars() {
            assert!(faces.regular.has(c), "regular lacks {c:?}");
            assert!(faces.bold.has(c), "bold lacks {c:?}");
        }
        let w = faces.regular.width("Итого", 10.0);
        assert!(w > 20.0 && w < 40.0, "{w}");
        assert!(faces.bold.width("Итого", 10.0) > w);
    }
}
