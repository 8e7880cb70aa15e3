//! Integration tests: each drives a fresh in-process simulator over real HTTP on
//! 127.0.0.1:0. One test binary keeps link time down.

mod auth;
mod binary;
mod checkout_flow;
mod common;
mod customers;
mod faults;
mod hosted;
mod idempotency;
mod openapi;
mod refusals;
mod schema;
mod seed_state;
mod validation;
