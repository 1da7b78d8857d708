//! A reader of a reply: catches up from what is stored after a character offset, then
//! follows the reply as its writer saves it, until it ends. Works from any instance (it
//! only reads the database), and any number of readers can follow one reply without
//! slowing its writer (WAL readers never block the writer). A reader never writes: a
//! reply whose writer died reads as `interrupted` (see `store::STALE_STREAM_SECS`), and
//! the reader ends there. Like the writer, it never waits for a slow client.

use crate::events::{Event, codes};
use crate::generation::Outlet;
use crate::platform::{EventSink, Platform};
use crate::store::{self, status};
use std::time::{Duration, Instant};

/// How often a reader looks for new text while the reply is streaming.
pub const POLL: Duration = Duration::from_millis(100);
/// A keep-alive comment this often while nothing new arrives (also finds gone clients).
pub const KEEP_ALIVE: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct Follower {
    pub conversation_id: String,
    pub message_id: String,
    /// Characters the client already has.
    pub offset: i64,
}

impl Follower {
    pub async fn run<P: Platform, S: EventSink>(self, p: P, sink: S) {
        let mut out = Outlet::new(sink, self.offset);
        let db = match crate::platform::open_configured(&p).await {
            Ok(db) => db,
            Err(e) => {
                eprintln!("nexus: follow {}: cannot open database: {e:#}", self.message_id);
                let message = "The server could not open its database.".to_string();
                out.error(&self.message_id, codes::INTERNAL, message);
                return;
            }
        };
        out.send(&Event::Attached { message_id: self.message_id.clone(), conversation_id: self.conversation_id.clone(), offset: self.offset });
        let mut last_sent = Instant::now();
        while out.is_open() {
            let tail = match store::read_tail(&db, &self.message_id, out.offset).await {
                Ok(Some(t)) => t,
                Ok(None) => {
                    let message = "This reply was deleted.".to_string();
                    out.error(&self.message_id, codes::DELETED, message);
                    return;
                }
                Err(e) => {
                    eprintln!("nexus: follow {}: {e:#}", self.message_id);
                    p.sleep(POLL).await;
                    continue;
                }
            };
            // A client may already have more than is saved (the writer's own client is up
            // to one save interval ahead): then there is nothing to send until it grows.
            if !tail.text.is_empty() {
                out.send(&Event::Delta { content: tail.text });
                last_sent = Instant::now();
            }
            match tail.status.as_str() {
                status::STREAMING => {}
                status::COMPLETED | status::STOPPED => {
                    let done = Event::Done {
                        message_id: self.message_id.clone(),
                        model: tail.metadata["model"].as_str().unwrap_or_default().to_owned(),
                        status: tail.status.clone(),
                        usage: serde_json::from_value(tail.metadata.clone()).unwrap_or_default(),
                    };
                    out.send(&done);
                    return;
                }
                _ => {
                    let message = tail.metadata["error"].as_str().unwrap_or("The reply did not finish.").to_owned();
                    let code = match tail.metadata["error_code"].as_str() {
                        Some(c) => c.to_owned(),
                        None if tail.status == status::INTERRUPTED => codes::INTERRUPTED.to_owned(),
                        None => codes::PROVIDER_ERROR.to_owned(),
                    };
                    out.error(&self.message_id, &code, message);
                    return;
                }
            }
            if last_sent.elapsed() >= KEEP_ALIVE {
                out.keep_alive();
                last_sent = Instant::now();
            }
            p.sleep(POLL).await;
        }
    }
}
