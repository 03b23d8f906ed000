//! Median and range of repeated timings.

use std::fmt;
use std::time::Duration;

/// Repeated measurements of one thing.
#[derive(Debug, Clone)]
pub(crate) struct Samples(Vec<Duration>);

impl Samples {
    /// Run `measure` `runs` times.
    pub(crate) fn collect<E>(
        runs: usize,
        mut measure: impl FnMut() -> Result<Duration, E>,
    ) -> Result<Self, E> {
        let mut samples = (0..runs.max(1))
            .map(|_| measure())
            .collect::<Result<Vec<_>, E>>()?;
        samples.sort();
        Ok(Samples(samples))
    }

    /// Samples already taken.
    pub(crate) fn from(mut samples: Vec<Duration>) -> Self {
        samples.sort();
        Samples(samples)
    }

    /// The middle sample.
    pub(crate) fn median(&self) -> Duration {
        self.0[self.0.len() / 2]
    }

    /// This median over `other`'s.
    pub(crate) fn ratio(&self, other: &Samples) -> f64 {
        self.median().as_secs_f64() / other.median().as_secs_f64()
    }

    fn min(&self) -> Duration {
        self.0[0]
    }

    fn max(&self) -> Duration {
        self.0[self.0.len() - 1]
    }
}

impl fmt::Display for Samples {
    /// `1.234 s (1.200–1.300)`, or milliseconds below a second.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |d: Duration| {
            if self.max() >= Duration::from_secs(1) {
                format!("{:.2}", d.as_secs_f64())
            } else {
                format!("{:.1}", d.as_secs_f64() * 1000.0)
            }
        };
        let unit = if self.max() >= Duration::from_secs(1) {
            "s"
        } else {
            "ms"
        };
        write!(
            f,
            "{} {unit} ({}–{})",
            show(self.median()),
            show(self.min()),
            show(self.max())
        )
    }
}
