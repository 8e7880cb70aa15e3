//! The fault schedule, and counting the faults the client met, attempt by attempt, from
//! neuropay's own trace events ("neuropay request", "neuropay attempt failed").

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use neuropay_sandbox::Faults;
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// Writes sent through the closed-port route run inside a span of this name, so their
/// failed connection attempts are told from replies dropped by the simulator.
pub const REFUSED_SPAN: &str = "soak_refused";

/// The faults of segment `n` of the run, and whether they add latency.
pub fn schedule(n: usize) -> (Faults, bool) {
    let ms = Duration::from_millis;
    let f = match n % 6 {
        0 => Faults::default(),
        1 => Faults {
            latency: ms(3),
            ..Faults::default()
        },
        2 => Faults {
            drop_after_apply_rate: 0.15,
            ..Faults::default()
        },
        3 => Faults {
            error_rate: 0.2,
            ..Faults::default()
        },
        4 => Faults {
            rate_429: 0.04,
            retry_after: Duration::from_secs(1),
            ..Faults::default()
        },
        _ => Faults {
            latency: ms(1),
            error_rate: 0.05,
            drop_after_apply_rate: 0.05,
            rate_429: 0.02,
            retry_after: Duration::from_secs(1),
            ..Faults::default()
        },
    };
    let latency = !f.latency.is_zero();
    (f, latency)
}

#[derive(Debug, Default)]
struct Inner {
    counts: Mutex<BTreeMap<String, usize>>,
    latency_on: AtomicBool,
}

/// Counts faults by kind. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct FaultCounter {
    inner: Arc<Inner>,
}

impl FaultCounter {
    /// Installs the process-wide subscriber (this test binary has one test).
    pub fn install() -> FaultCounter {
        let counter = FaultCounter::default();
        let layer = CountLayer(counter.inner.clone()).with_filter(filter_fn(|m| {
            m.target().starts_with("neuropay::") || m.name() == REFUSED_SPAN
        }));
        tracing_subscriber::registry()
            .with(layer)
            .try_init()
            .expect("the soak installs the only subscriber");
        counter
    }

    pub fn set_latency(&self, on: bool) {
        self.inner.latency_on.store(on, Ordering::SeqCst);
    }

    pub fn snapshot(&self) -> BTreeMap<String, usize> {
        self.inner.counts.lock().expect("counts").clone()
    }
}

struct CountLayer(Arc<Inner>);

#[derive(Default)]
struct Fields {
    message: String,
    code: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "code" {
            self.code = value.to_owned();
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => self.message = format!("{value:?}"),
            "code" => self.code = format!("{value:?}").trim_matches('"').to_owned(),
            _ => {}
        }
    }
}

impl<S> Layer<S> for CountLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut f = Fields::default();
        event.record(&mut f);
        let refused_route = || {
            ctx.event_scope(event)
                .is_some_and(|mut scope| scope.any(|s| s.name() == REFUSED_SPAN))
        };
        let kind = match f.message.as_str() {
            "neuropay request" if self.0.latency_on.load(Ordering::SeqCst) && !refused_route() => {
                "latency"
            }
            "neuropay attempt failed" => match f.code.as_str() {
                "offline" if refused_route() => "connection_refused",
                "offline" => "reply_dropped",
                "server_error" => "server_error",
                "rate_limited" => "rate_limited",
                "timeout" => "timeout",
                _ => "other_retry",
            },
            _ => return,
        };
        *self
            .0
            .counts
            .lock()
            .expect("counts")
            .entry(kind.to_owned())
            .or_default() += 1;
    }
}
