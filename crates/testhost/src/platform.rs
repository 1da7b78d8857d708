//! The core's `Platform` on native parts: rusqlite on a file, outbound HTTP/1.1 over
//! real TCP with hyper, and variables from spin.toml defaults overridden by
//! `SPIN_VARIABLE_*` (as `spin up` does).

use anyhow::{Context, Result, anyhow, bail};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use nexus_core::db::{Db, Row, Value};
use nexus_core::platform::{BodyStream, Platform};
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

#[derive(Clone)]
pub struct NativePlatform {
    pub db_path: PathBuf,
    pub variables: Rc<HashMap<String, String>>,
    schema_current: Rc<std::cell::Cell<bool>>,
    /// The `default` key-value store: in memory, for the life of this test host.
    kv: Rc<std::cell::RefCell<HashMap<String, Vec<u8>>>>,
    /// The streaming replies' check-ins (saved together, as in a Spin instance).
    check_ins: Rc<nexus_core::checkin::CheckIns>,
}

impl NativePlatform {
    /// Variables: the manifest's defaults, then `SPIN_VARIABLE_<NAME>` from the
    /// environment, then `overrides`.
    pub fn new(db_path: PathBuf, defaults: &HashMap<String, Option<String>>, overrides: &HashMap<String, String>) -> Self {
        let mut vars = HashMap::new();
        for (name, default) in defaults {
            let env = std::env::var(format!("SPIN_VARIABLE_{}", name.to_uppercase())).ok();
            if let Some(v) = env.or_else(|| default.clone()) {
                vars.insert(name.clone(), v);
            }
        }
        for (k, v) in overrides {
            vars.insert(k.clone(), v.clone());
        }
        NativePlatform { db_path, variables: Rc::new(vars), schema_current: Rc::default(), kv: Rc::default(), check_ins: Rc::default() }
    }
}

pub struct NativeDb(rusqlite::Connection);

impl Db for NativeDb {
    async fn query(&self, sql: &str, params: Vec<Value>) -> Result<Vec<Row>> {
        let mut stmt = self.0.prepare_cached(sql).with_context(|| format!("preparing {sql:.60}"))?;
        let params = params.into_iter().map(|v| match v {
            Value::Null => rusqlite::types::Value::Null,
            Value::Integer(i) => rusqlite::types::Value::Integer(i),
            Value::Real(f) => rusqlite::types::Value::Real(f),
            Value::Text(s) => rusqlite::types::Value::Text(s),
            Value::Blob(b) => rusqlite::types::Value::Blob(b),
        });
        let n = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(n);
            for i in 0..n {
                values.push(match row.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => Value::Null,
                    rusqlite::types::ValueRef::Integer(i) => Value::Integer(i),
                    rusqlite::types::ValueRef::Real(f) => Value::Real(f),
                    rusqlite::types::ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    rusqlite::types::ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                });
            }
            out.push(Row(values));
        }
        Ok(out)
    }
}

/// A response body read frame by frame as it arrives over TCP.
pub struct NativeBody(hyper::body::Incoming);

impl BodyStream for NativeBody {
    async fn next_chunk(&mut self) -> Option<Result<Vec<u8>>> {
        loop {
            match self.0.frame().await? {
                Ok(frame) => match frame.into_data() {
                    Ok(data) => return Some(Ok(data.to_vec())),
                    Err(_) => continue, // trailers
                },
                Err(e) => return Some(Err(anyhow!("{e}"))),
            }
        }
    }
}

impl Platform for NativePlatform {
    type Db = NativeDb;
    type Body = NativeBody;

    async fn open_db(&self) -> Result<NativeDb> {
        let conn = rusqlite::Connection::open(&self.db_path)
            .with_context(|| format!("opening {}", self.db_path.display()))?;
        Ok(NativeDb(conn))
    }

    fn schema_is_current(&self) -> bool {
        self.schema_current.get()
    }

    fn set_schema_current(&self) {
        self.schema_current.set(true);
    }

    fn check_ins(&self) -> Rc<nexus_core::checkin::CheckIns> {
        self.check_ins.clone()
    }

    async fn variable(&self, name: &str) -> Option<String> {
        self.variables.get(name).filter(|v| !v.trim().is_empty()).cloned()
    }

    async fn sleep(&self, duration: std::time::Duration) {
        tokio::time::sleep(duration).await;
    }

    async fn kv_get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.kv.borrow().get(key).cloned())
    }

    async fn kv_set(&self, key: &str, value: &[u8]) -> Result<()> {
        self.kv.borrow_mut().insert(key.to_owned(), value.to_vec());
        Ok(())
    }

    async fn kv_delete(&self, key: &str) -> Result<()> {
        self.kv.borrow_mut().remove(key);
        Ok(())
    }

    async fn send(&self, req: http::Request<Vec<u8>>) -> Result<http::Response<NativeBody>> {
        send_http1(req).await
    }
}

/// One request on a fresh HTTP/1.1 connection (plain http only: the test host talks to
/// loopback fakes). Dropping the response body closes the connection.
pub async fn send_http1(req: http::Request<Vec<u8>>) -> Result<http::Response<NativeBody>> {
    let uri = req.uri().clone();
    if uri.scheme_str() != Some("http") {
        bail!("the test host only speaks plain http (got {uri})");
    }
    let host = uri.host().ok_or_else(|| anyhow!("no host in {uri}"))?.to_owned();
    let port = uri.port_u16().unwrap_or(80);
    let stream = tokio::net::TcpStream::connect((host.as_str(), port)).await.context("connection refused")?;
    stream.set_nodelay(true)?;
    let io = hyper_util::rt::TokioIo::new(stream);
    let (mut sender, conn) = hyper::client::conn::http1::handshake::<_, Full<Bytes>>(io).await?;
    tokio::task::spawn_local(async move {
        let _ = conn.await;
    });
    let (mut parts, body) = req.into_parts();
    let authority = uri.authority().map(|a| a.as_str().to_owned()).unwrap_or(host);
    parts.headers.insert(http::header::HOST, authority.parse()?);
    parts.uri = uri.path_and_query().map(|pq| pq.as_str()).unwrap_or("/").parse()?;
    let resp = sender.send_request(http::Request::from_parts(parts, Full::new(Bytes::from(body)))).await?;
    Ok(resp.map(NativeBody))
}
