//! The command line, as clap structs. Parsing only: values are checked in `args`, before
//! anything is sent or stored.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Environment:
  NEUROPAY_API_KEY   API key for this invocation instead of the keychain entry (CI, scripts)
  NEUROPAY_BASE_URL  API base URL for this invocation instead of the profile's
  NPDESK_DATA_DIR    same as --data-dir
  NPDESK_PROFILE     same as --profile

Exit codes:
  0 ok   2 invalid input (nothing sent)   3 the API refused   4 outcome unknown
  5 offline or unreachable (nothing sent)   1 anything else";

/// npdesk: every Neuro-Pay Desk operation from a terminal.
///
/// Shares the desktop app's profiles, keychain entries and cache. Amounts are in minor
/// units of the currency (3000 SEK is 30.00 SEK).
#[derive(Debug, Parser)]
#[command(name = "npdesk", version, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts, anywhere on the line.
#[derive(Debug, Clone, Args)]
pub struct GlobalOpts {
    /// Profile to act on, by name or id; may be left out when exactly one profile exists.
    #[arg(long, global = true, env = "NPDESK_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
    /// Environment of the profile: test or live [default: test]. Live writes need a
    /// confirmation (typed on a terminal, or --yes).
    #[arg(long, global = true, value_enum, value_name = "MODE")]
    pub mode: Option<ModeArg>,
    /// Machine output: one JSON document on stdout; messages, and errors as
    /// {"error":{"code","message"}}, on stderr.
    #[arg(long, global = true)]
    pub json: bool,
    /// Directory of the desk's data (the cache database) [default: the app's per-user
    /// data directory].
    #[arg(long, global = true, env = "NPDESK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Confirm live-mode writes without the typed confirmation (required when stdin is
    /// not a terminal).
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
}

/// `--mode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// The company's test key and test data.
    Test,
    /// The company's live key: real money.
    Live,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, list, change and remove profiles (one per merchant account).
    #[command(subcommand)]
    Profile(ProfileCmd),
    /// Store, inspect, test and delete the API key of a profile's mode (OS keychain).
    #[command(subcommand)]
    Key(KeyCmd),
    /// Create, read, capture, refund, release, update, delete, list and import checkouts.
    #[command(subcommand)]
    Checkout(CheckoutCmd),
    /// Create, read, delete and list customers.
    #[command(subcommand)]
    Customer(CustomerCmd),
    /// Settle unfinished writes, then refresh every open (non-final) cached checkout from
    /// the API.
    Sync(SyncArgs),
    /// Write cached checkouts or the audit log as CSV.
    #[command(subcommand)]
    Export(ExportCmd),
    /// Read the audit log (every action taken through the desk).
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Run the bundled Neuro-Pay simulator until Ctrl-C; prints its base URL and its
    /// throwaway keys.
    Sandbox(SandboxArgs),
}

#[derive(Debug, Subcommand)]
pub enum ProfileCmd {
    /// Create a profile.
    Add {
        /// Unique name (at most 60 characters).
        name: String,
        /// API base URL: https, or http to a loopback address (the simulator).
        #[arg(
            long,
            value_name = "URL",
            default_value = "https://api.neuro-admin.com"
        )]
        base_url: String,
        /// Colour shown in the app, #rrggbb.
        #[arg(long, value_name = "C", default_value = "#2563eb")]
        color: String,
    },
    /// List every profile.
    List,
    /// Remove a profile and its keychain entries.
    Remove {
        /// Name or id of the profile.
        name: String,
        /// Also delete its cached checkouts, customers and journal (required when it has any).
        #[arg(long)]
        purge_cache: bool,
    },
    /// Rename a profile.
    Rename {
        /// Current name or id.
        name: String,
        /// New unique name.
        new_name: String,
    },
    /// Change a profile's settings and live-mode guard rails.
    Set {
        /// Name or id of the profile.
        name: String,
        /// New API base URL.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// New colour, #rrggbb.
        #[arg(long, value_name = "C")]
        color: Option<String>,
        /// Forbid (true) or allow (false) every write in live mode.
        #[arg(long, value_name = "BOOL", action = clap::ArgAction::Set)]
        live_read_only: Option<bool>,
        /// Largest single live refund in minor units, or "none" to remove the cap.
        #[arg(long, value_name = "N|none", allow_negative_numbers = true)]
        refund_cap: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCmd {
    /// Store the key of --profile/--mode: read from stdin when it is not a terminal,
    /// otherwise from a hidden prompt. Never from the command line.
    Set,
    /// Show the keychain's state and the masked keys of both modes.
    Status,
    /// Check that the key of --profile/--mode is accepted by the API.
    Test,
    /// Delete the key of --profile/--mode from the keychain.
    Delete,
}

#[derive(Debug, Subcommand)]
pub enum CheckoutCmd {
    /// Create a checkout; prints its id and the buyer's payment link.
    Create(CreateArgs),
    /// Fetch a checkout from the API and update the cache.
    Get {
        /// Checkout id.
        id: String,
    },
    /// Show a cached checkout and its timeline, offline.
    Show {
        /// Checkout id.
        id: String,
    },
    /// Capture a reserved checkout (one created with --no-capture).
    Capture {
        /// Checkout id.
        id: String,
    },
    /// Refund a paid checkout, all that remains or --amount.
    Refund(RefundArgs),
    /// Release the reserved funds of a checkout created with --no-capture.
    Release {
        /// Checkout id.
        id: String,
    },
    /// Set or delete metadata keys of a checkout.
    Update {
        /// Checkout id.
        id: String,
        /// KEY=VALUE sets a string, KEY:=JSON a number or boolean, KEY= deletes the key.
        /// Repeatable.
        #[arg(long = "meta", value_name = "K=V", required = true)]
        meta: Vec<String>,
    },
    /// Delete a checkout nobody has paid (status created).
    Delete {
        /// Checkout id.
        id: String,
    },
    /// List cached checkouts, offline.
    List(ListArgs),
    /// Add checkouts to the cache by id: one id per line (or comma-separated); '#' starts
    /// a comment.
    Import {
        /// File of ids, or - for stdin.
        #[arg(value_name = "FILE|-")]
        file: String,
    },
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Amount in minor units of the currency (3000 SEK is 30.00 SEK).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub amount: String,
    /// ISO 4217 currency code, e.g. SEK or EUR.
    #[arg(long, value_name = "C")]
    pub currency: String,
    /// Text shown to the buyer on the payment page.
    #[arg(long, value_name = "M")]
    pub message: String,
    /// Where the buyer lands after paying.
    #[arg(long, value_name = "U")]
    pub return_url: String,
    /// Where the buyer lands after cancelling.
    #[arg(long, value_name = "U")]
    pub cancel_url: String,
    /// Your own reference for the checkout (order number).
    #[arg(long, value_name = "I")]
    pub identifier: Option<String>,
    /// Only reserve the funds; capture or release later.
    #[arg(long)]
    pub no_capture: bool,
    /// Do not let the buyer save the card.
    #[arg(long)]
    pub no_save_card: bool,
    /// Tie the checkout to a customer.
    #[arg(long, value_name = "ID")]
    pub customer: Option<String>,
    /// Charge this saved card of --customer.
    #[arg(long, value_name = "ID", requires = "customer")]
    pub card: Option<String>,
    /// Payment page template; only "iframe" exists.
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// Metadata: KEY=VALUE (string) or KEY:=JSON (number or boolean). Repeatable.
    #[arg(long = "meta", value_name = "K=V")]
    pub meta: Vec<String>,
    /// Allowed payment method, optionally with card brands: card:visa,amex or swish.
    /// Repeatable.
    #[arg(long = "payment-method", value_name = "METHOD[:BRANDS]")]
    pub payment_methods: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RefundArgs {
    /// Checkout id.
    pub id: String,
    /// Amount to refund in minor units [default: everything that remains].
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub amount: Option<String>,
    /// Why: duplicate, requested_by_customer or fraudulent.
    #[arg(long, value_name = "REASON")]
    pub reason: Option<String>,
    /// Free text stored with the refund.
    #[arg(long, value_name = "TEXT")]
    pub details: Option<String>,
}

/// Filters of the cached checkout list (and of its CSV export).
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Only this status (paid, "reserve released", partialRefund, ...). Repeatable.
    #[arg(long = "status", value_name = "S")]
    pub statuses: Vec<String>,
    /// Words matched against id, identifier, message, customer and metadata; key:value
    /// matches one metadata entry.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Created on or after: YYYY-MM-DD (a day in local time) or RFC 3339.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Created up to and including this day (YYYY-MM-DD, local time), or before this
    /// RFC 3339 instant.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only this currency (ISO code).
    #[arg(long, value_name = "C")]
    pub currency: Option<String>,
    /// Only checkouts of this customer id.
    #[arg(long, value_name = "ID")]
    pub customer: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Rows to show (1 to 1000).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub limit: u32,
    /// Continue after this cursor (the nextCursor of the previous page).
    #[arg(long, value_name = "CURSOR")]
    pub after: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CustomerCmd {
    /// Create a customer (for saved cards).
    Create {
        /// Given name.
        #[arg(long, value_name = "NAME")]
        first_name: String,
        /// Family name.
        #[arg(long, value_name = "NAME")]
        last_name: String,
        /// E-mail address.
        #[arg(long, value_name = "EMAIL")]
        email: String,
        /// Metadata: KEY=VALUE (string) or KEY:=JSON (number or boolean). Repeatable.
        #[arg(long = "meta", value_name = "K=V")]
        meta: Vec<String>,
    },
    /// Fetch a customer from the API and update the cache.
    Get {
        /// Customer id.
        id: String,
    },
    /// Delete a customer.
    Delete {
        /// Customer id.
        id: String,
    },
    /// List cached customers, offline.
    List {
        /// Words that must all occur in the id, name or e-mail.
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Include customers deleted on the server.
        #[arg(long)]
        include_deleted: bool,
        /// Rows to show (1 to 1000).
        #[arg(long, value_name = "N", default_value_t = 100)]
        limit: u32,
    },
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Every profile in both modes, each with its keychain key, instead of --profile in
    /// --mode (not with NEUROPAY_API_KEY, which is the key of one profile and mode).
    #[arg(long)]
    pub all: bool,
    /// Requests in flight at once (1 to 16).
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub concurrency: usize,
    /// At most this many requests started per second.
    #[arg(long, value_name = "N")]
    pub rate: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// Cached checkouts matching the filters, one metadata column per key.
    Checkouts {
        #[command(flatten)]
        filter: FilterArgs,
        /// CSV file to write (replaced if it exists), or - for stdout.
        #[arg(long, value_name = "FILE.csv")]
        out: String,
    },
    /// Audit log entries, oldest first.
    Audit {
        /// Entries at or after: YYYY-MM-DD (local time) or RFC 3339.
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// CSV file to write (replaced if it exists), or - for stdout.
        #[arg(long, value_name = "FILE.csv")]
        out: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Audit entries, newest first; only --profile's (and --mode's) when given.
    List {
        /// Entries at or after: YYYY-MM-DD (local time) or RFC 3339.
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only this action, e.g. key_set or profile_created.
        #[arg(long, value_name = "ACTION")]
        action: Option<String>,
        /// Entries to show (1 to 10000).
        #[arg(long, value_name = "N", default_value_t = 200)]
        limit: u32,
    },
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, value_name = "P", default_value_t = 0)]
    pub port: u16,
    /// Seed this many demo checkouts.
    #[arg(long, value_name = "N")]
    pub seed: Option<usize>,
}
