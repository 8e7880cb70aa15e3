//! Fault injection: latency, 5xx, random 429s, dropped replies and a per-key rate limit.
//!
//! Decisions are rolled from a seedable RNG, so a fault test replays identically.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// What the simulator does wrong on purpose. Applies only to `/checkout/*`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "FaultsWire", try_from = "FaultsWire")]
pub struct Faults {
    /// Added to every API request before it is handled.
    pub latency: Duration,
    /// Share of requests answered 500/502/503 without being applied.
    pub error_rate: f64,
    /// Share of requests applied, then answered by closing the connection.
    pub drop_after_apply_rate: f64,
    /// Share of requests answered 429 (with `Retry-After`) without being applied.
    pub rate_429: f64,
    /// The `Retry-After` of the random 429s.
    pub retry_after: Duration,
    /// Token bucket per API key: this many requests per second (burst of the same size).
    pub rate_limit_per_sec: Option<u32>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency: Duration::ZERO,
            error_rate: 0.0,
            drop_after_apply_rate: 0.0,
            rate_429: 0.0,
            retry_after: Duration::from_secs(1),
            rate_limit_per_sec: None,
        }
    }
}

impl Faults {
    /// Checks rates are shares in [0, 1] and the rate limit is positive.
    pub fn validate(&self) -> Result<(), String> {
        for (name, rate) in [
            ("error_rate", self.error_rate),
            ("drop_after_apply_rate", self.drop_after_apply_rate),
            ("rate_429", self.rate_429),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1, got {rate}"));
            }
        }
        if self.rate_limit_per_sec == Some(0) {
            return Err("rate_limit_per_sec must be at least 1 (or null for none)".into());
        }
        Ok(())
    }
}

impl Faults {
    /// The nearest valid faults: `Sandbox::set_faults` takes any value and must not panic.
    fn clamped(mut self) -> Self {
        let share = |r: f64| if r.is_nan() { 0.0 } else { r.clamp(0.0, 1.0) };
        self.error_rate = share(self.error_rate);
        self.drop_after_apply_rate = share(self.drop_after_apply_rate);
        self.rate_429 = share(self.rate_429);
        self.rate_limit_per_sec = self.rate_limit_per_sec.map(|r| r.max(1));
        self
    }
}

/// The JSON shape of `GET|PUT /_sandbox/faults`; absent fields take their defaults.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct FaultsWire {
    latency_ms: u64,
    error_rate: f64,
    drop_after_apply_rate: f64,
    rate_429: f64,
    retry_after_secs: u64,
    rate_limit_per_sec: Option<u32>,
}

impl Default for FaultsWire {
    fn default() -> Self {
        Faults::default().into()
    }
}

impl From<Faults> for FaultsWire {
    fn from(f: Faults) -> Self {
        FaultsWire {
            latency_ms: u64::try_from(f.latency.as_millis()).unwrap_or(u64::MAX),
            error_rate: f.error_rate,
            drop_after_apply_rate: f.drop_after_apply_rate,
            rate_429: f.rate_429,
            retry_after_secs: f.retry_after.as_secs_f64().ceil() as u64,
            rate_limit_per_sec: f.rate_limit_per_sec,
        }
    }
}

impl TryFrom<FaultsWire> for Faults {
    type Error = String;
    fn try_from(w: FaultsWire) -> Result<Self, String> {
        let f = Faults {
            latency: Duration::from_millis(w.latency_ms),
            error_rate: w.error_rate,
            drop_after_apply_rate: w.drop_after_apply_rate,
            rate_429: w.rate_429,
            retry_after: Duration::from_secs(w.retry_after_secs),
            rate_limit_per_sec: w.rate_limit_per_sec,
        };
        f.validate()?;
        Ok(f)
    }
}

/// A reply given instead of handling the request (nothing is applied).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Early {
    /// 429 with `Retry-After` in whole seconds; `limited` tells the bucket from a random roll.
    TooManyRequests {
        retry_after_secs: u64,
        limited: bool,
    },
    ServerError(u16),
}

/// What to do with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decision {
    pub latency: Duration,
    pub early: Option<Early>,
    pub drop_reply: bool,
}

/// Refills continuously at `rate` tokens per second up to `rate`.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// More distinct presented keys than this and the buckets start over: unknown keys are
/// attacker-chosen, the table must stay bounded.
const MAX_BUCKETS: usize = 10_000;

/// The current faults plus the state that rolls them.
#[derive(Debug)]
pub(crate) struct FaultEngine {
    faults: Faults,
    rng: StdRng,
    buckets: HashMap<String, Bucket>,
}

impl FaultEngine {
    pub fn new(faults: Faults, rng_seed: u64) -> Self {
        FaultEngine {
            faults: faults.clamped(),
            // Offset so fault rolls don't mirror the data RNG seeded from the same number.
            rng: StdRng::seed_from_u64(rng_seed ^ 0xfa17_fa17_fa17_fa17),
            buckets: HashMap::new(),
        }
    }

    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    pub fn set(&mut self, faults: Faults) {
        let faults = faults.clamped();
        if faults.rate_limit_per_sec != self.faults.rate_limit_per_sec {
            self.buckets.clear();
        }
        self.faults = faults;
    }

    /// Decides the fate of one API request presented with `bucket_key` (a key hash).
    pub fn decide(&mut self, bucket_key: &str, now: Instant) -> Decision {
        let f = self.faults.clone();
        let mut early = None;
        if let Some(rate) = f.rate_limit_per_sec {
            if let Err(wait) = self.take_token(bucket_key, rate, now) {
                early = Some(Early::TooManyRequests {
                    retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
                    limited: true,
                });
            }
        }
        if early.is_none() && self.roll(f.rate_429) {
            early = Some(Early::TooManyRequests {
                retry_after_secs: f.retry_after.as_secs_f64().ceil() as u64,
                limited: false,
            });
        }
        if early.is_none() && self.roll(f.error_rate) {
            let code = [500, 502, 503][self.rng.random_range(0..3)];
            early = Some(Early::ServerError(code));
        }
        let drop_reply = early.is_none() && self.roll(f.drop_after_apply_rate);
        Decision {
            latency: f.latency,
            early,
            drop_reply,
        }
    }

    fn roll(&mut self, rate: f64) -> bool {
        rate > 0.0 && self.rng.random::<f64>() < rate
    }

    fn take_token(&mut self, key: &str, rate: u32, now: Instant) -> Result<(), Duration> {
        if self.buckets.len() >= MAX_BUCKETS && !self.buckets.contains_key(key) {
            self.buckets.clear();
        }
        let cap = f64::from(rate);
        let bucket = self.buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: cap,
            last: now,
        });
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * cap).min(cap);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / cap))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_burst_then_refuses_then_refills() {
        let mut e = FaultEngine::new(
            Faults {
                rate_limit_per_sec: Some(3),
                ..Faults::default()
            },
            1,
        );
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(e.decide("k", t0).early, None);
        }
        let refused = e.decide("k", t0).early;
        assert_eq!(
            refused,
            Some(Early::TooManyRequests {
                retry_after_secs: 1,
                limited: true
            })
        );
        // Another key has its own bucket.
        assert_eq!(e.decide("other", t0).early, None);
        // A third of a second later one token is back.
        let t1 = t0 + Duration::from_millis(340);
        assert_eq!(e.decide("k", t1).early, None);
        assert!(e.decide("k", t1).early.is_some());
    }

    #[test]
    fn rolls_are_deterministic_and_near_the_rate() {
        let faults = Faults {
            error_rate: 0.3,
            ..Faults::default()
        };
        let run = || {
            let mut e = FaultEngine::new(faults.clone(), 7);
            (0..1000)
                .map(|_| e.decide("k", Instant::now()).early)
                .collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        let errors = a.iter().filter(|d| d.is_some()).count();
        assert!((250..350).contains(&errors), "{errors}");
        for code in [500, 502, 503] {
            assert!(a.contains(&Some(Early::ServerError(code))), "{code}");
        }
    }

    #[test]
    fn out_of_range_faults_are_clamped_not_panicking() {
        let mut e = FaultEngine::new(Faults::default(), 3);
        e.set(Faults {
            error_rate: f64::NAN,
            rate_429: -1.0,
            drop_after_apply_rate: 7.0,
            rate_limit_per_sec: Some(0),
            ..Faults::default()
        });
        assert_eq!(e.faults().error_rate, 0.0);
        assert_eq!(e.faults().rate_429, 0.0);
        assert_eq!(e.faults().rate_limit_per_sec, Some(1));
        let t = Instant::now();
        assert!(e.decide("k", t).drop_reply);
        assert!(e.decide("k", t).early.is_some(), "one per second");
    }

    #[test]
    fn wire_round_trip_and_validation() {
        let f = Faults {
            latency: Duration::from_millis(250),
            error_rate: 0.1,
            drop_after_apply_rate: 0.2,
            rate_429: 0.05,
            retry_after: Duration::from_secs(2),
            rate_limit_per_sec: Some(5),
        };
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["latency_ms"], 250);
        assert_eq!(json["retry_after_secs"], 2);
        assert_eq!(serde_json::from_value::<Faults>(json).unwrap(), f);
        let partial: Faults = serde_json::from_str(r#"{"rate_429": 1.0}"#).unwrap();
        assert_eq!(partial.rate_429, 1.0);
        assert_eq!(partial.retry_after, Duration::from_secs(1));
        assert!(serde_json::from_str::<Faults>(r#"{"error_rate": 1.5}"#).is_err());
        assert!(serde_json::from_str::<Faults>(r#"{"rate_limit_per_sec": 0}"#).is_err());
        assert!(serde_json::from_str::<Faults>(r#"{"typo": 1}"#).is_err());
    }
}
