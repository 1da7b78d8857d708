//! The storage seam: the core speaks SQL through [`Db`], which Spin's SQLite (in the
//! components) and rusqlite (in the test host) both implement. Only `store` and `schema`
//! call it; every statement is a named const with `?` parameters.

use anyhow::{Context, Result, anyhow};

/// A SQLite value, mirroring Spin's `sqlite::Value`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::Text(s.clone())
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Integer(i)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Real(f)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// One result row; columns are read by index, in the order of the SELECT.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn get(&self, i: usize) -> Result<&Value> {
        self.0.get(i).ok_or_else(|| anyhow!("column {i} missing"))
    }
    pub fn text(&self, i: usize) -> Result<String> {
        match self.get(i)? {
            Value::Text(s) => Ok(s.clone()),
            Value::Blob(b) => String::from_utf8(b.clone()).context("column is not UTF-8"),
            other => Err(anyhow!("column {i}: expected text, found {other:?}")),
        }
    }
    pub fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.get(i)? {
            Value::Null => Ok(None),
            _ => self.text(i).map(Some),
        }
    }
    /// A number (SQLite may hand a whole REAL back as an integer).
    pub fn real(&self, i: usize) -> Result<f64> {
        match self.get(i)? {
            Value::Real(f) => Ok(*f),
            Value::Integer(n) => Ok(*n as f64),
            other => Err(anyhow!("column {i}: expected a number, found {other:?}")),
        }
    }
    pub fn opt_real(&self, i: usize) -> Result<Option<f64>> {
        match self.get(i)? {
            Value::Null => Ok(None),
            _ => self.real(i).map(Some),
        }
    }
    pub fn blob(&self, i: usize) -> Result<Vec<u8>> {
        match self.get(i)? {
            Value::Blob(b) => Ok(b.clone()),
            Value::Text(s) => Ok(s.clone().into_bytes()),
            other => Err(anyhow!("column {i}: expected a blob, found {other:?}")),
        }
    }
    pub fn int(&self, i: usize) -> Result<i64> {
        match self.get(i)? {
            Value::Integer(n) => Ok(*n),
            other => Err(anyhow!("column {i}: expected integer, found {other:?}")),
        }
    }
}

/// A handle on the app's SQLite database. A host may share one connection among the
/// handles of concurrent requests (Spin: one per instance); it then runs each statement
/// of a handle alone on the connection, and a transaction's statements with nothing
/// else in between ([`Db::hold`] … [`Db::release`]).
#[allow(async_fn_in_trait)]
pub trait Db {
    /// Runs one statement with positional `?` parameters and returns its rows (if any).
    async fn query(&self, sql: &str, params: Vec<Value>) -> Result<Vec<Row>>;

    /// Runs one statement, discarding rows.
    async fn execute(&self, sql: &str, params: Vec<Value>) -> Result<()> {
        self.query(sql, params).await.map(|_| ())
    }

    /// Waits until this handle has its connection to itself, and keeps it until
    /// [`Db::release`]: other handles' statements wait meanwhile. Around every
    /// transaction (see [`transaction`]); a no-op where each handle has its own connection.
    async fn hold(&self) {}

    /// Ends [`Db::hold`].
    fn release(&self) {}

    /// Whether the connection's pragmas are set (they are per connection; a shared
    /// connection needs them once). `false` is always correct.
    fn configured(&self) -> bool {
        false
    }

    /// Records that the pragmas are set.
    fn set_configured(&self) {}
}

/// Maps every row with `TryFrom<&Row>`.
pub fn map_rows<T>(rows: &[Row]) -> Result<Vec<T>>
where
    T: for<'a> TryFrom<&'a Row, Error = anyhow::Error>,
{
    rows.iter().map(T::try_from).collect()
}

/// Runs `f` inside `BEGIN IMMEDIATE … COMMIT` (one commit for several writes; rolled
/// back if `f` fails), holding the connection meanwhile ([`Db::hold`]).
pub async fn transaction<D: Db, T>(db: &D, f: impl AsyncFnOnce(&D) -> Result<T>) -> Result<T> {
    db.hold().await;
    let result = in_transaction(db, "BEGIN IMMEDIATE", f).await;
    db.release();
    result
}

/// Runs `f` inside a deferred `BEGIN … COMMIT`: its reads see one snapshot of the
/// database (WAL: writers of other connections are not blocked meanwhile), holding the
/// connection ([`Db::hold`]). For reads that must agree with each other (a backup).
pub async fn read_transaction<D: Db, T>(db: &D, f: impl AsyncFnOnce(&D) -> Result<T>) -> Result<T> {
    db.hold().await;
    let result = in_transaction(db, "BEGIN DEFERRED", f).await;
    db.release();
    result
}

async fn in_transaction<D: Db, T>(db: &D, begin: &str, f: impl AsyncFnOnce(&D) -> Result<T>) -> Result<T> {
    db.execute(begin, vec![]).await?;
    match f(db).await {
        Ok(v) => match db.execute("COMMIT", vec![]).await {
            Ok(()) => Ok(v),
            Err(e) => {
                let _ = db.execute("ROLLBACK", vec![]).await;
                Err(e)
            }
        },
        Err(e) => {
            let _ = db.execute("ROLLBACK", vec![]).await;
            Err(e)
        }
    }
}
