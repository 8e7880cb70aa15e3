//! `GET /client/{token}`: the customer's page of saved cards; POST removes a card or
//! makes one the default.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{escape, form, html, message_page, page, see_other};
use crate::app::App;
use crate::error::SandboxError;
use crate::model::Customer;
use crate::ops::{self, CardAction};

fn not_found() -> Response {
    message_page(
        StatusCode::NOT_FOUND,
        "Page not found",
        "This customer page does not exist or the customer was deleted.",
    )
}

pub(crate) async fn show(State(app): State<App>, Path(token): Path<String>) -> Response {
    let customer = app.read(|s| {
        let (wk, id) = s.locate_token(&token)?;
        s.customer(wk, &id).cloned()
    });
    match customer {
        None => not_found(),
        Some(c) => html(StatusCode::OK, render(&c, &token)),
    }
}

fn render(c: &Customer, token: &str) -> String {
    let action = format!("/client/{}", escape(token));
    let form_button = |what: &str, card: &str, label: &str, class: &str| {
        format!(
            "<form method=\"post\" action=\"{action}\">\
             <input type=\"hidden\" name=\"action\" value=\"{what}\">\
             <input type=\"hidden\" name=\"card_id\" value=\"{}\">\
             <button type=\"submit\" class=\"{class}\">{label}</button></form>",
            escape(card)
        )
    };
    let mut cards = String::new();
    for card in &c.saved_cards {
        let default = if card.default {
            "<span class=\"badge\">default</span>".to_owned()
        } else {
            form_button("default", &card.card_id, "Make default", "")
        };
        cards.push_str(&format!(
            "<div class=\"row\"><span>{} •••• {} <small>exp. {}</small></span>\
             <span class=\"row\" style=\"border:0;padding:0\">{default}{}</span></div>",
            escape(&card.brand),
            escape(&card.last4),
            escape(&card.expiry),
            form_button("remove", &card.card_id, "Remove", "danger"),
        ));
    }
    if cards.is_empty() {
        cards = "<p>No saved cards yet. A card is saved when you pay a checkout made for \
                 you that allows saving the card.</p>"
            .to_owned();
    }
    let body = format!(
        "<p class=\"brand\">Neuro-Pay · your saved cards</p>\
         <h1>{} {}</h1><dl><dt>E-mail</dt><dd>{}</dd></dl>{cards}",
        escape(&c.first_name),
        escape(&c.last_name),
        escape(&c.email),
    );
    page("Your saved cards", &body, false)
}

pub(crate) async fn submit(
    State(app): State<App>,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let fields = form(&body);
    let action = match fields.get("action").map(String::as_str) {
        Some("remove") => CardAction::Remove,
        Some("default") => CardAction::MakeDefault,
        _ => {
            return message_page(
                StatusCode::BAD_REQUEST,
                "Unknown choice",
                "Choose remove or default.",
            )
        }
    };
    let card_id = fields.get("card_id").cloned().unwrap_or_default();
    match app.mutate(|s| ops::card_action(s, &token, &card_id, action)) {
        Ok(()) => see_other(&format!("/client/{token}")),
        Err(SandboxError::NotFound(m)) if m.starts_with("no saved card") => {
            message_page(StatusCode::BAD_REQUEST, "Card not found", &m)
        }
        Err(_) => not_found(),
    }
}
