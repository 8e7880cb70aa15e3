//! One invocation's surroundings: the desk (database + keychain), the chosen profile and
//! mode, the environment overrides and the output mode.

use std::path::PathBuf;

use desk_core::{Actor, ClientOverrides, Desk, Mode, Profile, Scope, Store, Vault, WriteCtx};
use neuropay::ApiKey;

use crate::cli::{GlobalOpts, ModeArg};
use crate::confirm::{self, Expect};
use crate::error::CliError;
use crate::output::Output;

/// Supplies the API key for this invocation instead of the keychain.
pub const API_KEY_ENV: &str = "NEUROPAY_API_KEY";
/// Overrides the profile's base URL for this invocation.
pub const BASE_URL_ENV: &str = "NEUROPAY_BASE_URL";

/// Values taken from the environment, validated up front.
#[derive(Debug, Clone, Default)]
pub struct EnvOverrides {
    pub api_key: Option<ApiKey>,
    pub base_url: Option<String>,
}

impl EnvOverrides {
    /// Reads both variables; an empty one counts as unset.
    pub fn from_env() -> Result<Self, CliError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let api_key = var(API_KEY_ENV)
            .map(|k| {
                ApiKey::new(k).map_err(|e| match e {
                    neuropay::Error::InvalidInput { reason, .. } => {
                        CliError::invalid(API_KEY_ENV, reason)
                    }
                    other => CliError::Api(other),
                })
            })
            .transpose()?;
        let base_url = var(BASE_URL_ENV)
            .map(|u| {
                desk_core::profiles::validate_base_url(&u).map_err(|e| match e {
                    desk_core::Error::InvalidInput { reason, .. } => {
                        CliError::invalid(BASE_URL_ENV, reason)
                    }
                    other => CliError::Core(other),
                })
            })
            .transpose()?;
        Ok(EnvOverrides { api_key, base_url })
    }
}

/// Everything a command needs.
#[derive(Debug)]
pub struct Ctx {
    pub desk: Desk,
    pub out: Output,
    pub global: GlobalOpts,
    pub env: EnvOverrides,
}

impl Ctx {
    /// Opens the cache database in the data directory and the OS keychain (lazily).
    pub fn open(global: GlobalOpts, env: EnvOverrides) -> Result<Ctx, CliError> {
        let dir = match &global.data_dir {
            Some(d) if !d.as_os_str().is_empty() => d.clone(),
            _ => desk_core::paths::data_dir()?,
        };
        let store = Store::open(db_path(dir))?;
        let desk = Desk::new(store, Vault::native()).with_overrides(ClientOverrides {
            api_key: env.api_key.clone(),
            base_url: env.base_url.clone(),
            retry: None,
        });
        Ok(Ctx {
            desk,
            out: Output::new(global.json),
            global,
            env,
        })
    }

    /// `--mode`, test unless given.
    pub fn mode(&self) -> Mode {
        match self.global.mode {
            Some(ModeArg::Live) => Mode::Live,
            Some(ModeArg::Test) | None => Mode::Test,
        }
    }

    /// The mode only when `--mode` was given (filters that default to "every mode").
    pub fn explicit_mode(&self) -> Option<Mode> {
        self.global.mode.map(|_| self.mode())
    }

    /// The profile named by `--profile`, or the only one.
    pub async fn profile(&self) -> Result<Profile, CliError> {
        let profiles = self.desk.db(|s| s.list_profiles()).await?;
        match &self.global.profile {
            Some(wanted) => find_profile(&profiles, wanted),
            None => only_profile(profiles),
        }
    }

    /// The partition an operation works on.
    pub fn scope(&self, profile: &Profile, mode: Mode) -> Scope {
        Scope {
            profile: profile.id.clone(),
            mode,
        }
    }

    /// The context of a write in `--mode`: the profile's guard rails are checked first,
    /// then a live write is confirmed (typed, or --yes). Nothing is sent before this.
    pub fn write_ctx(
        &self,
        profile: &Profile,
        summary: &str,
        expect: Expect,
    ) -> Result<WriteCtx, CliError> {
        let mode = self.mode();
        profile.guard_rails.check_write(mode)?;
        let live_confirmed = if mode.is_live() {
            confirm::live_write(self.global.yes, summary, &expect)?;
            true
        } else {
            false
        };
        Ok(WriteCtx {
            scope: self.scope(profile, mode),
            actor: Actor::Cli,
            live_confirmed,
        })
    }

    /// The profile named on the command line (`profile remove NAME`, ...).
    pub async fn named_profile(&self, name: &str) -> Result<Profile, CliError> {
        let profiles = self.desk.db(|s| s.list_profiles()).await?;
        find_profile(&profiles, name)
    }
}

fn db_path(dir: PathBuf) -> PathBuf {
    dir.join(desk_core::paths::DB_FILE_NAME)
}

/// By id, or by name ignoring case (names are unique ignoring case).
pub fn find_profile(profiles: &[Profile], wanted: &str) -> Result<Profile, CliError> {
    let w = wanted.trim();
    profiles
        .iter()
        .find(|p| p.id.as_str() == w)
        .or_else(|| profiles.iter().find(|p| p.name.eq_ignore_ascii_case(w)))
        .or_else(|| {
            profiles
                .iter()
                .find(|p| p.name.to_lowercase() == w.to_lowercase())
        })
        .cloned()
        .ok_or_else(|| {
            let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
            let known = if names.is_empty() {
                "there are no profiles yet".to_owned()
            } else {
                format!("profiles: {}", names.join(", "))
            };
            CliError::invalid("--profile", format!("no profile named {w:?} ({known})"))
        })
}

fn only_profile(mut profiles: Vec<Profile>) -> Result<Profile, CliError> {
    match profiles.len() {
        1 => Ok(profiles.remove(0)),
        0 => Err(CliError::invalid(
            "--profile",
            "no profile exists yet; create one with `npdesk profile add NAME --base-url URL`",
        )),
        _ => {
            let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
            Err(CliError::invalid(
                "--profile",
                format!(
                    "several profiles exist ({}); choose one with --profile",
                    names.join(", ")
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use desk_core::{GuardRails, ProfileId};

    fn profile(name: &str) -> Profile {
        Profile {
            id: ProfileId::generate(),
            name: name.into(),
            color: "#000000".into(),
            base_url: "https://api.neuro-admin.com".into(),
            guard_rails: GuardRails::default(),
            is_sandbox: false,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn finds_by_id_or_name() {
        let ps = vec![profile("Shop"), profile("Café")];
        assert_eq!(find_profile(&ps, "shop").unwrap().name, "Shop");
        assert_eq!(find_profile(&ps, "CAFÉ").unwrap().name, "Café");
        let id = ps[1].id.to_string();
        assert_eq!(find_profile(&ps, &id).unwrap().name, "Café");
        let e = find_profile(&ps, "nope").unwrap_err().to_string();
        assert!(e.contains("profiles: Shop, Café"), "{e}");
    }

    #[test]
    fn the_only_profile_is_the_default() {
        assert_eq!(only_profile(vec![profile("a")]).unwrap().name, "a");
        assert!(only_profile(vec![])
            .unwrap_err()
            .to_string()
            .contains("profile add"));
        assert!(only_profile(vec![profile("a"), profile("b")])
            .unwrap_err()
            .to_string()
            .contains("several profiles exist (a, b)"));
    }
}
