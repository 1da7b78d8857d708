//! What a host gives the core: a database, outbound HTTP and configuration variables.
//! The Spin adapter (`crates/spin-adapter`) and the native test host both implement
//! [`Platform`]; the handlers are written once against it.

use crate::db::Db;
use anyhow::Result;

/// Spin variable: the provider API key (secret; empty by default).
pub const VAR_API_KEY: &str = "openrouter_api_key";
/// Spin variable: the provider base URL (default [`crate::provider::DEFAULT_BASE_URL`]).
pub const VAR_BASE_URL: &str = "openrouter_base_url";
/// Spin variable: how many sign-in and setup requests one client address may make in a
/// window, as `<requests>/<seconds>` (default [`crate::throttle::GUEST_DEFAULT`]).
pub const VAR_GUEST_RATE_LIMIT: &str = "guest_rate_limit";
/// Spin variable (secret): when set (16+ characters), `POST /api/auth/recover` resets a
/// forgotten password with it (README). Unset by default: recovery is off.
pub const VAR_RECOVERY_TOKEN: &str = "recovery_token";
/// Spin variable (secret): the master key that encrypts provider API keys stored in the
/// database: 32 random bytes in base64 (`openssl rand -base64 32`). Without it, a key
/// can only come from `openrouter_api_key`.
pub const VAR_ENCRYPTION_KEY: &str = "encryption_key";
/// Spin variable (secret): the master key before a change of keys; the next start
/// re-encrypts what it encrypted under `encryption_key`.
pub const VAR_PREVIOUS_ENCRYPTION_KEY: &str = "previous_encryption_key";
/// Spin variable: how the provider at the base URL speaks: `openai` (default: OpenAI,
/// OpenRouter, DeepSeek, Google's compatible endpoint, local servers) or `anthropic`.
/// An admin's choice in Settings wins.
pub const VAR_PROTOCOL: &str = "provider_protocol";
/// Spin variable: comma-separated origins allowed to call the API cross-origin
/// (default empty: same-origin only).
pub const VAR_CORS_ORIGINS: &str = "cors_allowed_origins";

/// An upstream response body, read chunk by chunk as the provider sends it.
#[allow(async_fn_in_trait)]
pub trait BodyStream {
    /// The next chunk; `None` at the end; `Err` if the connection broke.
    async fn next_chunk(&mut self) -> Option<Result<Vec<u8>>>;

    /// Reads up to `limit` bytes (for error bodies and small JSON answers).
    async fn read_to_end(&mut self, limit: usize) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next_chunk().await {
            out.extend_from_slice(&chunk?);
            if out.len() >= limit {
                out.truncate(limit);
                break;
            }
        }
        Ok(out)
    }
}

/// What became of bytes offered to a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Queued for the client.
    Sent,
    /// The client's buffer is full: it stopped reading (or reads too slowly).
    Full,
    /// The client has gone (which is normal).
    Gone,
}

/// Where a streamed reply's SSE bytes go (the browser's response body): a bounded
/// buffer that never makes the sender wait. Dropping the sink ends the response.
pub trait EventSink {
    fn offer(&mut self, bytes: Vec<u8>) -> Delivery;
}

#[allow(async_fn_in_trait)]
pub trait Platform: Clone + 'static {
    type Db: Db;
    type Body: BodyStream;

    /// Opens the `default` SQLite database (use [`open_migrated`] or [`open_configured`]).
    async fn open_db(&self) -> Result<Self::Db>;
    /// A Spin variable's value; `None` if unset or empty.
    async fn variable(&self, name: &str) -> Option<String>;
    /// Waits (without blocking other requests).
    async fn sleep(&self, duration: std::time::Duration);
    /// Whether this host has already brought the schema up to date (a per-instance
    /// cache that saves the version check on each request; performance only — `false`
    /// is always correct).
    fn schema_is_current(&self) -> bool {
        false
    }
    fn set_schema_current(&self) {}
    /// The check-ins of the writers that share this host's database handle (one per Spin
    /// instance): their saves go together ([`crate::checkin`]).
    fn check_ins(&self) -> std::rc::Rc<crate::checkin::CheckIns>;
    /// The value of `key` in the `default` key-value store (Spin's; the rate-limit and
    /// throttling counters live there, so several replicas can share them on Redis).
    async fn kv_get(&self, key: &str) -> Result<Option<Vec<u8>>>;
    async fn kv_set(&self, key: &str, value: &[u8]) -> Result<()>;
    async fn kv_delete(&self, key: &str) -> Result<()>;
    /// Sends an outbound request; the response body streams.
    async fn send(&self, req: http::Request<Vec<u8>>) -> Result<http::Response<Self::Body>>;
}

/// Opens the database with the per-connection pragmas set (for work that runs after a
/// handler has migrated: generations, followers).
pub async fn open_configured<P: Platform>(p: &P) -> Result<P::Db> {
    let db = p.open_db().await?;
    crate::schema::configure(&db).await?;
    Ok(db)
}

/// Opens the database and brings its schema up to date.
pub async fn open_migrated<P: Platform>(p: &P) -> Result<P::Db> {
    let db = p.open_db().await?;
    if p.schema_is_current() {
        crate::schema::configure(&db).await?;
    } else {
        crate::schema::migrate(&db).await?;
        // Once per instance: stored keys under the current master key (a failure is
        // logged, never a failed request).
        if let Err(e) = crate::settings::rewrap_stored_keys(p, &db).await {
            eprintln!("nexus: re-encrypting the stored API key: {e:#}");
        }
        p.set_schema_current();
    }
    Ok(db)
}
