//! Money helpers over minor units. Formatting reuses neuropay's, which knows every ISO
//! currency's exponent; this module adds what the cache needs around it.

use neuropay::{format_minor, Currency, Status};

/// Formats minor units with the currency's exponent: 3000 SEK → `30.00 SEK`,
/// 500 JPY → `500 JPY`. A code neuropay does not know (a cached row from a server that
/// invented one) is shown as the raw minor units with the code, never guessed at.
pub fn format_amount(amount_minor: i64, currency: &str) -> String {
    match Currency::parse(currency) {
        Ok(c) => format_minor(amount_minor, &c),
        Err(_) => format!("{amount_minor} {}", currency.trim()),
    }
}

/// Digits after the decimal point for a currency code, when the code is known.
pub fn exponent(currency: &str) -> Option<u8> {
    Currency::parse(currency).ok().map(|c| c.exponent())
}

/// What is left to refund: amount − refunded, never negative (a server may report a
/// refunded total above the amount, e.g. after fees).
pub fn remaining_refundable(amount_minor: i64, refunded_minor: i64) -> i64 {
    amount_minor.saturating_sub(refunded_minor).max(0)
}

/// [`remaining_refundable`] for a checkout in `status`: zero unless the status still
/// allows a refund (paid, reserved, partially refunded).
pub fn refundable_in_status(status: &str, amount_minor: i64, refunded_minor: i64) -> i64 {
    if Status::parse(status).can_refund() {
        remaining_refundable(amount_minor, refunded_minor)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_exponent() {
        assert_eq!(format_amount(3000, "SEK"), "30.00 SEK");
        assert_eq!(format_amount(500, "JPY"), "500 JPY");
        assert_eq!(format_amount(1234, "KWD"), "1.234 KWD");
        assert_eq!(format_amount(1234, "ZZZ"), "1234 ZZZ");
        assert_eq!(exponent("eur"), Some(2));
        assert_eq!(exponent("ZZZ"), None);
    }

    #[test]
    fn remaining_is_never_negative() {
        assert_eq!(remaining_refundable(3000, 500), 2500);
        assert_eq!(remaining_refundable(3000, 3000), 0);
        assert_eq!(remaining_refundable(3000, 4000), 0);
        assert_eq!(remaining_refundable(i64::MIN, i64::MAX), 0);
    }

    #[test]
    fn refundable_depends_on_status() {
        assert_eq!(refundable_in_status("paid", 3000, 0), 3000);
        assert_eq!(refundable_in_status("partialRefund", 3000, 1000), 2000);
        assert_eq!(refundable_in_status("reserved", 3000, 0), 3000);
        assert_eq!(refundable_in_status("canceled", 3000, 0), 0);
        assert_eq!(refundable_in_status("created", 3000, 0), 0);
        assert_eq!(refundable_in_status("mystery", 3000, 0), 0);
    }
}
