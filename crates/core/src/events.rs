//! The server-sent events Nexus streams to the browser, and their wire encoding.

use crate::upstream::Usage;
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
    /// The reply ended and is stored: `status` is `completed`, or `stopped` (by a stop
    /// request; the text so far is kept).
    Done { message_id: String, model: String, status: String, usage: Usage },
    /// The reply failed; whatever text arrived is stored with the message.
    Error { message_id: String, message: String },
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

/// Headers of a server-sent event response.
pub fn sse_headers() -> [(&'static str, &'static str); 3] {
    [
        ("content-type", "text/event-stream; charset=utf-8"),
        ("cache-control", "no-cache"),
        // tells nginx-style reverse proxies in front of Nexus not to buffer the stream
        ("x-accel-buffering", "no"),
    ]
}
