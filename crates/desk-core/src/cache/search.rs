//! Turning what a user types into a safe FTS5 query, and metadata into indexable text.
//!
//! User text never reaches FTS5 syntax: every term becomes a double-quoted string (inner
//! quotes doubled), so `AND`, `-`, `*`, `(`, `:` and stray quotes are plain characters.
//! Plain words match as prefixes (type-ahead friendly). `key:value` matches one metadata
//! pair exactly; `key:value*` matches values starting with `value`.
//!
//! A metadata pair is indexed as one opaque token `kv<hex(key)>x<hex(value)>` (lowercased
//! first). The unicode61 tokenizer would split `order:1001` into two words and could not
//! tell `order:1001` from a message that merely contains both words; the hex token is a
//! single alphanumeric token, and hex keeps prefixes, so `order:10*` still works.

use serde_json::{Map, Value};

/// Text of the FTS `meta` column for a checkout's metadata object: each pair as
/// `key value` words (so plain words find values) plus its `key:value` token.
pub(crate) fn meta_text(metadata: &Map<String, Value>) -> String {
    let mut out = String::new();
    for (key, value) in metadata {
        let value = meta_value_text(value);
        out.push_str(key);
        out.push(' ');
        out.push_str(&value);
        out.push(' ');
        out.push_str(&kv_token(key, &value));
        out.push('\n');
    }
    out
}

/// A metadata value as the text a user would type for it.
pub(crate) fn meta_value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn kv_token(key: &str, value: &str) -> String {
    let mut t = String::from("kv");
    t.push_str(&hex(&key.trim().to_lowercase()));
    t.push('x');
    t.push_str(&hex(&value.trim().to_lowercase()));
    t
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// One search term as the user meant it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Words(String),
    Pair {
        key: String,
        value: String,
        prefix: bool,
    },
}

/// Splits on whitespace outside double quotes; quotes group words and are dropped.
/// An unterminated quote runs to the end: a half-typed query is still a query.
fn split_terms(input: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for ch in input.chars() {
        match ch {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    terms.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        terms.push(current);
    }
    terms
}

fn classify(raw: &str) -> Option<Term> {
    if let Some((key, value)) = raw.split_once(':') {
        let key = key.trim();
        let (value, prefix) = match value.trim().strip_suffix('*') {
            Some(v) => (v.trim(), true),
            None => (value.trim(), false),
        };
        if !key.is_empty() && !value.is_empty() {
            return Some(Term::Pair {
                key: key.to_owned(),
                value: value.to_owned(),
                prefix,
            });
        }
    }
    // Without a letter or digit the tokenizer would produce an empty phrase, which
    // matches nothing; such a term (`-`, `*`, `"`) is dropped instead of emptying results.
    raw.chars()
        .any(char::is_alphanumeric)
        .then(|| Term::Words(raw.to_owned()))
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The FTS5 MATCH expression for a search box's text, or None when it holds no term.
/// Terms are ANDed.
pub(crate) fn fts_query(input: &str) -> Option<String> {
    let parts: Vec<String> = split_terms(input)
        .iter()
        .filter_map(|t| classify(t))
        .map(|term| match term {
            Term::Words(w) => format!("{}*", quote(&w)),
            Term::Pair { key, value, prefix } => {
                let token = quote(&kv_token(&key, &value));
                if prefix {
                    format!("meta : {token}*")
                } else {
                    format!("meta : {token}")
                }
            }
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_become_quoted_prefixes() {
        assert_eq!(fts_query("alice"), Some("\"alice\"*".to_owned()));
        assert_eq!(
            fts_query("  refund  AND  "),
            Some("\"refund\"* AND \"AND\"*".to_owned())
        );
    }

    #[test]
    fn quotes_group_and_are_never_passed_through() {
        assert_eq!(
            fts_query("\"two words\" x"),
            Some("\"two words\"* AND \"x\"*".to_owned())
        );
        assert_eq!(fts_query("a\"b"), Some("\"ab\"*".to_owned()));
        assert_eq!(fts_query("\""), None);
        assert_eq!(fts_query("- * \"\" ()"), None);
    }

    #[test]
    fn pairs_become_column_filtered_tokens() {
        let exact = fts_query("order:1001").unwrap();
        assert_eq!(exact, format!("meta : \"{}\"", kv_token("order", "1001")));
        let prefix = fts_query("Order:10*").unwrap();
        assert_eq!(prefix, format!("meta : \"{}\"*", kv_token("order", "10")));
        assert!(kv_token("order", "1001").starts_with(&kv_token("order", "10")));
        // A colon without a key or value is just text.
        assert_eq!(fts_query(":x"), Some("\":x\"*".to_owned()));
    }

    #[test]
    fn meta_text_holds_words_and_tokens() {
        let mut m = Map::new();
        m.insert("order".into(), Value::from("1001"));
        m.insert("vip".into(), Value::from(true));
        let text = meta_text(&m);
        assert!(text.contains("order 1001"));
        assert!(text.contains("vip true"));
        assert!(text.contains(&kv_token("vip", "true")));
    }
}
