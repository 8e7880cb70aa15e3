//! One module per command group; `run` dispatches.

pub mod audit;
pub mod checkout;
pub mod customer;
pub mod export;
pub mod key;
pub mod profile;
pub mod sandbox;
pub mod sync;

use crate::cli::{Cli, Command};
use crate::context::{Ctx, EnvOverrides};
use crate::error::CliError;
use crate::output::Output;

pub async fn run(cli: Cli) -> Result<(), CliError> {
    let Cli { global, command } = cli;
    let open = |global| Ctx::open(global, EnvOverrides::from_env()?);
    match command {
        // The simulator needs neither the database nor the keychain.
        Command::Sandbox(a) => sandbox::run(&Output::new(global.json), a).await,
        Command::Profile(c) => profile::run(&open(global)?, c).await,
        Command::Key(c) => key::run(&open(global)?, c).await,
        Command::Checkout(c) => checkout::run(&open(global)?, c).await,
        Command::Customer(c) => customer::run(&open(global)?, c).await,
        Command::Sync(a) => sync::run(&open(global)?, a).await,
        Command::Export(c) => export::run(&open(global)?, c).await,
        Command::Audit(c) => audit::run(&open(global)?, c).await,
    }
}
