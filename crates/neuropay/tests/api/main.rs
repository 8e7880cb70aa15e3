//! Integration tests of the client against hand-written replies (wiremock and a raw TCP
//! server) and against the in-process simulator. One binary keeps link time down.

mod errors;
mod exactly_once;
mod hostile;
mod props;
mod retries;
mod sandbox;
mod secrecy;
mod support;
mod tolerance;
mod wire;
