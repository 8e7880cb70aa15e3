//! The operations half against the in-process simulator over real HTTP, on a temporary
//! database and keyring-core's mock store.

mod bulk;
mod connection;
mod import;
mod sandbox;
mod secrets;
mod settle;
mod support;
mod sync;
mod unknown;
mod writes;
mod writes_refused;
