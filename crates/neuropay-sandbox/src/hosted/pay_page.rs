//! `GET /pay/{id}`: the buyer's page; `POST /pay/{id}` applies Pay / Reserve / Fail /
//! Cancel and sends the buyer back to the merchant.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{escape, form, html, message_page, page, see_other};
use crate::app::App;
use crate::currency::format_minor;
use crate::error::SandboxError;
use crate::keys::Mode;
use crate::machine::Outcome;
use crate::model::{Checkout, Status};
use crate::ops;

fn not_found() -> Response {
    message_page(
        StatusCode::NOT_FOUND,
        "Checkout not found",
        "This payment link does not exist or was deleted by the merchant.",
    )
}

pub(crate) async fn show(State(app): State<App>, Path(id): Path<String>) -> Response {
    let found = app.read(|s| {
        let wk = s.locate_checkout(&id)?;
        s.checkout(wk, &id).map(|c| (c.clone(), wk.mode))
    });
    match found {
        None => not_found(),
        Some((c, mode)) => html(StatusCode::OK, render(&c, mode)),
    }
}

fn render(c: &Checkout, mode: Mode) -> String {
    let amount = escape(&format_minor(c.amount, &c.currency));
    let reference = escape(c.identifier.as_deref().unwrap_or(&c.checkout_id));
    let badge = match mode {
        Mode::Test => "<span class=\"badge\">test mode</span>",
        Mode::Live => "<span class=\"badge live\">live mode (simulated)</span>",
    };
    let head = format!(
        "<p class=\"brand\">Neuro-Pay checkout {badge}</p>\
         <h1>{}</h1><p class=\"amount\">{amount}</p>\
         <dl><dt>Reference</dt><dd>{reference}</dd></dl>",
        escape(&c.message)
    );
    let body = if c.status == Status::Created {
        let id = escape(&c.checkout_id);
        let pay_label = if c.capture {
            format!("Pay {amount}")
        } else {
            format!("Pay {amount} (reserved until captured)")
        };
        let button = |outcome: &str, class: &str, label: &str| {
            format!(
                "<form method=\"post\" action=\"/pay/{id}\">\
                 <input type=\"hidden\" name=\"outcome\" value=\"{outcome}\">\
                 <button type=\"submit\" class=\"{class}\">{label}</button></form>"
            )
        };
        format!(
            "{head}<div class=\"actions\">{}{}{}{}</div>",
            button("pay", "primary", &pay_label),
            button("reserve", "", "Reserve only"),
            button("fail", "danger", "Simulate a failed payment"),
            button("cancel", "", "Cancel and return to the shop"),
        )
    } else {
        format!(
            "{head}<p class=\"status\">This checkout is {}.</p>\
             <p>There is nothing left to pay here.</p>\
             <p><a href=\"{}\">Return to the shop</a></p>",
            escape(c.status.as_str()),
            escape(&c.return_url)
        )
    };
    page(&format!("Pay {}", c.message), &body, c.template.is_some())
}

pub(crate) async fn submit(
    State(app): State<App>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let fields = form(&body);
    let Some(outcome) = fields.get("outcome").and_then(|o| Outcome::parse(o)) else {
        return message_page(
            StatusCode::BAD_REQUEST,
            "Unknown choice",
            "Choose pay, reserve, fail or cancel.",
        );
    };
    let result = app.mutate(|s| {
        let wk = s
            .locate_checkout(&id)
            .ok_or_else(|| ops::unknown_checkout(&id))?;
        ops::buyer_outcome(s, wk, &id, outcome)
    });
    match result {
        Ok(c) => {
            let target = match outcome {
                Outcome::Cancel => &c.return_url_cancel,
                _ => &c.return_url,
            };
            let location = url::Url::parse(target)
                .map(|u| u.to_string())
                .unwrap_or_else(|_| target.clone());
            see_other(&location)
        }
        Err(SandboxError::NotFound(_)) => not_found(),
        Err(e) => message_page(
            StatusCode::CONFLICT,
            "This checkout is closed",
            &e.to_string(),
        ),
    }
}
