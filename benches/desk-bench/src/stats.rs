//! Percentiles of individual timings.

use std::time::Duration;

/// p50 and p95 (nearest rank) of a set of timings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub p50: Duration,
    pub p95: Duration,
}

/// None for an empty set.
pub fn summarize(samples: &[Duration]) -> Option<Summary> {
    if samples.is_empty() {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    Some(Summary {
        n: sorted.len(),
        p50: rank(&sorted, 0.50),
        p95: rank(&sorted, 0.95),
    })
}

fn rank(sorted: &[Duration], p: f64) -> Duration {
    let n = sorted.len();
    let k = ((p * n as f64).ceil() as usize).clamp(1, n);
    sorted[k - 1]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let samples: Vec<Duration> = (1..=100).rev().map(Duration::from_millis).collect();
        let s = summarize(&samples).unwrap();
        assert_eq!(
            (s.n, s.p50, s.p95),
            (100, Duration::from_millis(50), Duration::from_millis(95))
        );
        let one = summarize(&[Duration::from_millis(3)]).unwrap();
        assert_eq!(
            (one.p50, one.p95),
            (Duration::from_millis(3), Duration::from_millis(3))
        );
        assert!(summarize(&[]).is_none());
    }
}
