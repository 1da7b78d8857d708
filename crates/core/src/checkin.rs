//! Group check-ins: the replies streaming on one database handle (a Spin instance runs
//! up to 16) save together, in one statement, instead of one statement each.
//!
//! Every [`crate::generation::SAVE_INTERVAL`] a writer appends the text received since
//! its last save and learns whether a stop was requested. Done one by one, 50 streams
//! are 333 write statements a second; on Spin each is a host call on a blocking thread,
//! and the instances' connections collide on SQLite's write lock, where the loser sleeps
//! in SQLite's busy handler (1, 2, 5, 10 … ms) while holding its instance's connection —
//! every request of that instance waits behind it (docs/performance.md, "Busy sleeps").
//! Here the writers' ticks fall on the same instants ([`until_next_tick`]), the first to
//! check in leads: it lets the others of that instant join, then runs one INSERT for
//! every append and one SELECT for every stop check, and hands each writer its answer.
//! Writers that arrive while a batch runs go in the next one, led by one of them (a
//! leader runs one batch, so its own reply is never held up for long). Alone, a writer
//! waits for nothing: its batch is itself.
//!
//! Invariant: an entry's text is stored at most once, and a writer learns whether it was
//! (a writer whose batch failed keeps its text and offers it again at its next tick).

use crate::db::Db;
use crate::platform::Platform;
use crate::store;
use crate::waiters::Waiters;
use anyhow::Result;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// How long a leader waits for the other writers of its tick before it takes the batch
/// (only when other replies stream in the instance).
pub const GATHER: Duration = Duration::from_millis(2);

/// What a check-in learned.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Go on (the text, if any, is stored).
    GoOn,
    /// A stop was requested, or the reply was deleted (the text was not stored).
    Stop,
    /// The statement failed (the text was not stored; offer it again).
    Failed(String),
}

impl Answer {
    /// As the writer's check-in reads it: `Ok(true)` go on, `Ok(false)` stop.
    pub fn into_result(self) -> Result<bool> {
        match self {
            Answer::GoOn => Ok(true),
            Answer::Stop => Ok(false),
            Answer::Failed(e) => Err(anyhow::anyhow!(e)),
        }
    }
}

struct Entry {
    id: String,
    /// Characters in the reply before `text`.
    start: i64,
    /// `None`: only the stop check.
    text: Option<String>,
    answer: RefCell<Option<Answer>>,
}

#[derive(Default)]
struct State {
    pending: Vec<Rc<Entry>>,
    /// The batch being written (put back in `pending` if its leader goes away).
    in_flight: Vec<Rc<Entry>>,
    leading: bool,
}

/// The check-ins of the writers that share one database (one per Spin instance; one per
/// test host server). Single-threaded, like the core's futures.
#[derive(Default)]
pub struct CheckIns {
    state: RefCell<State>,
    waiting: Waiters,
    /// Statements run (for tests and the benchmark's notes).
    batches: Cell<u64>,
    /// Replies streaming here ([`CheckIns::join`]); alone, a writer does not wait for
    /// others ([`GATHER`]).
    writers: Cell<usize>,
}

/// A reply streaming on these check-ins (counted while it lives); it checks in through
/// them.
pub struct Writer(Rc<CheckIns>);

impl Writer {
    /// [`CheckIns::check_in`] for this writer's reply.
    pub async fn check_in(&self, p: &impl Platform, db: &impl Db, id: &str, start: i64, text: Option<&str>) -> Answer {
        self.0.check_in(p, db, id, start, text).await
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.0.writers.set(self.0.writers.get() - 1);
    }
}

impl CheckIns {
    /// Counts a reply streaming here until the returned guard is dropped.
    pub fn join(self: &Rc<Self>) -> Writer {
        self.writers.set(self.writers.get() + 1);
        Writer(self.clone())
    }

    /// Checks in for reply `id`: appends `text` (which starts `start` characters into the
    /// reply), or with `None` only asks whether to go on.
    pub async fn check_in(&self, p: &impl Platform, db: &impl Db, id: &str, start: i64, text: Option<&str>) -> Answer {
        let entry = Rc::new(Entry { id: id.to_owned(), start, text: text.map(str::to_owned), answer: RefCell::new(None) });
        self.state.borrow_mut().pending.push(entry.clone());
        let _queued = Queued(self, entry.clone());
        loop {
            if let Some(a) = entry.answer.borrow_mut().take() {
                return a;
            }
            let lead = {
                let mut s = self.state.borrow_mut();
                !std::mem::replace(&mut s.leading, true)
            };
            if lead {
                let _lead = Leading(self);
                // The other writers of this tick join before the batch is taken (their
                // timers fire within a millisecond or so of each other).
                if self.writers.get() > 1 {
                    p.sleep(GATHER).await;
                }
                let batch = {
                    let mut s = self.state.borrow_mut();
                    let batch = std::mem::take(&mut s.pending);
                    s.in_flight = batch.clone();
                    batch
                };
                self.write(db, &batch).await;
                self.state.borrow_mut().in_flight.clear();
                // Dropping `_lead` wakes the writers: theirs answered, or one of those
                // that came meanwhile leads the next batch.
            } else {
                self.waiting.wait().await;
            }
        }
    }

    /// Statements run so far (one per batch that had appends, one per batch that had
    /// stop checks).
    pub fn statements(&self) -> u64 {
        self.batches.get()
    }

    async fn write(&self, db: &impl Db, batch: &[Rc<Entry>]) {
        let (appends, checks): (Vec<&Rc<Entry>>, Vec<&Rc<Entry>>) = batch.iter().partition(|e| e.text.is_some());
        if !appends.is_empty() {
            let chunks: Vec<(&str, i64, &str)> =
                appends.iter().map(|e| (e.id.as_str(), e.start, e.text.as_deref().unwrap_or_default())).collect();
            let result = store::append_chunks(db, &chunks).await;
            self.batches.set(self.batches.get() + 1);
            answer(&appends, result);
        }
        if !checks.is_empty() {
            let ids: Vec<&str> = checks.iter().map(|e| e.id.as_str()).collect();
            let result = store::still_going(db, &ids).await;
            self.batches.set(self.batches.get() + 1);
            answer(&checks, result);
        }
    }
}

fn answer(entries: &[&Rc<Entry>], result: Result<HashSet<String>>) {
    for e in entries {
        let a = match &result {
            Ok(going) if going.contains(&e.id) => Answer::GoOn,
            Ok(_) => Answer::Stop,
            Err(err) => Answer::Failed(format!("{err:#}")),
        };
        *e.answer.borrow_mut() = Some(a);
    }
}

/// Ends a leader's turn, even if its future is dropped: a batch it had not finished goes
/// back to the queue (unanswered), and the waiting writers are woken to lead.
struct Leading<'a>(&'a CheckIns);

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        {
            let mut s = self.0.state.borrow_mut();
            s.leading = false;
            let unanswered: Vec<Rc<Entry>> = s.in_flight.drain(..).filter(|e| e.answer.borrow().is_none()).collect();
            s.pending.splice(0..0, unanswered);
        }
        self.0.waiting.wake_all();
    }
}

/// Takes a writer's entry out of the queue if its future is dropped before a batch took
/// it (a writer that went away stores nothing more).
struct Queued<'a>(&'a CheckIns, Rc<Entry>);

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.state.borrow_mut().pending.retain(|e| !Rc::ptr_eq(e, &self.1));
    }
}

thread_local! {
    /// The instant the ticks of this thread (a Spin instance) count from.
    static EPOCH: Instant = Instant::now();
}

/// How long until the next multiple of `interval` since this thread's epoch: the
/// writers of an instance tick together, so their check-ins make one batch.
pub fn until_next_tick(interval: Duration) -> Duration {
    let since = EPOCH.with(|e| e.elapsed()).as_nanos();
    let step = interval.as_nanos().max(1);
    let left = step - since % step;
    Duration::from_nanos(left as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_fall_on_multiples_of_the_interval() {
        let i = Duration::from_millis(150);
        let before = Instant::now();
        let a = until_next_tick(i);
        assert!(a > Duration::ZERO && a <= i, "{a:?}");
        std::thread::sleep(Duration::from_millis(20));
        let now = Instant::now();
        let b = until_next_tick(i);
        // Both ticks are instants of the same 150 ms grid (or the same instant).
        let gap = (now + b).duration_since(before + a).as_micros() % i.as_micros();
        assert!(gap < 1_000 || gap > i.as_micros() - 1_000, "a {a:?} b {b:?} gap {gap} µs");
    }
}
