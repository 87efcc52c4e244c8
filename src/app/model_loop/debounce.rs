//! When to train: a change waits out a quiet spell (the debounce) before a
//! run starts; at most one run goes at a time, and changes made during a
//! run queue exactly one more run after it, which trains on the data as it
//! is when it starts. Pure logic on instants, tested without threads.

use std::time::{Duration, Instant};

/// The training schedule.
#[derive(Debug, Clone)]
pub struct Debouncer {
    delay: Duration,
    /// When the queued run may start; `None`: nothing queued.
    due: Option<Instant>,
    running: bool,
}

impl Debouncer {
    /// A schedule that waits `delay` after the last change.
    pub fn new(delay: Duration) -> Self {
        Self {
            delay,
            due: None,
            running: false,
        }
    }

    /// The data changed at `now`: a run is queued for after the quiet spell
    /// (a change already queued moves it later; still one run).
    pub fn changed(&mut self, now: Instant) {
        self.due = Some(now + self.delay);
    }

    /// Queues a run that may start at once (the user asked for it).
    pub fn now(&mut self, now: Instant) {
        self.due = Some(now);
    }

    /// True when a run should start at `now` (then it counts as running).
    pub fn start(&mut self, now: Instant) -> bool {
        if self.running || self.due.is_none_or(|due| now < due) {
            return false;
        }
        self.due = None;
        self.running = true;
        true
    }

    /// The running run ended (with a model or not).
    pub fn finished(&mut self) {
        self.running = false;
    }

    /// A run is going.
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// A run is waiting (for the quiet spell or for the running one).
    pub fn is_queued(&self) -> bool {
        self.due.is_some()
    }

    /// How long until the queued run may start (for the next repaint).
    pub fn wait(&self, now: Instant) -> Option<Duration> {
        self.due.map(|due| due.saturating_duration_since(now))
    }

    /// Forgets everything queued and running (the dataset was replaced).
    pub fn reset(&mut self) {
        self.due = None;
        self.running = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: Duration = Duration::from_millis(1500);

    #[test]
    fn a_change_waits_out_the_quiet_spell_and_more_changes_push_it_later() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(D);
        assert!(!d.start(t0), "nothing changed yet");
        d.changed(t0);
        assert!(d.is_queued(), "queued");
        assert!(!d.start(t0 + Duration::from_secs(1)), "too early");
        d.changed(t0 + Duration::from_secs(1));
        assert!(
            !d.start(t0 + Duration::from_secs(2)),
            "the second change moved it"
        );
        assert!(
            d.start(t0 + Duration::from_millis(2500)),
            "quiet long enough"
        );
        assert!(d.is_running() && !d.is_queued(), "one run, nothing queued");
        assert!(!d.start(t0 + Duration::from_secs(10)), "not twice");
    }

    #[test]
    fn changes_during_a_run_queue_exactly_one_more_run_after_it() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(D);
        d.changed(t0);
        assert!(d.start(t0 + D), "first run");
        for ms in [100, 200, 300] {
            d.changed(t0 + D + Duration::from_millis(ms));
        }
        let later = t0 + Duration::from_secs(10);
        assert!(!d.start(later), "never two runs at a time");
        d.finished();
        assert!(d.start(later), "the queued run starts once the first ends");
        d.finished();
        assert!(!d.start(later), "only one was queued for three changes");
    }

    #[test]
    fn asking_now_skips_the_wait_and_reset_forgets_everything() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(D);
        d.now(t0);
        assert_eq!(d.wait(t0), Some(Duration::ZERO), "due at once");
        assert!(d.start(t0), "starts at once");
        d.changed(t0);
        d.reset();
        assert!(!d.is_running() && !d.is_queued(), "reset");
        assert!(!d.start(t0 + Duration::from_secs(5)), "nothing left");
    }
}
