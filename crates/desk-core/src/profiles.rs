//! Profiles: one per merchant account, each with a test and a live environment.
//!
//! Deleting a profile also touches the keychain, so it lives in [`crate::desk::Desk`];
//! this module holds the validation, the rows and the guard-rail checks.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use url::{Host, Url};

use crate::audit::{AuditEvent, AuditRecord};
use crate::db::{from_ms, to_ms, Store};
use crate::error::{Error, Result};
use crate::mode::Mode;

/// Longest profile name, in characters.
pub const MAX_NAME_CHARS: usize = 60;

/// Identifier of a profile: 32 lowercase hex characters when we generate it.
/// Serialised as the bare string (serde's default for a newtype struct).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ProfileId(String);

impl ProfileId {
    /// Accepts 1..=64 ASCII letters, digits, `-` or `_`: the id becomes part of a keychain
    /// entry name (`<id>/test`), so a `/` or whitespace could alias another entry.
    pub fn new(s: impl Into<String>) -> Result<Self> {
        let s = s.into();
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(ProfileId(s))
        } else {
            Err(Error::invalid(
                "profile_id",
                "must be 1-64 letters, digits, '-' or '_'",
            ))
        }
    }

    /// A fresh random id.
    pub fn generate() -> Self {
        ProfileId(uuid::Uuid::new_v4().simple().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ProfileId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl ToSql for ProfileId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.as_str()))
    }
}

impl FromSql for ProfileId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(ProfileId(value.as_str()?.to_owned()))
    }
}

/// Optional limits on what the desk may do in a profile's live mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GuardRails {
    /// Live mode may read and sync but never write.
    #[serde(default)]
    pub live_read_only: bool,
    /// Largest single live refund, in minor units of the checkout's currency.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub live_refund_cap: Option<i64>,
}

impl GuardRails {
    /// Refuses any write in live mode when the profile is live read-only.
    pub fn check_write(&self, mode: Mode) -> Result<()> {
        if mode.is_live() && self.live_read_only {
            return Err(Error::GuardRail {
                message: "this profile's live mode is read-only; change it in the profile \
                          settings to allow writes"
                    .to_owned(),
            });
        }
        Ok(())
    }

    /// Refuses a live refund above the cap (and any live write when read-only).
    pub fn check_refund(&self, mode: Mode, amount_minor: i64) -> Result<()> {
        self.check_write(mode)?;
        match self.live_refund_cap {
            Some(cap) if mode.is_live() && amount_minor > cap => Err(Error::GuardRail {
                message: format!(
                    "refund of {amount_minor} (minor units) exceeds this profile's live refund \
                     cap of {cap}"
                ),
            }),
            _ => Ok(()),
        }
    }

    fn validate(&self) -> Result<()> {
        if self.live_refund_cap.is_some_and(|c| c < 0) {
            return Err(Error::invalid("live_refund_cap", "must not be negative"));
        }
        Ok(())
    }
}

/// A merchant account as the desk knows it. The API keys are in the keychain, not here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Profile {
    pub id: ProfileId,
    pub name: String,
    /// `#rrggbb`, lowercase.
    pub color: String,
    /// API base URL without a trailing slash.
    pub base_url: String,
    pub guard_rails: GuardRails,
    /// The profile of the embedded simulator (started by the app itself on first run).
    #[serde(default)]
    pub is_sandbox: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the UI sends to create a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewProfile {
    pub name: String,
    pub color: String,
    pub base_url: String,
    #[serde(default)]
    pub guard_rails: GuardRails,
}

/// Trims; refuses empty, longer than 60 characters, or containing control characters.
pub fn validate_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "must not be empty"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid(
            "name",
            format!("must be at most {MAX_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid(
            "name",
            "must not contain control characters",
        ));
    }
    Ok(name.to_owned())
}

/// Accepts `#rrggbb` (any case) and returns it lowercase.
pub fn validate_color(color: &str) -> Result<String> {
    let c = color.trim();
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if !ok {
        return Err(Error::invalid("color", "must be #rrggbb"));
    }
    Ok(c.to_ascii_lowercase())
}

/// Accepts an https URL, or an http URL to a loopback host (the local simulator); refuses
/// credentials, query and fragment. Returns it normalised without a trailing slash.
pub fn validate_base_url(url: &str) -> Result<String> {
    let parsed = Url::parse(url.trim())
        .map_err(|e| Error::invalid("base_url", format!("not a valid URL ({e})")))?;
    let host = parsed
        .host()
        .ok_or_else(|| Error::invalid("base_url", "must name a host"))?;
    match parsed.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(Error::invalid(
                "base_url",
                "plain http is only allowed for a local address (127.0.0.1, ::1, localhost); \
                 use https",
            ))
        }
        other => {
            return Err(Error::invalid(
                "base_url",
                format!("scheme {other} is not supported; use https"),
            ))
        }
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::invalid(
            "base_url",
            "must not contain a user or password",
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::invalid("base_url", "must not contain ? or #"));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Ipv4(a) => IpAddr::V4(*a).is_loopback(),
        Host::Ipv6(a) => IpAddr::V6(*a).is_loopback(),
        Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
    }
}

const PROFILE_COLUMNS: &str = "id, name, color, base_url, live_read_only, live_refund_cap, \
    created_at, updated_at, is_sandbox";

fn profile_from_row(row: &Row<'_>) -> rusqlite::Result<(Profile, i64, i64)> {
    let created: i64 = row.get(6)?;
    let updated: i64 = row.get(7)?;
    Ok((
        Profile {
            id: row.get(0)?,
            name: row.get(1)?,
            color: row.get(2)?,
            base_url: row.get(3)?,
            guard_rails: GuardRails {
                live_read_only: row.get(4)?,
                live_refund_cap: row.get(5)?,
            },
            is_sandbox: row.get(8)?,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
        },
        created,
        updated,
    ))
}

fn finish(parts: (Profile, i64, i64)) -> Result<Profile> {
    let (mut p, created, updated) = parts;
    p.created_at = from_ms(created)?;
    p.updated_at = from_ms(updated)?;
    Ok(p)
}

/// Reads one profile inside an existing connection or transaction.
pub(crate) fn get_in(conn: &Connection, id: &ProfileId) -> Result<Profile> {
    let sql = format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE id = ?1");
    conn.query_row(&sql, [id], profile_from_row)
        .optional()?
        .map(finish)
        .transpose()?
        .ok_or_else(|| Error::not_found(format!("profile {id}")))
}

/// True when the profile has checkouts, customers or journal rows in either mode.
pub(crate) fn has_cached_data_in(conn: &Connection, id: &ProfileId) -> Result<bool> {
    let found: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM checkouts WHERE profile_id = ?1)
             OR EXISTS (SELECT 1 FROM customers WHERE profile_id = ?1)
             OR EXISTS (SELECT 1 FROM journal WHERE profile_id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    Ok(found)
}

fn map_unique(e: rusqlite::Error, name: &str) -> Error {
    match &e {
        rusqlite::Error::SqliteFailure(f, msg)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
        {
            let what = if msg.as_deref().is_some_and(|m| m.contains("is_sandbox")) {
                "a sandbox profile".to_owned()
            } else {
                format!("a profile named \"{name}\"")
            };
            Error::AlreadyExists { what }
        }
        _ => e.into(),
    }
}

impl Store {
    /// Creates a profile (audited).
    pub fn create_profile(&self, new: &NewProfile) -> Result<Profile> {
        self.insert_profile(new, false)
    }

    /// Creates the embedded simulator's profile; refused when one exists already.
    pub(crate) fn create_sandbox_profile(&self, new: &NewProfile) -> Result<Profile> {
        self.insert_profile(new, true)
    }

    fn insert_profile(&self, new: &NewProfile, is_sandbox: bool) -> Result<Profile> {
        let name = validate_name(&new.name)?;
        let color = validate_color(&new.color)?;
        let base_url = validate_base_url(&new.base_url)?;
        new.guard_rails.validate()?;
        let id = ProfileId::generate();
        let now = to_ms(Utc::now());
        self.write(|tx| {
            tx.execute(
                "INSERT INTO profiles (id, name, color, base_url, live_read_only,
                                       live_refund_cap, created_at, updated_at, is_sandbox)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                params![
                    id,
                    name,
                    color,
                    base_url,
                    new.guard_rails.live_read_only,
                    new.guard_rails.live_refund_cap,
                    now,
                    is_sandbox
                ],
            )
            .map_err(|e| map_unique(e, &name))?;
            let event = AuditEvent::ProfileCreated {
                name: name.clone(),
                color: color.clone(),
                base_url: base_url.clone(),
            };
            self.append_audit_in(tx, &AuditRecord::success(event).profile(&id))?;
            get_in(tx, &id)
        })
    }

    /// Every profile, by name.
    pub fn list_profiles(&self) -> Result<Vec<Profile>> {
        self.read(|conn| {
            let sql = format!("SELECT {PROFILE_COLUMNS} FROM profiles ORDER BY name, id");
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map([], profile_from_row)?;
            rows.map(|r| finish(r?)).collect()
        })
    }

    /// One profile, or `not_found`.
    pub fn get_profile(&self, id: &ProfileId) -> Result<Profile> {
        self.read(|conn| get_in(conn, id))
    }

    /// Renames a profile (names are unique, case-insensitively).
    pub fn rename_profile(&self, id: &ProfileId, name: &str) -> Result<Profile> {
        let name = validate_name(name)?;
        self.update_profile(id, |tx, old| {
            tx.execute(
                "UPDATE profiles SET name = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, name, to_ms(Utc::now())],
            )
            .map_err(|e| map_unique(e, &name))?;
            Ok(AuditEvent::ProfileRenamed {
                from: old.name.clone(),
                to: name.clone(),
            })
        })
    }

    /// Changes a profile's colour.
    pub fn recolor_profile(&self, id: &ProfileId, color: &str) -> Result<Profile> {
        let color = validate_color(color)?;
        self.update_profile(id, |tx, old| {
            tx.execute(
                "UPDATE profiles SET color = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, color, to_ms(Utc::now())],
            )?;
            Ok(AuditEvent::ProfileRecolored {
                from: old.color.clone(),
                to: color.clone(),
            })
        })
    }

    /// Points a profile at another API base URL.
    pub fn set_profile_base_url(&self, id: &ProfileId, base_url: &str) -> Result<Profile> {
        let base_url = validate_base_url(base_url)?;
        self.update_profile(id, |tx, old| {
            tx.execute(
                "UPDATE profiles SET base_url = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, base_url, to_ms(Utc::now())],
            )?;
            Ok(AuditEvent::ProfileBaseUrlChanged {
                from: old.base_url.clone(),
                to: base_url.clone(),
            })
        })
    }

    /// Replaces a profile's guard rails.
    pub fn set_guard_rails(&self, id: &ProfileId, rails: GuardRails) -> Result<Profile> {
        rails.validate()?;
        self.update_profile(id, |tx, _old| {
            tx.execute(
                "UPDATE profiles SET live_read_only = ?2, live_refund_cap = ?3, updated_at = ?4
                 WHERE id = ?1",
                params![
                    id,
                    rails.live_read_only,
                    rails.live_refund_cap,
                    to_ms(Utc::now())
                ],
            )?;
            Ok(AuditEvent::GuardRailsChanged {
                live_read_only: rails.live_read_only,
                live_refund_cap: rails.live_refund_cap,
            })
        })
    }

    /// True when deleting the profile would discard cached checkouts, customers or
    /// journal rows (so it needs `purge_cache: true`).
    pub fn profile_has_cached_data(&self, id: &ProfileId) -> Result<bool> {
        self.read(|conn| {
            get_in(conn, id)?;
            has_cached_data_in(conn, id)
        })
    }

    /// Deletes the profile row and, through ON DELETE CASCADE, its cached data; refuses
    /// with `confirmation_required` when there is data and `purge_cache` is false.
    /// The keychain half of the deletion is [`crate::desk::Desk::delete_profile`].
    pub(crate) fn delete_profile_rows(&self, id: &ProfileId, purge_cache: bool) -> Result<()> {
        self.write(|tx| {
            let profile = get_in(tx, id)?;
            if !purge_cache && has_cached_data_in(tx, id)? {
                return Err(confirmation_required(&profile.name));
            }
            tx.execute("DELETE FROM profiles WHERE id = ?1", [id])?;
            let event = AuditEvent::ProfileDeleted {
                name: profile.name,
                purged_cache: purge_cache,
            };
            self.append_audit_in(tx, &AuditRecord::success(event).profile(id))?;
            Ok(())
        })
    }

    fn update_profile(
        &self,
        id: &ProfileId,
        change: impl FnOnce(&Connection, &Profile) -> Result<AuditEvent>,
    ) -> Result<Profile> {
        self.write(|tx| {
            let old = get_in(tx, id)?;
            let event = change(tx, &old)?;
            self.append_audit_in(tx, &AuditRecord::success(event).profile(id))?;
            get_in(tx, id)
        })
    }
}

pub(crate) fn confirmation_required(name: &str) -> Error {
    Error::ConfirmationRequired {
        message: format!(
            "profile \"{name}\" has cached checkouts, customers or journal entries; \
             confirm deleting them too (purge_cache: true)"
        ),
    }
}
