//! `npdesk key ...`: the API key of a profile's mode, in the OS keychain. The key is read
//! from stdin or a hidden prompt, never from the command line, and only its masked form
//! is ever printed.

use std::io::{IsTerminal, Read};

use desk_core::{KeyStatus, Mode, Profile, VaultState};
use neuropay::ApiKey;
use serde_json::json;

use crate::cli::KeyCmd;
use crate::context::{Ctx, API_KEY_ENV};
use crate::error::CliError;
use crate::table::{fields, Align, Table};

pub async fn run(ctx: &Ctx, cmd: KeyCmd) -> Result<(), CliError> {
    let profile = ctx.profile().await?;
    let mode = ctx.mode();
    match cmd {
        KeyCmd::Set => set(ctx, &profile, mode).await,
        KeyCmd::Status => status(ctx, &profile).await,
        KeyCmd::Test => test(ctx, &profile, mode).await,
        KeyCmd::Delete => delete(ctx, &profile, mode).await,
    }
}

/// Reads the key: all of stdin when it is not a terminal, else a prompt without echo.
fn read_key(profile: &Profile, mode: Mode) -> Result<ApiKey, CliError> {
    let text = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!(
            "API key for {} ({mode} mode, input hidden): ",
            profile.name
        ))
        .map_err(|e| CliError::Io(format!("cannot read the key from the terminal: {e}")))?
    } else {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| CliError::Io(format!("cannot read the key from stdin: {e}")))?;
        s
    };
    ApiKey::new(text).map_err(|e| match e {
        neuropay::Error::InvalidInput { reason, .. } => CliError::invalid("API key", reason),
        other => CliError::Api(other),
    })
}

async fn set(ctx: &Ctx, profile: &Profile, mode: Mode) -> Result<(), CliError> {
    let key = read_key(profile, mode)?;
    let status = ctx.desk.set_key(&profile.id, mode, key).await?;
    let doc = json!({
        "profile": profile.name,
        "profileId": profile.id,
        "mode": status.mode,
        "present": status.present,
        "masked": status.masked,
    });
    ctx.out.emit(&doc, |_| {
        format!(
            "Stored the {mode} key {} for {} in the keychain.\n",
            status.masked.as_deref().unwrap_or("…"),
            profile.name
        )
    })
}

async fn status(ctx: &Ctx, profile: &Profile) -> Result<(), CliError> {
    let keychain = ctx.desk.vault().state().await;
    // A keychain that cannot be read still gets a status report, with the reason.
    let (keys, keys_error): (Vec<KeyStatus>, Option<String>) =
        match ctx.desk.key_statuses(&profile.id).await {
            Ok(k) => (k, None),
            Err(e @ desk_core::Error::NotFound { .. }) => return Err(e.into()),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
    let env_key = ctx.env.api_key.as_ref().map(|k| k.masked());
    let doc = json!({
        "profile": profile.name,
        "profileId": profile.id,
        "keychain": keychain,
        "keys": keys,
        "keysError": keys_error,
        "envOverride": env_key.as_ref().map(|m| json!({"variable": API_KEY_ENV, "masked": m})),
    });
    ctx.out.emit(&doc, |_| {
        let mut s = fields(&[
            ("profile", profile.name.clone()),
            (
                "keychain",
                format!("{} ({})", state_word(keychain.state), keychain.message),
            ),
        ]);
        if let Some(e) = &keys_error {
            s.push_str(&format!("keys unreadable: {e}\n"));
        }
        if !keys.is_empty() {
            let mut t = Table::new(&[("MODE", Align::Left), ("KEY", Align::Left)]);
            for k in &keys {
                t.row(vec![
                    k.mode.to_string(),
                    k.masked.clone().unwrap_or_else(|| "not set".to_owned()),
                ]);
            }
            s.push_str(&t.render());
        }
        if let Some(m) = &env_key {
            s.push_str(&format!(
                "{API_KEY_ENV} is set ({m}): this invocation uses it instead of the keychain\n"
            ));
        }
        s
    })
}

fn state_word(s: VaultState) -> &'static str {
    match s {
        VaultState::Available => "available",
        VaultState::Locked => "locked",
        VaultState::Absent => "absent",
    }
}

async fn test(ctx: &Ctx, profile: &Profile, mode: Mode) -> Result<(), CliError> {
    let scope = ctx.scope(profile, mode);
    let check = ctx.desk.test_connection(&scope).await?;
    if !check.ok {
        return Err(CliError::Reported {
            code: check.code,
            message: format!(
                "the {mode} key of {} was not accepted: {}",
                profile.name, check.message
            ),
        });
    }
    let doc = json!({
        "profile": profile.name,
        "profileId": profile.id,
        "mode": mode,
        "ok": check.ok,
        "code": check.code,
        "message": check.message,
    });
    ctx.out.emit(&doc, |_| {
        format!(
            "The {mode} key of {} is accepted by the API.\n",
            profile.name
        )
    })
}

async fn delete(ctx: &Ctx, profile: &Profile, mode: Mode) -> Result<(), CliError> {
    let existed = ctx.desk.delete_key(&profile.id, mode).await?;
    let doc = json!({
        "profile": profile.name,
        "profileId": profile.id,
        "mode": mode,
        "deleted": existed,
    });
    ctx.out.emit(&doc, |_| {
        if existed {
            format!(
                "Deleted the {mode} key of {} from the keychain.\n",
                profile.name
            )
        } else {
            format!("{} had no {mode} key in the keychain.\n", profile.name)
        }
    })
}
