//! Pages a person opens in a browser: the buyer's payment page and the customer's client
//! page. Plain HTML with inline CSS, no external resources, every user text escaped.

mod client_page;
mod pay_page;

use std::collections::HashMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::app::App;

pub(crate) fn router() -> Router<App> {
    Router::new()
        .route("/pay/{id}", get(pay_page::show).post(pay_page::submit))
        .route(
            "/client/{token}",
            get(client_page::show).post(client_page::submit),
        )
}

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;\
font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2433;\
background:linear-gradient(135deg,#e8eefc 0%,#f7f0ff 100%)}\
body.plain{background:#fff}\
main{width:min(440px,92vw);background:#fff;border-radius:14px;padding:28px 28px 20px;\
box-shadow:0 10px 30px rgba(29,36,51,.12)}\
body.plain main{box-shadow:none;border:1px solid #e3e6ee}\
.brand{font-size:13px;letter-spacing:.08em;text-transform:uppercase;color:#5b6478;margin:0 0 14px}\
.badge{display:inline-block;font-size:12px;padding:2px 8px;border-radius:99px;background:#eef1f7;color:#3b4457}\
.badge.live{background:#fde8e8;color:#9b1c1c}\
h1{font-size:20px;margin:4px 0 8px;word-wrap:break-word}\
.amount{font-size:32px;font-weight:650;margin:6px 0 16px}\
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;font-size:14px;margin:0 0 20px}\
dt{color:#5b6478}dd{margin:0;word-break:break-all}\
form{margin:0}\
.actions{display:grid;gap:10px}\
button{width:100%;font:inherit;padding:11px 14px;border-radius:9px;border:1px solid #c9cfdc;\
background:#fff;color:#1d2433;cursor:pointer}\
button:hover{background:#f3f5fa}\
button.primary{background:#3056d3;border-color:#3056d3;color:#fff;font-weight:600}\
button.primary:hover{background:#2746b0}\
button.danger{color:#9b1c1c}\
.row{display:flex;gap:8px;align-items:center;justify-content:space-between;\
padding:10px 0;border-top:1px solid #eef0f5}\
.row form button{width:auto;padding:6px 10px;font-size:14px}\
.status{font-size:18px;font-weight:600}\
.note{font-size:12px;color:#7a8296;margin:18px 0 0;text-align:center}\
a{color:#3056d3}";

/// A whole page; `body_html` must already be escaped.
pub(crate) fn page(title: &str, body_html: &str, plain: bool) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head>\
         <body class=\"{}\"><main>{body_html}\
         <p class=\"note\">Neuro-Pay sandbox: a simulator. No real money moves.</p>\
         </main></body></html>\n",
        escape(title),
        if plain { "plain" } else { "" },
    )
}

/// An HTML response with headers that keep the page self-contained.
pub(crate) fn html(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// A short page that only says something (errors, unknown links).
pub(crate) fn message_page(status: StatusCode, title: &str, text: &str) -> Response {
    let body = format!(
        "<p class=\"brand\">Neuro-Pay</p><h1>{}</h1><p>{}</p>",
        escape(title),
        escape(text)
    );
    html(status, page(title, &body, false))
}

/// A 303 to `location` (the browser follows with GET).
pub(crate) fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => {
            let mut r = StatusCode::SEE_OTHER.into_response();
            r.headers_mut().insert(header::LOCATION, v);
            r
        }
        Err(_) => message_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Cannot redirect",
            "The return address is not a valid URL.",
        ),
    }
}

/// Fields of an `application/x-www-form-urlencoded` body (last value wins).
pub(crate) fn form(bytes: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(bytes).into_owned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape(r#"<script>alert("x&y's")</script>"#),
            "&lt;script&gt;alert(&quot;x&amp;y&#39;s&quot;)&lt;/script&gt;"
        );
    }

    #[test]
    fn page_escapes_title_and_has_no_external_resources() {
        let p = page("<b>", "", true);
        assert!(p.contains("<title>&lt;b&gt;</title>"));
        assert!(!p.contains("http://") && !p.contains("https://") && !p.contains("src="));
    }
}
