//! The one place that talks to spin-sdk. Implements the core's [`Platform`] with Spin's
//! SQLite, outbound HTTP and variables, and turns a core [`Reply`] into a Spin response
//! (spawning the generation for streamed replies). Each component is one call to
//! [`serve`].

use anyhow::{Result, anyhow};
use bytes::Bytes;
use futures::StreamExt;
use nexus_core::platform::{BodyStream, Delivery, EventSink, Platform};
use nexus_core::web::BodyReader;
use nexus_core::Reply;
use nexus_core::api::Routes;
use spin_sdk::http::{FullBody, IntoResponse, body::IncomingBodyExt};
use spin_sdk::wasip3::http::types::ErrorCode;

/// Where `spin.toml` mounts `frontend/dist` inside the static component.
pub const STATIC_ROOT: &str = "/";

mod sqlite;
pub use sqlite::SpinDb;

#[derive(Clone, Copy)]
pub struct SpinPlatform;

thread_local! {
    /// This instance has run the migrations (see `Platform::schema_is_current`).
    static SCHEMA_CURRENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Variables read by this instance: Spin resolves them when the app starts, so they
    /// cannot change while an instance lives (a send reads two).
    /// The check-ins of this instance's streaming replies (saved together).
    static CHECK_INS: std::rc::Rc<nexus_core::checkin::CheckIns> = std::rc::Rc::default();
    static VARIABLES: std::cell::RefCell<std::collections::HashMap<String, Option<String>>> = std::cell::RefCell::new(std::collections::HashMap::new());
}

/// An outbound response body, chunk by chunk as the provider sends it.
pub struct SpinBody(Box<dyn futures::Stream<Item = Result<Bytes, ErrorCode>> + Unpin>);

impl BodyStream for SpinBody {
    async fn next_chunk(&mut self) -> Option<Result<Vec<u8>>> {
        self.0.next().await.map(|r| r.map(|b| b.to_vec()).map_err(|e| anyhow!(describe(&e))))
    }
}

/// Words for the outbound errors a user can act on.
fn describe(e: &ErrorCode) -> String {
    match e {
        ErrorCode::HttpRequestDenied => "Spin refused the connection: the host is not in allowed_outbound_hosts. \
             Set the provider with SPIN_VARIABLE_OPENROUTER_BASE_URL (spin.toml allows that host) instead of in Settings"
            .into(),
        ErrorCode::ConnectionRefused => "connection refused".into(),
        ErrorCode::ConnectionTimeout | ErrorCode::ConnectionReadTimeout => "connection timed out".into(),
        ErrorCode::DnsError(_) => "the provider's host name could not be resolved".into(),
        other => format!("{other:?}"),
    }
}

impl Platform for SpinPlatform {
    type Db = SpinDb;
    type Body = SpinBody;

    async fn open_db(&self) -> Result<SpinDb> {
        sqlite::open().await
    }

    fn schema_is_current(&self) -> bool {
        SCHEMA_CURRENT.with(|c| c.get())
    }

    fn set_schema_current(&self) {
        SCHEMA_CURRENT.with(|c| c.set(true));
    }

    fn check_ins(&self) -> std::rc::Rc<nexus_core::checkin::CheckIns> {
        CHECK_INS.with(|c| c.clone())
    }

    async fn variable(&self, name: &str) -> Option<String> {
        if let Some(v) = VARIABLES.with(|c| c.borrow().get(name).cloned()) {
            return v;
        }
        let v = spin_sdk::variables::get(name).await.ok().filter(|v| !v.trim().is_empty());
        VARIABLES.with(|c| c.borrow_mut().insert(name.to_owned(), v.clone()));
        v
    }

    async fn sleep(&self, duration: std::time::Duration) {
        spin_sdk::wasip3::clocks::monotonic_clock::wait_for(duration.as_nanos() as u64).await;
    }

    async fn kv_get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let store = spin_sdk::key_value::Store::open_default().await.map_err(|e| anyhow!("key-value store: {e:?}"))?;
        store.get(key).await.map_err(|e| anyhow!("key-value get: {e:?}"))
    }

    async fn kv_set(&self, key: &str, value: &[u8]) -> Result<()> {
        let store = spin_sdk::key_value::Store::open_default().await.map_err(|e| anyhow!("key-value store: {e:?}"))?;
        store.set(key, value).await.map_err(|e| anyhow!("key-value set: {e:?}"))
    }

    async fn kv_delete(&self, key: &str) -> Result<()> {
        let store = spin_sdk::key_value::Store::open_default().await.map_err(|e| anyhow!("key-value store: {e:?}"))?;
        store.delete(key).await.map_err(|e| anyhow!("key-value delete: {e:?}"))
    }

    async fn send(&self, req: http::Request<Vec<u8>>) -> Result<http::Response<SpinBody>> {
        let req = req.map(|b| FullBody::new(Bytes::from(b)));
        let resp = spin_sdk::http::send(req).await.map_err(|e| anyhow!(describe(&e)))?;
        let (parts, body) = resp.into_parts();
        Ok(http::Response::from_parts(parts, SpinBody(Box::new(body.stream()))))
    }
}

/// The browser's response body for a streamed reply: spin-sdk's bounded channel
/// (`body::stream`, 1,024 items) — offered to, never waited on.
struct ChannelSink(futures::channel::mpsc::Sender<Bytes>);

impl EventSink for ChannelSink {
    fn offer(&mut self, bytes: Vec<u8>) -> Delivery {
        match self.0.try_send(Bytes::from(bytes)) {
            Ok(()) => Delivery::Sent,
            Err(e) if e.is_full() => Delivery::Full,
            Err(_) => Delivery::Gone,
        }
    }
}

/// Reads the incoming body ([`BodyReader`]: reserved as it arrives, at most one byte past
/// the path's limit kept; the rest read and dropped, so a client still sending gets the
/// core's 413 instead of a connection closed under it).
async fn read_body(req: spin_sdk::http::Request) -> Result<nexus_core::web::Request, ErrorCode> {
    let (parts, body) = req.into_parts();
    let mut reader = BodyReader::new(parts.uri.path(), &parts.headers);
    let mut stream = body.stream();
    while let Some(chunk) = stream.next().await {
        reader.push(&chunk?);
    }
    Ok(reader.finish(parts))
}

/// Serves one request with a component's `routes`.
pub async fn serve<R: Routes>(routes: R, req: spin_sdk::http::Request) -> impl IntoResponse {
    let req = match read_body(req).await {
        Ok(r) => r,
        Err(e) => return Err(e),
    };
    match nexus_core::handle(&routes, &SpinPlatform, req).await {
        Reply::Full(resp) => resp.map(|b| FullBody::new(Bytes::from(b))).into_response(),
        Reply::Stream { headers, job } => {
            let (tx, body) = spin_sdk::http::body::stream::<Bytes>();
            spin_sdk::wasip3::spawn(async move {
                job.run(SpinPlatform, ChannelSink(tx)).await;
            });
            let mut builder = http::Response::builder().status(200);
            for (k, v) in &headers {
                builder = builder.header(k, v);
            }
            match builder.body(body) {
                Ok(resp) => resp.into_response(),
                Err(_) => Err(ErrorCode::InternalError(Some("building the stream response".into()))),
            }
        }
    }
}

/// The static component's root as a path.
pub fn static_root() -> std::path::PathBuf {
    std::path::PathBuf::from(STATIC_ROOT)
}
