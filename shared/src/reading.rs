//! Meter readings as numbers: a fixed-point value in ten-thousandths of a unit (m³ or Gcal),
//! printed with the meter's own number of decimal places, and the rules the SPA and the API
//! both apply to what a resident types (so the form refuses exactly what the server would).

use serde::{Deserialize, Serialize};

use crate::money::{format_fixed, parse_fixed, DecimalError, Kopecks};

/// Ten-thousandths: every meter value is stored with four decimal places, whatever the meter
/// shows (its `decimals`, 0–4, limits what may be typed).
pub const SCALE: u32 = 4;

/// The largest value a meter can show (99 999 999.9999): ten digits before the point is more
/// than any household meter has, and keeps every product with a tariff inside `i64`.
pub const MAX: i64 = 999_999_999_999;

/// A meter value (or a consumption): ten-thousandths of the unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MeterValue(pub i64);

impl MeterValue {
    /// Parses what a resident typed for a meter with `decimals` places; a comma counts as
    /// the decimal point (as a Russian keyboard writes it).
    pub fn parse(text: &str, decimals: u8) -> Result<Self, DecimalError> {
        let text = text.trim().replace(',', ".");
        if text.starts_with('-') {
            return Err(DecimalError::Negative);
        }
        let frac = text.split_once('.').map_or(0, |(_, f)| f.len());
        if frac > usize::from(decimals.min(4)) {
            // The form is checked first so "1.2x" is invalid, not too precise.
            let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if !digits(whole) || !digits(fraction) {
                return Err(DecimalError::Invalid);
            }
            return Err(DecimalError::TooPrecise);
        }
        let value = parse_fixed(&text, SCALE)?;
        if value > MAX {
            return Err(DecimalError::TooLarge);
        }
        Ok(Self(value))
    }

    /// Prints with the meter's decimal places (stored digits beyond them are zero).
    pub fn format(self, decimals: u8) -> String {
        let decimals = u32::from(decimals.min(4));
        let unit = 10_i64.pow(SCALE - decimals);
        format_fixed(self.0 / unit, decimals)
    }

    /// `self − earlier`, or `None` when the meter went backwards.
    pub fn since(self, earlier: Self) -> Option<Self> {
        self.0.checked_sub(earlier.0).filter(|d| *d >= 0).map(Self)
    }
}

/// What a meter measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Hot water, m³.
    HotWater,
    /// Heat, Gcal.
    Heating,
    /// Cold water, m³.
    ColdWater,
}

impl Service {
    /// Every service.
    pub const ALL: [Self; 3] = [Self::HotWater, Self::Heating, Self::ColdWater];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HotWater => "hot_water",
            Self::Heating => "heating",
            Self::ColdWater => "cold_water",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// The unit its values are in, as the wire names it.
    pub fn unit(self) -> &'static str {
        match self {
            Self::HotWater | Self::ColdWater => "m3",
            Self::Heating => "gcal",
        }
    }
}

/// The charge for `consumption` at `price` per unit, rounded half up to the kopeck.
pub fn charge(consumption: MeterValue, price: Kopecks) -> Option<Kopecks> {
    let product = i128::from(consumption.0).checked_mul(i128::from(price.0))?;
    let unit = i128::from(10_i64.pow(SCALE));
    let rounded = (product + unit / 2).div_euclid(unit);
    i64::try_from(rounded).ok().map(Kopecks)
}

/// What the form checks as a resident types, with the codes the API answers: `invalid`,
/// `negative`, `too_precise`, `too_large`, then `below_previous` against the reading it must
/// not go under.
pub fn check_input(
    text: &str,
    decimals: u8,
    floor: Option<MeterValue>,
) -> Result<MeterValue, &'static str> {
    if text.trim().is_empty() {
        return Err("required");
    }
    let value = MeterValue::parse(text, decimals).map_err(DecimalError::code)?;
    match floor {
        Some(floor) if value < floor => Err("below_previous"),
        _ => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_with_the_meters_decimals() {
        assert_eq!(MeterValue::parse("123.456", 3), Ok(MeterValue(1_234_560)));
        assert_eq!(MeterValue::parse("123,4", 3), Ok(MeterValue(1_234_000)));
        assert_eq!(MeterValue::parse("7", 0), Ok(MeterValue(70_000)));
        assert_eq!(
            MeterValue::parse("1.2345", 3),
            Err(DecimalError::TooPrecise)
        );
        assert_eq!(MeterValue::parse("1.5", 0), Err(DecimalError::TooPrecise));
        assert_eq!(MeterValue::parse("1.2x", 1), Err(DecimalError::Invalid));
        assert_eq!(
            MeterValue::parse("123456.0001", 3),
            Err(DecimalError::TooPrecise)
        );
        assert_eq!(MeterValue::parse("-1", 3), Err(DecimalError::Negative));
        assert_eq!(
            MeterValue::parse("100000000", 0),
            Err(DecimalError::TooLarge)
        );
    }

    #[test]
    fn values_print_with_the_meters_decimals() {
        assert_eq!(MeterValue(1_234_560).format(3), "123.456");
        assert_eq!(MeterValue(70_000).format(0), "7");
        assert_eq!(MeterValue(5).format(4), "0.0005");
    }

    #[test]
    fn charges_round_half_up_to_the_kopeck() {
        // 1.2345 m³ × 198.24 ₽ = 244.727... ₽
        assert_eq!(
            charge(MeterValue(12_345), Kopecks(19_824)),
            Some(Kopecks(24_473))
        );
        assert_eq!(charge(MeterValue(0), Kopecks(19_824)), Some(Kopecks(0)));
    }

    #[test]
    fn the_form_check_names_the_rule() {
        assert_eq!(check_input("", 3, None), Err("required"));
        assert_eq!(
            check_input("12.5", 3, Some(MeterValue(130_000))),
            Err("below_previous")
        );
        assert_eq!(
            check_input("13", 3, Some(MeterValue(130_000))),
            Ok(MeterValue(130_000))
        );
        assert_eq!(check_input("1.23456", 4, None), Err("too_precise"));
    }
}
