//! Turning server-provided bytes into short, safe text for users.
//!
//! Anything the server sends may end up on screen, so it is cut short, stripped of HTML,
//! and scrubbed of the API key (a misbehaving proxy may echo request headers).

use serde_json::Value;

/// Longest server message we show.
pub(crate) const MAX_MESSAGE_CHARS: usize = 300;
/// Longest raw excerpt kept in `Error::Decode`.
pub(crate) const SNIPPET_BYTES: usize = 512;

/// The longest prefix of `s` that is at most `max` bytes and ends on a char boundary.
pub(crate) fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// At most `max` chars, with `…` when cut.
pub(crate) fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_owned(),
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
    }
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Replaces the secret, and any `Bearer <token>`, with `[redacted]`. One pass, so a hostile
/// body full of "bearer" costs linear time.
pub(crate) fn scrub(text: &str, secret: &str) -> String {
    let text = if secret.is_empty() {
        text.to_owned()
    } else {
        text.replace(secret, "[redacted]")
    };
    // ASCII lower-casing keeps every byte offset, so positions in `lower` index `text`.
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(pos) = lower[i..].find("bearer") {
        let start = i + pos + "bearer".len();
        out.push_str(&text[i..start]);
        let rest = &text[start..];
        let ws = rest.len() - rest.trim_start().len();
        if ws == 0 {
            i = start;
            continue;
        }
        out.push_str(&rest[..ws]);
        let tok_start = start + ws;
        let tok_len = text[tok_start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<'))
            .unwrap_or(text.len() - tok_start);
        if tok_len > 0 {
            out.push_str("[redacted]");
        }
        i = tok_start + tok_len;
    }
    out.push_str(&text[i..]);
    out
}

/// The first bytes of a reply for `Error::Decode`: lossy UTF-8, scrubbed, ≤ 512 bytes.
pub(crate) fn snippet(body: &[u8], secret: &str) -> String {
    // Scrub before cutting so a key straddling the cut cannot leak half of itself.
    let head = &body[..body.len().min(SNIPPET_BYTES * 4)];
    let text = scrub(&String::from_utf8_lossy(head), secret);
    truncate_bytes(&text, SNIPPET_BYTES).to_owned()
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text content of an HTML page: tags, comments, `<script>`, `<style>` and `<head>` dropped
/// (the `<title>` is used when the body has no text), entities decoded, whitespace collapsed.
pub(crate) fn strip_html(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let title = lower.find("<title").and_then(|t| {
        let open_end = t + lower[t..].find('>')? + 1;
        let close = open_end + lower[open_end..].find("</title")?;
        Some(collapse_whitespace(&decode_entities(
            &html[open_end..close],
        )))
    });
    let mut out = String::new();
    let mut i = 0;
    while i < html.len() {
        let Some(lt) = html[i..].find('<') else {
            out.push_str(&html[i..]);
            break;
        };
        out.push_str(&html[i..i + lt]);
        let start = i + lt;
        if lower[start..].starts_with("<!--") {
            i = lower[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let skip_block = ["script", "style", "head"].into_iter().find(|name| {
            lower[start + 1..].starts_with(name)
                && lower[start + 1 + name.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c == '>' || c.is_whitespace())
        });
        if let Some(name) = skip_block {
            let close = format!("</{name}");
            i = match lower[start..].find(&close) {
                Some(c) => {
                    let after = start + c;
                    lower[after..]
                        .find('>')
                        .map_or(html.len(), |g| after + g + 1)
                }
                None => html.len(),
            };
        } else {
            i = lower[start..]
                .find('>')
                .map_or(html.len(), |g| start + g + 1);
        }
        out.push(' ');
    }
    let text = collapse_whitespace(&decode_entities(&out));
    if text.is_empty() {
        title.unwrap_or_default()
    } else {
        text
    }
}

/// A message from a JSON error body: `message`, `error` (string or object with a message),
/// `errors` (array or object of field → messages), `error_description`, `detail`, `title`.
fn json_message(v: &Value) -> Option<String> {
    fn text_of(v: &Value) -> Option<String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Object(o) => ["message", "msg", "description", "detail", "error"]
                .iter()
                .find_map(|k| o.get(*k).and_then(text_of)),
            Value::Array(a) => {
                let parts: Vec<String> = a.iter().filter_map(text_of).collect();
                (!parts.is_empty()).then(|| parts.join("; "))
            }
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
    let o = match v {
        Value::Object(o) => o,
        Value::String(s) if !s.trim().is_empty() => return Some(s.clone()),
        Value::Array(_) => return text_of(v),
        _ => return None,
    };
    for k in ["message", "error", "error_description", "detail", "title"] {
        if let Some(t) = o.get(k).and_then(text_of) {
            return Some(t);
        }
    }
    match o.get("errors")? {
        Value::Object(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .filter_map(|(f, m)| text_of(m).map(|m| format!("{f}: {m}")))
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        other => text_of(other),
    }
}

/// The message to show for an error reply: from JSON, HTML or plain text; the reason phrase
/// when the body says nothing. Short, single-line, scrubbed.
pub(crate) fn error_message(
    body: &[u8],
    content_type: Option<&str>,
    status: u16,
    secret: &str,
) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let found = if let Ok(v) = serde_json::from_str::<Value>(trimmed) {
        json_message(&v).or_else(|| (!v.is_null()).then(|| v.to_string()))
    } else if ct.contains("html") || trimmed.starts_with('<') {
        Some(strip_html(trimmed))
    } else {
        Some(trimmed.to_owned())
    };
    let msg = collapse_whitespace(&found.unwrap_or_default());
    let msg = if msg.is_empty() {
        http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("no message")
            .to_owned()
    } else {
        msg
    };
    // Cut to a bounded length before scrubbing (cheap on a 2 MiB body), leaving room for a
    // key that straddles the final cut to still be recognised whole.
    let head = truncate_chars(&msg, MAX_MESSAGE_CHARS + secret.len() + 64);
    truncate_chars(&scrub(&head, secret), MAX_MESSAGE_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_respects_char_boundaries() {
        assert_eq!(truncate_bytes("åäö", 3), "å");
        assert_eq!(truncate_bytes("abc", 5), "abc");
        assert_eq!(truncate_chars("åäöü", 2), "åä…");
        assert_eq!(truncate_chars("ab", 2), "ab");
    }

    #[test]
    fn scrubs_key_and_bearer_tokens() {
        assert_eq!(scrub("key=sk_123 x", "sk_123"), "key=[redacted] x");
        assert_eq!(
            scrub("Authorization: Bearer abc.def ok", ""),
            "Authorization: Bearer [redacted] ok"
        );
        assert_eq!(scrub("bearer\"x", ""), "bearer\"x");
        assert_eq!(scrub("Bearer [redacted]", ""), "Bearer [redacted]");
        let hostile = "bearer ".repeat(100_000);
        assert_eq!(scrub(&hostile, "k").matches("[redacted]").count(), 50_000);
        assert_eq!(
            scrub("BEARER  t1 and bearer t2", ""),
            "BEARER  [redacted] and bearer [redacted]"
        );
        assert_eq!(scrub("no secrets here", "sk"), "no secrets here");
    }

    #[test]
    fn snippet_is_capped_and_scrubbed() {
        let key = "sk_live_abcdefgh";
        let mut body = vec![b'x'; 508];
        body.extend_from_slice(key.as_bytes());
        let s = snippet(&body, key);
        assert!(s.len() <= SNIPPET_BYTES);
        assert!(!s.contains("sk_l"));
        assert_eq!(snippet(&[0xff, b'a'], ""), "\u{fffd}a");
    }

    #[test]
    fn html_is_stripped() {
        let page = "<html><head><title>502 Bad Gateway</title><style>p{}</style></head>\
                    <body><center><h1>502 Bad&nbsp;Gateway</h1></center><hr>\
                    <script>alert(1)</script><!-- c --><center>nginx &amp; co</center></body></html>";
        assert_eq!(strip_html(page), "502 Bad Gateway nginx & co");
        assert_eq!(
            strip_html("<html><head><title>Down &#8212; sorry</title></head><body></body></html>"),
            "Down — sorry"
        );
    }

    #[test]
    fn messages_from_every_shape() {
        let m = |b: &str, ct: Option<&str>, s| error_message(b.as_bytes(), ct, s, "sk_secret");
        assert_eq!(m(r#"{"message":"bad amount"}"#, None, 400), "bad amount");
        assert_eq!(m(r#"{"error":"nope"}"#, None, 400), "nope");
        assert_eq!(
            m(r#"{"error":{"message":"deep","code":7}}"#, None, 400),
            "deep"
        );
        assert_eq!(m(r#"{"errors":["a","b"]}"#, None, 400), "a; b");
        assert_eq!(m(r#"{"errors":[{"message":"a"}]}"#, None, 400), "a");
        assert_eq!(
            m(
                r#"{"errors":{"amount":["too small"],"currency":"bad"}}"#,
                None,
                422
            ),
            "amount: too small; currency: bad"
        );
        assert_eq!(m(r#"{"other":1}"#, None, 400), r#"{"other":1}"#);
        assert_eq!(m("plain\n text", Some("text/plain"), 500), "plain text");
        assert_eq!(m("", None, 503), "Service Unavailable");
        assert_eq!(m("<h1>Oops</h1>", Some("text/html"), 500), "Oops");
        assert_eq!(
            m("key sk_secret leaked", None, 400),
            "key [redacted] leaked"
        );
        let long = m(&"y".repeat(5000), None, 400);
        assert_eq!(long.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(long.ends_with('…'));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn no_message_or_snippet_contains_the_key(
            before in ".{0,600}",
            after in ".{0,600}",
            status in 100u16..600,
            html in any::<bool>(),
        ) {
            let key = "npsb_live_0123456789abcdef0123456789abcdef";
            let body = if html {
                format!("<p>{before}</p>{key}<b>{after}</b>")
            } else {
                format!("{before}{key}{after}")
            };
            let ct = if html { Some("text/html") } else { None };
            let msg = error_message(body.as_bytes(), ct, status, key);
            prop_assert!(!msg.contains(key));
            prop_assert!(msg.chars().count() <= MAX_MESSAGE_CHARS + 1);
            let snip = snippet(body.as_bytes(), key);
            prop_assert!(!snip.contains(key));
            prop_assert!(snip.len() <= SNIPPET_BYTES);
        }
    }
}
