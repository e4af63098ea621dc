//! QR codes for the receipt, encoded as ONE byte-mode segment at error-correction level M.
//! `QrCode::new` optimises segments and may pick Kanji mode for some Cyrillic UTF-8 byte pairs,
//! which bank apps and zbar then decode as Shift JIS garbage; a single byte segment is what the
//! GOST payload's "UTF-8" promise means to every reader.
//!
//! The mask is chosen here by the standard's four penalty rules rather than by
//! `QrCode::with_bits`, whose scoring allocates a closure per module and took most of a
//! receipt's rendering time.

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::ec::construct_codewords;
use qrcode::types::{Color, QrError};
use qrcode::{EcLevel, Version};

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// Light modules a reader needs around the symbol.
pub(super) const QUIET_ZONE: usize = 4;

/// A square matrix of modules, without the quiet zone.
#[derive(Debug, Clone)]
pub(super) struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Modules per side, without the quiet zone.
    pub(super) fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark.
    pub(super) fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }

    /// The dark modules as rectangles `[x, y, w, h]` in modules: runs along each row, with
    /// identical runs of consecutive rows joined. A few hundred rectangles instead of
    /// thousands of squares, and no seams between neighbours when rasterised.
    pub(super) fn dark_rects(&self) -> Vec<[u16; 4]> {
        let mut rects: Vec<[u16; 4]> = Vec::new();
        // Indexes into `rects` of the previous row's runs, to extend downwards.
        let mut above: Vec<usize> = Vec::new();
        for y in 0..self.width {
            let mut current = Vec::new();
            let mut x = 0;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                let run = [start, y, x - start, 1].map(|n| u16::try_from(n).unwrap_or(u16::MAX));
                let same = above
                    .iter()
                    .copied()
                    .find(|&i| rects[i][0] == run[0] && rects[i][2] == run[2]);
                match same {
                    Some(i) => {
                        rects[i][3] += 1;
                        current.push(i);
                    }
                    None => {
                        current.push(rects.len());
                        rects.push(run);
                    }
                }
            }
            above = current;
        }
        rects
    }
}

/// The smallest version (1–40) that holds `text` as one byte segment.
pub(super) fn encode(text: &str) -> Result<QrMatrix, String> {
    for version in 1..=40 {
        let version = Version::Normal(version);
        let mut bits = Bits::new(version);
        let pushed = bits
            .push_byte_data(text.as_bytes())
            .and_then(|()| bits.push_terminator(EcLevel::M));
        match pushed {
            Ok(()) => return draw(version, &bits.into_bytes()),
            Err(QrError::DataTooLong) => continue,
            Err(other) => return Err(describe(other)),
        }
    }
    Err(format!(
        "{} bytes do not fit in a QR code at level M",
        text.len()
    ))
}

/// What `QrCode::with_bits` does: codewords, function patterns, data, and the mask with the
/// lowest penalty.
fn draw(version: Version, data: &[u8]) -> Result<QrMatrix, String> {
    let (data, ec) = construct_codewords(data, version, EcLevel::M).map_err(describe)?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = usize::try_from(version.width()).map_err(|e| e.to_string())?;
    MASKS
        .iter()
        .map(|&mask| {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            let dark = masked
                .into_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect();
            QrMatrix { width, dark }
        })
        .min_by_key(QrMatrix::penalty)
        .ok_or_else(|| "QR code: no mask".to_owned())
}

impl QrMatrix {
    /// ISO/IEC 18004's mask penalty: runs of five or more, 2×2 blocks, finder-like patterns
    /// with four light modules on a side (outside the symbol counts as light), and imbalance.
    fn penalty(&self) -> usize {
        const FINDER: [bool; 7] = [true, false, true, true, true, false, true];
        let w = self.width;
        let mut score = 0;
        for horizontal in [true, false] {
            for i in 0..w {
                let at = |j: usize| {
                    if horizontal {
                        self.is_dark(j, i)
                    } else {
                        self.is_dark(i, j)
                    }
                };
                let mut run = 1;
                for j in 1..=w {
                    if j < w && at(j) == at(j - 1) {
                        run += 1;
                        continue;
                    }
                    if run >= 5 {
                        score += run - 2;
                    }
                    run = 1;
                }
                for j in 0..w.saturating_sub(6) {
                    if (0..7).all(|k| at(j + k) == FINDER[k]) {
                        let light_before = (j.saturating_sub(4)..j).all(|k| !at(k));
                        let light_after = (j + 7..(j + 11).min(w)).all(|k| !at(k));
                        if light_before || light_after {
                            score += 40;
                        }
                    }
                }
            }
        }
        for y in 1..w {
            for x in 1..w {
                let c = self.is_dark(x, y);
                if [(x - 1, y), (x, y - 1), (x - 1, y - 1)]
                    .iter()
                    .all(|&(a, b)| self.is_dark(a, b) == c)
                {
                    score += 3;
                }
            }
        }
        let dark = self.dark.iter().filter(|&&d| d).count();
        let percent = dark * 100 / (w * w).max(1);
        score + 10 * (percent.abs_diff(50) / 5)
    }
}

fn describe(error: QrError) -> String {
    format!("QR code: {error}")
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Decodes `matrix` the way a camera would: rendered with a quiet zone, 4 px per module.
    pub(crate) fn decode(matrix: &QrMatrix) -> Result<String, String> {
        const PX: usize = 4;
        let side = (matrix.width() + 2 * QUIET_ZONE) * PX;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let module = |p: usize| (p / PX).checked_sub(QUIET_ZONE);
            match (module(x), module(y)) {
                (Some(mx), Some(my)) if matrix.is_dark(mx, my) => 0,
                _ => 255,
            }
        });
        let grids = image.detect_grids();
        let grid = grids.first().ok_or("no QR code found")?;
        grid.decode()
            .map(|(_, text)| text)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_cyrillic_payload_decodes_back_exactly() {
        let text = "ST00012|Name=АО «Теплосеть-Демо»|Purpose=Оплата отопления и ГВС";
        let matrix = encode(text);
        assert_eq!(matrix.and_then(|m| decode(&m)), Ok(text.to_owned()));
    }

    #[test]
    fn codes_of_every_size_decode_whatever_mask_wins() {
        // 38 bytes a repetition: versions 3 to 40.
        for n in [1, 2, 4, 8, 15, 25, 40, 60] {
            let text = format!("{n}: {}", "Оплата ГВС, л/с 100200300; ".repeat(n));
            let matrix = encode(&text);
            assert_eq!(matrix.and_then(|m| decode(&m)), Ok(text), "{n}");
        }
    }

    #[test]
    fn the_smallest_version_is_chosen() {
        // Version 1-M holds 14 bytes: 21 modules; 15 bytes need version 2 (25 modules).
        assert_eq!(encode("12345678901234").map(|m| m.width()), Ok(21));
        assert_eq!(encode("123456789012345").map(|m| m.width()), Ok(25));
    }

    #[test]
    fn too_much_text_is_an_error() {
        assert!(encode(&"я".repeat(1500)).is_err());
    }

    #[test]
    fn rectangles_cover_exactly_the_dark_modules() {
        let matrix = encode("https://kabinet.example/accounts/100200300/meters");
        let Ok(matrix) = matrix else {
            panic!("{matrix:?}");
        };
        let width = matrix.width();
        let mut covered = vec![0_u8; width * width];
        for [x, y, w, h] in matrix.dark_rects().into_iter().map(|r| r.map(usize::from)) {
            for (cx, cy) in (y..y + h).flat_map(|cy| (x..x + w).map(move |cx| (cx, cy))) {
                covered[cy * width + cx] += 1;
            }
        }
        for y in 0..width {
            for x in 0..width {
                let expected = u8::from(matrix.is_dark(x, y));
                assert_eq!(covered[y * width + x], expected, "module ({x}, {y})");
            }
        }
        assert!(matrix.dark_rects().len() * 2 < covered.iter().filter(|&&c| c > 0).count());
    }
}
