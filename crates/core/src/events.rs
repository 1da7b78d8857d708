//! The server-sent events Nexus streams to the browser, and their wire encoding.

use crate::provider::Usage;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// First event: both messages exist in the database.
    Start { user_message_id: String, message_id: String, conversation_id: String },
    /// First event of a follow stream: the reader starts after `offset` characters.
    Attached { message_id: String, conversation_id: String, offset: i64 },
    /// A piece of the reply, forwarded as soon as the provider sends it.
    Delta { content: String },
    /// A piece of the model's reasoning (not part of the reply's text: it carries no
    /// offset, and a resumed stream does not repeat it; the stored message has it).
    Reasoning { content: String },
    /// The reply ended and is stored: `status` is `completed`, or `stopped` (by a stop
    /// request; the text so far is kept).
    Done { message_id: String, model: String, status: String, usage: Usage },
    /// The reply failed; whatever text arrived is stored with the message. `code` is
    /// one of [`codes`], for a UI to act on (e.g. open Settings for `no_api_key`).
    Error { message_id: String, code: String, message: String },
    /// A generated title was stored (after `done`, first exchanges only).
    Title { conversation_id: String, title: String },
}

impl Event {
    /// `id: {offset}\ndata: {json}\n\n` — the id is how many characters of the reply
    /// the client has after this event (send it back as `Last-Event-ID` or `?offset=`).
    pub fn encode(&self, id: Option<i64>) -> Vec<u8> {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{}".into());
        match id {
            Some(id) => format!("id: {id}\ndata: {json}\n\n").into_bytes(),
            None => format!("data: {json}\n\n").into_bytes(),
        }
    }
}

/// Machine-readable reasons a reply failed (`error` events, `metadata.error_code`).
pub mod codes {
    /// No API key is configured: set one in Settings.
    pub const NO_API_KEY: &str = "no_api_key";
    /// The provider rejected the key (401/403).
    pub const AUTH: &str = "auth";
    /// The provider account has no credit (402).
    pub const NO_CREDIT: &str = "no_credit";
    /// The provider does not know the model (404).
    pub const MODEL_NOT_FOUND: &str = "model_not_found";
    /// The provider is rate-limiting (429).
    pub const RATE_LIMITED: &str = "rate_limited";
    /// The provider refused the request (other 4xx).
    pub const REFUSED: &str = "refused";
    /// The provider failed (5xx, timeouts, an error inside the stream).
    pub const PROVIDER_ERROR: &str = "provider_error";
    /// The provider could not be reached.
    pub const UNREACHABLE: &str = "unreachable";
    /// The connection to the provider broke mid-reply.
    pub const CONNECTION_LOST: &str = "connection_lost";
    /// The server stopped generating (restart, instance dropped).
    pub const INTERRUPTED: &str = "interrupted";
    /// The reply ran past `generation::GENERATION_DEADLINE` (its text is kept).
    pub const TIMEOUT: &str = "timeout";
    /// The reply reached `generation::MAX_REPLY_CHARS` (its text is kept).
    pub const TOO_LONG: &str = "too_long";
    /// The reply was deleted while being followed.
    pub const DELETED: &str = "deleted";
    /// Something failed on the server itself.
    pub const INTERNAL: &str = "internal";
    /// A message with this `client_id` was stored by a send at the same moment (the
    /// send's own check answers `409 duplicate` before any stream).
    pub const DUPLICATE: &str = "duplicate";
    /// A picture of the message was deleted between the send's check and its storing.
    pub const IMAGE_GONE: &str = "image_gone";

    /// The code for a non-2xx provider answer.
    pub fn for_status(status: u16) -> &'static str {
        match status {
            401 | 403 => AUTH,
            402 => NO_CREDIT,
            404 => MODEL_NOT_FOUND,
            429 => RATE_LIMITED,
            408 | 500..=599 => PROVIDER_ERROR,
            _ => REFUSED,
        }
    }
}

/// Headers of a server-sent event response.
pub fn sse_headers() -> [(&'static str, &'static str); 3] {
    [
        ("content-type", "text/event-stream; charset=utf-8"),
        ("cache-control", "no-cache"),
        // tells nginx-style reverse proxies in front of Nexus not to buffer the stream
        ("x-accel-buffering", "no"),
    ]
}
