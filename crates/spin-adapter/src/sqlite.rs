//! The core's `Db` on Spin's SQLite: the connections an instance's requests share.
//!
//! Spin runs up to 16 requests at once in one instance. They share one connection, held
//! for the instance's life, instead of opening one per request. So: no file open and
//! schema parse per request, the pragmas set once, one page cache per instance instead
//! of one per live stream, and no SQLite busy-wait sleeps between the requests of an
//! instance — they take turns here instead (a statement at a time, or a whole
//! transaction), waking each other directly (wit-bindgen's inter-task wakeups). Holding
//! it open also keeps the WAL attached: when the last connection to a WAL database
//! closes, SQLite checkpoints it with an fsync and deletes it.
//!
//! Measured and left out: three more connections per instance for statements that only
//! read (WAL readers) gave no clear gain in a burst of 20 or 50 sends and cost about
//! 10 MB of RSS (docs/performance.md).

use anyhow::{Result, anyhow};
use nexus_core::db::{Db, Row, Value};
use nexus_core::waiters::Waiters;
use spin_sdk::sqlite::{self, Connection};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A handle on this instance's connection (one per request or job).
pub struct SpinDb {
    shared: Rc<Shared>,
    /// This handle holds the connection (a transaction is open).
    holding: Cell<bool>,
}

struct Shared {
    conn: Connection,
    /// A statement or a transaction is running.
    busy: Cell<bool>,
    /// Handles waiting for their turn; all are woken when it frees up.
    waiting: Waiters,
    configured: Cell<bool>,
    /// A handle went away inside its transaction (its future was dropped): the next
    /// holder rolls it back first.
    abandoned: Cell<bool>,
}

thread_local! {
    static SHARED: RefCell<Option<Rc<Shared>>> = const { RefCell::new(None) };
}

/// A handle on the instance's connection (opened with the first).
pub async fn open() -> Result<SpinDb> {
    let shared = match SHARED.with(|s| s.borrow().clone()) {
        Some(shared) => shared,
        None => {
            let conn = Connection::open_default().await.map_err(|e| anyhow!("opening sqlite: {e:?}"))?;
            let fresh = Rc::new(Shared {
                conn,
                busy: Cell::new(false),
                waiting: Waiters::default(),
                configured: Cell::new(false),
                abandoned: Cell::new(false),
            });
            // Another request of this instance may have opened one meanwhile: use that.
            SHARED.with(|s| s.borrow_mut().get_or_insert(fresh).clone())
        }
    };
    Ok(SpinDb { shared, holding: Cell::new(false) })
}

impl Shared {
    async fn acquire(&self) {
        while self.busy.get() {
            self.waiting.wait().await;
        }
        self.busy.set(true);
        if self.abandoned.replace(false) {
            let _ = run(&self.conn, "ROLLBACK", Vec::new()).await;
        }
    }

    fn free(&self) {
        self.busy.set(false);
        self.waiting.wake_all();
    }
}

/// Frees the connection when a statement ends, even if its future is dropped.
struct Turn<'a>(&'a Shared);

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.0.free();
    }
}

impl Drop for SpinDb {
    fn drop(&mut self) {
        if self.holding.get() {
            self.shared.abandoned.set(true);
            self.shared.free();
        }
    }
}

async fn run(conn: &Connection, sql: &str, params: Vec<Value>) -> Result<Vec<Row>> {
    let result = conn.execute(sql, params.into_iter().map(to_spin)).await.map_err(|e| anyhow!("sqlite: {e:?} in {sql:.60}"))?;
    let rows = result.collect().await.map_err(|e| anyhow!("sqlite: {e:?} in {sql:.60}"))?;
    Ok(rows.into_iter().map(|r| Row(r.values.into_iter().map(from_spin).collect())).collect())
}

fn to_spin(v: Value) -> sqlite::Value {
    match v {
        Value::Null => sqlite::Value::Null,
        Value::Integer(i) => sqlite::Value::Integer(i),
        Value::Real(f) => sqlite::Value::Real(f),
        Value::Text(s) => sqlite::Value::Text(s),
        Value::Blob(b) => sqlite::Value::Blob(b),
    }
}

fn from_spin(v: sqlite::Value) -> Value {
    match v {
        sqlite::Value::Null => Value::Null,
        sqlite::Value::Integer(i) => Value::Integer(i),
        sqlite::Value::Real(f) => Value::Real(f),
        sqlite::Value::Text(s) => Value::Text(s),
        sqlite::Value::Blob(b) => Value::Blob(b),
    }
}

impl Db for SpinDb {
    async fn query(&self, sql: &str, params: Vec<Value>) -> Result<Vec<Row>> {
        if self.holding.get() {
            return run(&self.shared.conn, sql, params).await;
        }
        self.shared.acquire().await;
        let _turn = Turn(&self.shared);
        run(&self.shared.conn, sql, params).await
    }

    async fn hold(&self) {
        if !self.holding.get() {
            self.shared.acquire().await;
            self.holding.set(true);
        }
    }

    fn release(&self) {
        if self.holding.replace(false) {
            self.shared.free();
        }
    }

    fn configured(&self) -> bool {
        self.shared.configured.get()
    }

    fn set_configured(&self) {
        self.shared.configured.set(true);
    }
}
