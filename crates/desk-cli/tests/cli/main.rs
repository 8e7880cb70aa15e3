//! Integration tests: the real `npdesk` binary against an in-process simulator, with a
//! temp data dir and the key in NEUROPAY_API_KEY.

mod checkouts;
mod customers;
mod errors;
mod export_audit;
mod help;
mod keys;
mod profiles;
mod sandbox_cmd;
mod secrecy;
mod support;
mod sync_import;
