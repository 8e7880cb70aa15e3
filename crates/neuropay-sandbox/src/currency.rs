//! The ISO 4217 currencies the simulator accepts, with their minor-unit exponents.

/// Code and number of decimals; includes 0-decimal (JPY, KRW, ISK) and 3-decimal (KWD,
/// BHD, JOD, OMR, TND) currencies so clients meet every formatting case.
pub const CURRENCIES: [(&str, u8); 20] = [
    ("SEK", 2),
    ("EUR", 2),
    ("USD", 2),
    ("GBP", 2),
    ("NOK", 2),
    ("DKK", 2),
    ("CHF", 2),
    ("PLN", 2),
    ("CZK", 2),
    ("CAD", 2),
    ("AUD", 2),
    ("NZD", 2),
    ("JPY", 0),
    ("KRW", 0),
    ("ISK", 0),
    ("KWD", 3),
    ("BHD", 3),
    ("JOD", 3),
    ("OMR", 3),
    ("TND", 3),
];

pub fn exponent(code: &str) -> Option<u8> {
    CURRENCIES.iter().find(|(c, _)| *c == code).map(|(_, e)| *e)
}

/// 3000 SEK -> "30.00 SEK", 500 JPY -> "500 JPY", 1234 KWD -> "1.234 KWD".
pub fn format_minor(amount: i64, code: &str) -> String {
    let exp = u32::from(exponent(code).unwrap_or(2));
    if exp == 0 {
        return format!("{amount} {code}");
    }
    let unit = 10i64.pow(exp);
    let sign = if amount < 0 { "-" } else { "" };
    let abs = amount.unsigned_abs();
    let unit = unit.unsigned_abs();
    format!(
        "{sign}{}.{:0width$} {code}",
        abs / unit,
        abs % unit,
        width = exp as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_exponent() {
        assert_eq!(format_minor(3000, "SEK"), "30.00 SEK");
        assert_eq!(format_minor(5, "EUR"), "0.05 EUR");
        assert_eq!(format_minor(500, "JPY"), "500 JPY");
        assert_eq!(format_minor(1234, "KWD"), "1.234 KWD");
        assert_eq!(format_minor(-250, "USD"), "-2.50 USD");
    }

    #[test]
    fn knows_exponents_and_refuses_others() {
        assert_eq!(exponent("JPY"), Some(0));
        assert_eq!(exponent("KWD"), Some(3));
        assert_eq!(exponent("SEK"), Some(2));
        assert_eq!(exponent("sek"), None);
        assert_eq!(exponent("XYZ"), None);
    }
}
