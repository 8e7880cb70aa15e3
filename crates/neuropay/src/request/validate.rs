//! Field checks shared by the request builders. Each error names the wire field and why.

use url::Url;

use crate::Error;

pub(crate) const MAX_URL_LEN: usize = 2048;
pub(crate) const MAX_MESSAGE_CHARS: usize = 1000;
pub(crate) const MAX_IDENTIFIER_CHARS: usize = 255;
pub(crate) const MAX_NAME_CHARS: usize = 100;
pub(crate) const MAX_DETAILS_CHARS: usize = 1000;
/// Largest integer a JavaScript client (the UI, many servers) holds exactly.
pub(crate) const MAX_AMOUNT: i64 = 9_007_199_254_740_991;

/// A positive amount in minor units.
pub(crate) fn amount(field: &str, a: i64) -> Result<i64, Error> {
    if a <= 0 {
        return Err(Error::invalid(
            field,
            format!("must be a positive amount in minor units, got {a}"),
        ));
    }
    if a > MAX_AMOUNT {
        return Err(Error::invalid(field, "is too large"));
    }
    Ok(a)
}

/// An absolute http(s) URL with a host, as typed (trimmed); the url crate would otherwise
/// quietly repair inputs like `https:shop.example`.
pub(crate) fn url(field: &str, s: &str) -> Result<String, Error> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    if s.len() > MAX_URL_LEN {
        return Err(Error::invalid(
            field,
            format!("is longer than {MAX_URL_LEN} characters"),
        ));
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(field, "must not contain spaces"));
    }
    let lower = s.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(Error::invalid(
            field,
            "must be an absolute http:// or https:// URL",
        ));
    }
    let parsed =
        Url::parse(s).map_err(|e| Error::invalid(field, format!("is not a valid URL ({e})")))?;
    match parsed.host_str() {
        Some(h) if !h.is_empty() => Ok(s.to_owned()),
        _ => Err(Error::invalid(field, "must have a host")),
    }
}

/// A careful, not RFC-complete, address check: one `@`, a plausible local part, a dotted
/// domain of letter/digit/hyphen labels, no spaces.
pub(crate) fn email(field: &str, s: &str) -> Result<String, Error> {
    let s = s.trim();
    let bad = |why: &str| -> Result<String, Error> { Err(Error::invalid(field, why)) };
    if s.is_empty() {
        return bad("is required");
    }
    if s.len() > 254 {
        return bad("is longer than 254 characters");
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("must not contain spaces");
    }
    let mut parts = s.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return bad("must contain exactly one @");
    };
    if local.is_empty() || local.len() > 64 {
        return bad("needs a name before the @");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return bad("has a misplaced dot before the @");
    }
    if local.chars().any(|c| {
        matches!(
            c,
            '(' | ')' | ',' | ':' | ';' | '<' | '>' | '[' | ']' | '\\' | '"'
        )
    }) {
        return bad("has a character not allowed before the @");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return bad("needs a domain with a dot after the @");
    }
    for l in &labels {
        if l.is_empty()
            || l.starts_with('-')
            || l.ends_with('-')
            || !l.chars().all(|c| c.is_alphanumeric() || c == '-')
        {
            return bad("has an invalid domain after the @");
        }
    }
    if labels.last().is_some_and(|tld| tld.chars().count() < 2) {
        return bad("has an invalid top-level domain");
    }
    Ok(s.to_owned())
}

/// Required free text: not blank, at most `max` characters, no control characters other
/// than newline and tab (when `multiline`).
pub(crate) fn text(field: &str, s: &str, max: usize, multiline: bool) -> Result<String, Error> {
    if s.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if s.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    let allowed = |c: char| multiline && (c == '\n' || c == '\t' || c == '\r');
    if s.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "https://shop.example/ok",
            "http://127.0.0.1:8080/x?y=1",
            " HTTPS://Shop.Example ",
        ] {
            assert!(url("returnUrl", ok).is_ok(), "{ok}");
        }
        assert_eq!(
            url("returnUrl", " https://a.b/c ").unwrap(),
            "https://a.b/c"
        );
        for bad in [
            "",
            "shop.example/ok",
            "ftp://shop.example",
            "javascript:alert(1)",
            "https:shop.example",
            "https://",
            "https://exa mple.com",
            "http://[::1",
            "mailto:a@b.c",
        ] {
            let e = url("returnUrl", bad).unwrap_err();
            assert!(
                matches!(e, Error::InvalidInput { ref field, .. } if field == "returnUrl"),
                "{bad}"
            );
        }
    }

    #[test]
    fn emails() {
        for ok in [
            "a@b.se",
            "first.last+tag@mail.example.com",
            "x@xn--bcher-kva.de",
            "å@ö.se",
        ] {
            assert!(email("email", ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.se",
            "a@b",
            "a@@b.se",
            "a@b@c.se",
            "a b@c.se",
            "a@b..se",
            "a@-b.se",
            "a@b.c",
            ".a@b.se",
            "a..b@c.se",
            "a@b.se.",
            "<a>@b.se",
        ] {
            assert!(email("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn amounts_and_text() {
        assert!(amount("amount", 1).is_ok());
        assert!(amount("amount", 0).is_err());
        assert!(amount("amount", -5).is_err());
        assert!(amount("amount", MAX_AMOUNT + 1).is_err());
        assert!(text("message", "hi\nthere", 10, true).is_ok());
        assert!(text("first_name", "a\nb", 10, false).is_err());
        assert!(text("message", "  ", 10, true).is_err());
        assert!(text("message", "abcdefghijk", 10, true).is_err());
    }
}
