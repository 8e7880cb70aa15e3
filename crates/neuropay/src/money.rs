//! ISO 4217 currencies and minor-unit formatting.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// An ISO 4217 currency that has a minor unit (so amounts in minor units make sense).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency(iso_currency::Currency);

impl Currency {
    /// Case-insensitive in, upper-case out. Refuses unknown codes and the special codes
    /// without a minor unit (XAU, XXX, ...), which cannot carry an amount in minor units.
    pub fn parse(code: &str) -> Result<Self, Error> {
        let up = code.trim().to_ascii_uppercase();
        if up.len() != 3 || !up.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(Error::invalid(
                "currency",
                "must be a three-letter ISO 4217 code such as SEK or EUR",
            ));
        }
        let c = iso_currency::Currency::from_code(&up)
            .ok_or_else(|| Error::invalid("currency", format!("unknown ISO 4217 code {up}")))?;
        if c.exponent().is_none() {
            return Err(Error::invalid(
                "currency",
                format!("{up} has no minor unit and cannot be charged"),
            ));
        }
        Ok(Currency(c))
    }

    pub fn code(&self) -> &str {
        self.0.code()
    }

    /// Digits after the decimal point: 2 for SEK, 0 for JPY, 3 for KWD.
    pub fn exponent(&self) -> u8 {
        // `parse` refused currencies without an exponent, and ISO exponents are 0..=4.
        self.0.exponent().map_or(0, |e| e as u8)
    }

    pub fn name(&self) -> &str {
        self.0.name()
    }

    pub fn iso(&self) -> iso_currency::Currency {
        self.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

impl AsRef<str> for Currency {
    fn as_ref(&self) -> &str {
        self.code()
    }
}

impl std::str::FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Currency::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Formats an amount in minor units: 3000 SEK → `30.00 SEK`, 500 JPY → `500 JPY`,
/// 1234 KWD → `1.234 KWD`, -150 EUR → `-1.50 EUR`. Integer arithmetic only.
pub fn format_minor(amount: i64, currency: &Currency) -> String {
    let exp = u32::from(currency.exponent());
    let sign = if amount < 0 { "-" } else { "" };
    let abs = amount.unsigned_abs();
    if exp == 0 {
        return format!("{sign}{abs} {}", currency.code());
    }
    let div = 10u64.pow(exp);
    format!(
        "{sign}{}.{:0width$} {}",
        abs / div,
        abs % div,
        currency.code(),
        width = exp as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_is_case_insensitive_and_strict() {
        assert_eq!(Currency::parse("sek").unwrap().code(), "SEK");
        assert_eq!(Currency::parse(" Eur ").unwrap().code(), "EUR");
        for bad in ["", "SE", "SEKK", "QQQ", "12A", "XAU", "XXX"] {
            let e = Currency::parse(bad).unwrap_err();
            assert!(matches!(e, Error::InvalidInput { ref field, .. } if field == "currency"));
        }
    }

    #[test]
    fn exponents() {
        assert_eq!(Currency::parse("SEK").unwrap().exponent(), 2);
        assert_eq!(Currency::parse("JPY").unwrap().exponent(), 0);
        assert_eq!(Currency::parse("KWD").unwrap().exponent(), 3);
    }

    #[test]
    fn formats_minor_units() {
        let c = |s| Currency::parse(s).unwrap();
        assert_eq!(format_minor(3000, &c("SEK")), "30.00 SEK");
        assert_eq!(format_minor(5, &c("EUR")), "0.05 EUR");
        assert_eq!(format_minor(500, &c("JPY")), "500 JPY");
        assert_eq!(format_minor(1234, &c("KWD")), "1.234 KWD");
        assert_eq!(format_minor(-150, &c("EUR")), "-1.50 EUR");
        assert_eq!(format_minor(0, &c("USD")), "0.00 USD");
        assert_eq!(
            format_minor(i64::MIN, &c("USD")),
            "-92233720368547758.08 USD"
        );
    }

    #[test]
    fn serde_uses_the_code() {
        let c = Currency::parse("usd").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"USD\"");
        assert_eq!(serde_json::from_str::<Currency>("\"usd\"").unwrap(), c);
        assert!(serde_json::from_str::<Currency>("\"nope\"").is_err());
    }
}
