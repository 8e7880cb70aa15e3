//! End-to-end tests: the built app in WebKitGTK. Run through `make e2e` (or
//! `tests/run-e2e.sh`), which provides Xvfb, D-Bus and an unlocked keychain.

mod checkouts;
mod checkouts_support;
mod customers;
mod desk;
mod desk_support;
mod overview;
mod profiles;
mod shell;
