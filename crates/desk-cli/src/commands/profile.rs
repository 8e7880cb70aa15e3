//! `npdesk profile ...`: the profiles the app shows, in the same database.

use desk_core::{GuardRails, NewProfile, Profile};
use serde_json::json;

use crate::args;
use crate::cli::ProfileCmd;
use crate::context::Ctx;
use crate::error::CliError;
use crate::output::list_json;
use crate::table::{fields, Align, Table};

pub async fn run(ctx: &Ctx, cmd: ProfileCmd) -> Result<(), CliError> {
    match cmd {
        ProfileCmd::Add {
            name,
            base_url,
            color,
        } => add(ctx, name, base_url, color).await,
        ProfileCmd::List => list(ctx).await,
        ProfileCmd::Remove { name, purge_cache } => remove(ctx, &name, purge_cache).await,
        ProfileCmd::Rename { name, new_name } => {
            let p = ctx.named_profile(&name).await?;
            let updated = ctx
                .desk
                .db(move |s| s.rename_profile(&p.id, &new_name))
                .await?;
            show(ctx, &updated)
        }
        ProfileCmd::Set {
            name,
            base_url,
            color,
            live_read_only,
            refund_cap,
        } => {
            let cap = refund_cap.as_deref().map(args::refund_cap).transpose()?;
            if base_url.is_none() && color.is_none() && live_read_only.is_none() && cap.is_none() {
                return Err(CliError::invalid(
                    "profile set",
                    "nothing to change: give --base-url, --color, --live-read-only or \
                     --refund-cap",
                ));
            }
            // Checked together first, so a bad value leaves every setting unchanged.
            if let Some(url) = &base_url {
                desk_core::profiles::validate_base_url(url)?;
            }
            if let Some(c) = &color {
                desk_core::profiles::validate_color(c)?;
            }
            let p = ctx.named_profile(&name).await?;
            let updated = ctx
                .desk
                .db(move |s| {
                    let mut current = p.clone();
                    if let Some(url) = &base_url {
                        current = s.set_profile_base_url(&p.id, url)?;
                    }
                    if let Some(c) = &color {
                        current = s.recolor_profile(&p.id, c)?;
                    }
                    if live_read_only.is_some() || cap.is_some() {
                        let rails = GuardRails {
                            live_read_only: live_read_only
                                .unwrap_or(current.guard_rails.live_read_only),
                            live_refund_cap: match cap {
                                Some(c) => c,
                                None => current.guard_rails.live_refund_cap,
                            },
                        };
                        current = s.set_guard_rails(&p.id, rails)?;
                    }
                    Ok(current)
                })
                .await?;
            show(ctx, &updated)
        }
    }
}

async fn add(ctx: &Ctx, name: String, base_url: String, color: String) -> Result<(), CliError> {
    let new = NewProfile {
        name,
        color,
        base_url,
        guard_rails: GuardRails::default(),
    };
    let p = ctx.desk.db(move |s| s.create_profile(&new)).await?;
    show(ctx, &p)
}

async fn list(ctx: &Ctx) -> Result<(), CliError> {
    let profiles = ctx.desk.db(|s| s.list_profiles()).await?;
    let doc = list_json(&profiles, profiles.len() as i64, Default::default())?;
    ctx.out.emit(&doc, |_| {
        if profiles.is_empty() {
            return "No profiles. Add one with `npdesk profile add NAME --base-url URL`.\n"
                .to_owned();
        }
        let mut t = Table::new(&[
            ("NAME", Align::Left),
            ("BASE URL", Align::Left),
            ("COLOR", Align::Left),
            ("LIVE GUARD RAILS", Align::Left),
            ("ID", Align::Left),
        ]);
        for p in &profiles {
            t.row(vec![
                if p.is_sandbox {
                    format!("{} (simulator)", p.name)
                } else {
                    p.name.clone()
                },
                p.base_url.clone(),
                p.color.clone(),
                rails_text(&p.guard_rails),
                p.id.to_string(),
            ]);
        }
        t.render()
    })
}

async fn remove(ctx: &Ctx, name: &str, purge_cache: bool) -> Result<(), CliError> {
    let p = ctx.named_profile(name).await?;
    ctx.desk.delete_profile(&p.id, purge_cache).await?;
    let doc = json!({
        "id": p.id,
        "name": p.name,
        "removed": true,
        "purgedCache": purge_cache,
    });
    ctx.out.emit(&doc, |_| {
        format!(
            "Removed profile {} and its keychain entries{}.\n",
            p.name,
            if purge_cache {
                ", with its cached data"
            } else {
                ""
            }
        )
    })
}

fn show(ctx: &Ctx, p: &Profile) -> Result<(), CliError> {
    ctx.out.emit(p, |p| {
        fields(&[
            ("name", p.name.clone()),
            ("id", p.id.to_string()),
            ("base url", p.base_url.clone()),
            ("color", p.color.clone()),
            ("live guard rails", rails_text(&p.guard_rails)),
        ])
    })
}

fn rails_text(r: &GuardRails) -> String {
    let mut parts = Vec::new();
    if r.live_read_only {
        parts.push("read-only".to_owned());
    }
    if let Some(cap) = r.live_refund_cap {
        parts.push(format!("refund cap {cap} (minor units)"));
    }
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}
