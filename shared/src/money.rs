//! Fixed-point numbers as integers with a known scale: money in kopecks, areas in hundredths of
//! a square metre. They parse from and print to decimal strings (`"1234.56"`), which is how
//! they travel on the wire, so the SPA validates exactly as the API. Never `f64`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a decimal string was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalError {
    /// Not digits with at most one `.` (and an optional leading `-` where allowed).
    Invalid,
    /// More fractional digits than the scale allows.
    TooPrecise,
    /// Does not fit in 64 bits.
    TooLarge,
    /// Negative where only zero or more is allowed.
    Negative,
}

impl DecimalError {
    /// The field error code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Invalid => "invalid",
            Self::TooPrecise => "too_precise",
            Self::TooLarge => "too_large",
            Self::Negative => "negative",
        }
    }
}

/// Parses `text` with `scale` fractional digits into an integer of the smallest unit.
pub fn parse_fixed(text: &str, scale: u32) -> Result<i64, DecimalError> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(DecimalError::Invalid);
    }
    if digits.contains('.') && frac.is_empty() {
        return Err(DecimalError::Invalid);
    }
    let frac_len = u32::try_from(frac.len()).map_err(|_| DecimalError::TooPrecise)?;
    if frac_len > scale {
        return Err(DecimalError::TooPrecise);
    }
    let unit = 10_i64.checked_pow(scale).ok_or(DecimalError::TooLarge)?;
    let whole: i64 = whole.parse().map_err(|_| DecimalError::TooLarge)?;
    let frac_value: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| DecimalError::Invalid)?
    };
    let frac_value = frac_value * 10_i64.pow(scale - frac_len);
    let value = whole
        .checked_mul(unit)
        .and_then(|v| v.checked_add(frac_value))
        .ok_or(DecimalError::TooLarge)?;
    Ok(if negative { -value } else { value })
}

/// Prints an integer of the smallest unit with `scale` fractional digits.
pub fn format_fixed(value: i64, scale: u32) -> String {
    let unit = 10_u64.pow(scale);
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    if scale == 0 {
        return format!("{sign}{abs}");
    }
    format!(
        "{sign}{}.{:0width$}",
        abs / unit,
        abs % unit,
        width = usize::try_from(scale).unwrap_or(2)
    )
}

macro_rules! fixed_type {
    ($(#[$doc:meta])* $name:ident, $scale:expr, $example:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub i64);

        impl $name {
            /// Digits after the decimal point.
            pub const SCALE: u32 = $scale;

            /// Parses a decimal string.
            pub fn parse(text: &str) -> Result<Self, DecimalError> {
                parse_fixed(text, Self::SCALE).map(Self)
            }

            /// Checked addition.
            pub fn checked_add(self, other: Self) -> Option<Self> {
                self.0.checked_add(other.0).map(Self)
            }

            /// Checked subtraction.
            pub fn checked_sub(self, other: Self) -> Option<Self> {
                self.0.checked_sub(other.0).map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&format_fixed(self.0, Self::SCALE))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_string())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                Self::parse(&text).map_err(|e| serde::de::Error::custom(e.code()))
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .pattern(Some(concat!("^-?[0-9]+(\\.[0-9]{1,", stringify!($scale), "})?$")))
                    .examples([serde_json::json!($example)])
                    .description(Some(concat!("Decimal string with up to ", stringify!($scale), " fractional digits")))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

fixed_type!(
    /// Money: integer kopecks, `"1234.56"` on the wire.
    Kopecks, 2, "1234.56"
);

fixed_type!(
    /// A billed quantity (m³, Gcal) in ten-thousandths, `"12.3450"` on the wire.
    Quantity, 4, "12.3450"
);

fixed_type!(
    /// An area in hundredths of a square metre, `"54.30"` on the wire.
    AreaCenti, 2, "54.30"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_strings_round_trip_exactly() {
        for (text, value) in [
            ("1234.56", 123_456),
            ("0.05", 5),
            ("-12.3", -1230),
            ("7", 700),
            ("0", 0),
        ] {
            assert_eq!(Kopecks::parse(text), Ok(Kopecks(value)), "{text}");
        }
        assert_eq!(Kopecks(123_456).to_string(), "1234.56");
        assert_eq!(Kopecks(-5).to_string(), "-0.05");
        assert_eq!(Kopecks(700).to_string(), "7.00");
    }

    #[test]
    fn malformed_or_too_precise_strings_are_refused() {
        assert_eq!(Kopecks::parse("1.234"), Err(DecimalError::TooPrecise));
        for bad in ["", "1,5", "1.", ".5", "1e3", "--1", "12a", " - 1"] {
            assert_eq!(Kopecks::parse(bad), Err(DecimalError::Invalid), "{bad:?}");
        }
        assert_eq!(
            Kopecks::parse("99999999999999999999"),
            Err(DecimalError::TooLarge)
        );
    }

    #[test]
    fn serde_uses_strings() {
        let json = serde_json::to_string(&Kopecks(100)).unwrap_or_default();
        assert_eq!(json, "\"1.00\"");
        let back: Result<Kopecks, _> = serde_json::from_str("\"2.50\"");
        assert_eq!(back.ok(), Some(Kopecks(250)));
        let number: Result<Kopecks, _> = serde_json::from_str("2.5");
        assert!(
            number.is_err(),
            "numbers are not accepted: only decimal strings"
        );
    }
}
