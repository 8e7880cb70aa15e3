//! The cache queries measured on the 1M-row fixture, each runnable through desk-core (the
//! app's path) and as SQL text for the sqlite3 shell.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use desk_core::cache::sql_text::{lookup_sql_text, page_sql_text, totals_sql_text};
use desk_core::{ListQuery, Mode, ProfileId, Store};
use serde::{Deserialize, Serialize};

/// What `desk-bench fixture` wrote, saved beside the database for the later steps.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixtureInfo {
    pub db: PathBuf,
    pub profile_id: String,
    pub mode: Mode,
    pub rows: usize,
    /// The fixture's "now": date ranges are relative to it.
    pub now: DateTime<Utc>,
    /// A checkout id known to exist (point lookups).
    pub sample_id: String,
    /// An order number known to exist (metadata search).
    pub sample_order: String,
}

impl FixtureInfo {
    pub fn sidecar(db: &Path) -> PathBuf {
        db.with_extension("json")
    }

    pub fn load(db: &Path) -> Result<FixtureInfo, String> {
        let path = Self::sidecar(db);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: {e} (run `desk-bench fixture` first)", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn save(&self) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(Self::sidecar(&self.db), text).map_err(|e| e.to_string())
    }

    pub fn profile(&self) -> ProfileId {
        ProfileId::new(self.profile_id.clone()).expect("fixture profile id")
    }

    fn list(&self) -> ListQuery {
        ListQuery::new(self.profile(), self.mode)
    }
}

/// What a scenario runs.
#[derive(Debug, Clone)]
pub enum Query {
    /// One page of rows (what the list shows first, and what scrolling fetches).
    Page(ListQuery),
    /// A page and the totals of the whole filtered set in one call.
    PageAndTotals(ListQuery),
    /// Only the totals (the list asks for them beside the first page).
    Totals(ListQuery),
    /// One checkout by id.
    Lookup(String),
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: &'static str,
    pub query: Query,
    /// p95 target in ms (list pages 20, searches 50).
    pub target_p95_ms: Option<f64>,
    /// Largest allowed ratio to the sqlite3 shell.
    pub max_ratio: Option<f64>,
}

pub fn scenarios(info: &FixtureInfo) -> Vec<Scenario> {
    let recent = ListQuery {
        statuses: vec!["paid".into(), "partialRefund".into(), "refunded".into()],
        created_from: Some(info.now - Duration::days(90)),
        created_to: Some(info.now),
        ..info.list()
    };
    let search = |text: &str| ListQuery {
        search: Some(text.to_owned()),
        ..info.list()
    };
    let list = |name, query, ms| Scenario {
        name,
        query,
        target_p95_ms: Some(ms),
        max_ratio: Some(1.5),
    };
    let searched = |name, query| Scenario {
        name,
        query,
        target_p95_ms: Some(50.0),
        max_ratio: None,
    };
    let info_only = |name, query| Scenario {
        name,
        query,
        target_p95_ms: None,
        max_ratio: None,
    };
    let order = &info.sample_order;
    vec![
        list(
            "page: status + 90 days + newest first",
            Query::Page(recent.clone()),
            20.0,
        ),
        list(
            "page + count + sums: status + 90 days",
            Query::PageAndTotals(recent),
            20.0,
        ),
        list(
            "page: everything, newest first",
            Query::Page(info.list()),
            20.0,
        ),
        list("count + sums: everything", Query::Totals(info.list()), 20.0),
        searched(
            "search text \"nakamura\" (7% of rows): first page",
            Query::Page(search("nakamura")),
        ),
        searched(
            "search text \"ORD-<n>\": page + count + sums",
            Query::PageAndTotals(search(&format!("ORD-{order}"))),
        ),
        searched(
            "search metadata order:<n>: page + count + sums",
            Query::PageAndTotals(search(&format!("order:{order}"))),
        ),
        searched(
            "search metadata channel:pos (33% of rows): first page",
            Query::Page(search("channel:pos")),
        ),
        info_only(
            "search \"nakamura\": count + sums",
            Query::Totals(search("nakamura")),
        ),
        info_only(
            "search channel:pos: count + sums",
            Query::Totals(search("channel:pos")),
        ),
        info_only("point lookup by id", Query::Lookup(info.sample_id.clone())),
    ]
}

impl Scenario {
    /// Runs it through desk-core; returns how many rows came back.
    pub fn run(&self, store: &Store, info: &FixtureInfo) -> desk_core::Result<usize> {
        Ok(match &self.query {
            Query::Page(q) => store.checkout_page(q)?.rows.len(),
            Query::PageAndTotals(q) => store.list_checkouts(q)?.rows.len(),
            Query::Totals(q) => store.checkout_totals(q)?.per_currency.len(),
            Query::Lookup(id) => {
                store.get_checkout(&info.profile(), info.mode, id)?;
                1
            }
        })
    }

    /// The statements desk-core runs for it, as text for the shell.
    pub fn sql(&self, store: &Store, info: &FixtureInfo) -> desk_core::Result<Vec<String>> {
        Ok(match &self.query {
            Query::Page(q) => vec![page_sql_text(store, q, info.now)?],
            Query::PageAndTotals(q) => {
                let mut all = vec![page_sql_text(store, q, info.now)?];
                all.extend(totals_sql_text(store, q, info.now)?);
                all
            }
            Query::Totals(q) => totals_sql_text(store, q, info.now)?,
            Query::Lookup(id) => vec![lookup_sql_text(&info.profile(), info.mode, id)?],
        })
    }
}
