//! The writer of a reply: calls the provider, forwards each delta to the client the
//! moment it arrives, saves the text as it grows, notices stop requests, and stores the
//! outcome — whether or not the client is still there.

use crate::events::{Event, codes};
use crate::platform::{BodyStream, EventSink, Platform};
use crate::store::{self, status};
use crate::upstream::{self, ChatMessage, Provider, StreamEvent, StreamParser, Usage};
use serde_json::json;
use std::time::{Duration, Instant};

/// How often a growing reply's text is written to the database (how far readers can
/// lag), and how often the writer checks for a stop request.
pub const SAVE_INTERVAL: Duration = Duration::from_millis(150);
/// The row is touched at least this often, even when no text arrived, so readers can
/// tell a live writer from a dead one (see [`store::STALE_STREAM_SECS`]).
pub const HEARTBEAT: Duration = Duration::from_secs(5);
/// The writer wakes at least this often while the provider is silent (to save and to
/// check for a stop request).
pub const TICK: Duration = Duration::from_millis(100);

/// Everything needed to produce one reply, owned, so a host can spawn it.
#[derive(Debug, Clone)]
pub struct Generation {
    pub conversation_id: String,
    /// The message this reply answers.
    pub user_message_id: String,
    pub message_id: String,
    pub model: String,
    /// What the model is sent: `[system, ...branch, user]`.
    pub messages: Vec<ChatMessage>,
    pub provider: Provider,
    /// Model for the title, if a title is to be generated after this reply.
    pub title_model: Option<String>,
    /// The user's text the title is made from.
    pub user_content: String,
}

/// Forwards events to the client until it goes away; then stays quiet. Each event
/// carries `id: <characters of the reply sent so far>` so a client can resume there.
pub(crate) struct Outlet<S> {
    pub sink: S,
    pub open: bool,
    pub offset: i64,
}

impl<S: EventSink> Outlet<S> {
    pub fn new(sink: S, offset: i64) -> Self {
        Outlet { sink, open: true, offset }
    }

    pub async fn send(&mut self, event: &Event) {
        if let Event::Delta { content } = event {
            self.offset += content.chars().count() as i64;
        }
        if self.open {
            self.open = self.sink.send(event.encode(Some(self.offset))).await;
        }
    }

    /// Sends an `error` event for reply `message_id`.
    pub async fn error(&mut self, message_id: &str, code: &str, message: String) {
        self.send(&Event::Error { message_id: message_id.to_owned(), code: code.to_owned(), message }).await;
    }

    /// An SSE comment: keeps proxies from timing out and tells whether the client is there.
    pub async fn keep_alive(&mut self) {
        if self.open {
            self.open = self.sink.send(b": keep-alive\n\n".to_vec()).await;
        }
    }
}

/// Either of two futures, whichever finishes first (the other is dropped).
pub enum Either<A, B> {
    Left(A),
    Right(B),
}

pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
    let mut a = std::pin::pin!(a);
    let mut b = std::pin::pin!(b);
    std::future::poll_fn(|cx| {
        if let std::task::Poll::Ready(v) = a.as_mut().poll(cx) {
            return std::task::Poll::Ready(Either::Left(v));
        }
        if let std::task::Poll::Ready(v) = b.as_mut().poll(cx) {
            return std::task::Poll::Ready(Either::Right(v));
        }
        std::task::Poll::Pending
    })
    .await
}

/// How a reply ended.
struct Ending {
    status: &'static str,
    /// (code, sentence) when the reply failed.
    error: Option<(&'static str, String)>,
}

struct Progress {
    text: String,
    usage: Usage,
    finish_reason: Option<String>,
    first_token: Option<Duration>,
}

impl Generation {
    /// Produces the reply: runs to the end and stores it even if the client has gone.
    pub async fn run<P: Platform, S: EventSink>(self, p: P, sink: S) {
        let mut out = Outlet::new(sink, 0);
        out.send(&Event::Start {
            user_message_id: self.user_message_id.clone(),
            message_id: self.message_id.clone(),
            conversation_id: self.conversation_id.clone(),
        })
        .await;
        // Spin opens the connection lazily; its pragmas are set after the provider has
        // answered, before the first write (see `stream_reply`): on Spin 4.0.2, SQLite
        // statements in the spawned task *before* the outbound request made that request
        // hang until it timed out.
        let db = match p.open_db().await {
            Ok(db) => db,
            Err(e) => {
                eprintln!("nexus: generation {}: cannot open database: {e:#}", self.message_id);
                let message = "The server could not open its database; the reply was not generated.".to_string();
                out.error(&self.message_id, codes::INTERNAL, message).await;
                return;
            }
        };
        let started = Instant::now();
        let mut progress = Progress { text: String::new(), usage: Usage::default(), finish_reason: None, first_token: None };
        let ending = self.stream_reply(&p, &db, &mut out, &mut progress, started).await;

        let mut metadata = json!({
            "model": self.model,
            "duration_ms": started.elapsed().as_millis() as u64,
        });
        if let Some(t) = progress.first_token {
            metadata["time_to_first_token_ms"] = json!(t.as_millis() as u64);
        }
        if let Ok(serde_json::Value::Object(u)) = serde_json::to_value(&progress.usage) {
            for (k, v) in u {
                metadata[k] = v;
            }
        }
        if let Some(r) = &progress.finish_reason {
            metadata["finish_reason"] = json!(r);
        }
        if let Some((code, e)) = &ending.error {
            metadata["error"] = json!(e);
            metadata["error_code"] = json!(code);
        }
        let saved = store::finish_message(&db, &self.message_id, &progress.text, ending.status, &metadata).await;
        if let Err(e) = &saved {
            eprintln!("nexus: generation {}: saving the reply failed: {e:#}", self.message_id);
        }
        if let Err(e) = store::touch_conversation(&db, &self.conversation_id).await {
            eprintln!("nexus: generation {}: touching conversation failed: {e:#}", self.message_id);
        }
        match (ending.error, saved) {
            (None, Ok(())) => {
                let done = Event::Done {
                    message_id: self.message_id.clone(),
                    model: self.model.clone(),
                    status: ending.status.to_owned(),
                    usage: progress.usage.clone(),
                };
                out.send(&done).await;
            }
            (Some((code, message)), _) => out.error(&self.message_id, code, message).await,
            (None, Err(_)) => {
                let message = "The reply arrived but could not be saved on the server.".to_string();
                out.error(&self.message_id, codes::INTERNAL, message).await;
            }
        }
        if ending.status == status::COMPLETED
            && let Some(title_model) = &self.title_model
            && let Some(title) = self.generate_title(&p, &db, title_model, &progress.text).await
        {
            out.send(&Event::Title { conversation_id: self.conversation_id.clone(), title }).await;
        }
    }

    async fn stream_reply<P: Platform, S: EventSink>(
        &self,
        p: &P,
        db: &P::Db,
        out: &mut Outlet<S>,
        progress: &mut Progress,
        started: Instant,
    ) -> Ending {
        let fail = |code: &'static str, msg: String| Ending { status: status::ERROR, error: Some((code, msg)) };
        if self.provider.api_key.is_none() {
            return fail(codes::NO_API_KEY, "No API key is set. Open Settings and paste your OpenRouter API key (or set the openrouter_api_key variable), then send again.".into());
        }
        let request = match upstream::chat_request(&self.provider, &self.model, &self.messages) {
            Ok(r) => r,
            Err(e) => return fail(codes::UNREACHABLE, format!("The provider URL {:?} is not usable: {e}", self.provider.base_url)),
        };
        let response = match p.send(request).await {
            Ok(r) => r,
            Err(e) => {
                return fail(codes::UNREACHABLE, format!(
                    "Could not reach the model provider at {}: {e}. Check the provider URL in Settings and that the server can reach it.",
                    self.provider.base_url
                ));
            }
        };
        let status_code = response.status();
        let mut body = response.into_body();
        if !status_code.is_success() {
            let bytes = body.read_to_end(upstream::MAX_ERROR_BODY_BYTES).await.unwrap_or_default();
            return fail(codes::for_status(status_code.as_u16()), upstream::describe_http_error(status_code.as_u16(), &bytes));
        }

        let mut configured = false;
        let mut parser = StreamParser::new();
        let mut last_check = Instant::now();
        let mut last_save = Instant::now();
        let mut saved_len = 0;
        let mut done = false;
        let mut stopped = false;
        let mut upstream_error: Option<String> = None;
        let mut cut: Option<String> = None;
        loop {
            let (events, ended) = match race(body.next_chunk(), p.sleep(TICK)).await {
                Either::Left(Some(Ok(bytes))) => (parser.push(&bytes), false),
                Either::Left(Some(Err(e))) => {
                    cut = Some(format!("{e}"));
                    (parser.finish(), true)
                }
                Either::Left(None) => (parser.finish(), true),
                Either::Right(()) => (Vec::new(), false),
            };
            for ev in events {
                match ev {
                    StreamEvent::Delta(text) => {
                        progress.first_token.get_or_insert_with(|| started.elapsed());
                        progress.text.push_str(&text);
                        out.send(&Event::Delta { content: text }).await;
                    }
                    StreamEvent::Usage(u) => progress.usage = u,
                    StreamEvent::Finish(r) => progress.finish_reason = Some(r),
                    StreamEvent::Error(m) => upstream_error = Some(m),
                    StreamEvent::Done => done = true,
                    StreamEvent::KeepAlive => {}
                }
            }
            if ended || done {
                break;
            }
            if last_check.elapsed() >= SAVE_INTERVAL {
                // The connection's pragmas are set before its first write, not before the
                // first delta is forwarded (they would add to the time to first token).
                self.configure_once(db, &mut configured).await;
                // Save new text (or touch the row as a heartbeat) and learn whether a stop
                // was requested; otherwise just look at the stop flag.
                let save = progress.text.len() != saved_len || last_save.elapsed() >= HEARTBEAT;
                let checked = if save {
                    store::save_partial(db, &self.message_id, &progress.text).await
                } else {
                    store::stop_requested(db, &self.message_id).await
                };
                match checked {
                    Ok(Some(false)) => {
                        if save {
                            saved_len = progress.text.len();
                            last_save = Instant::now();
                        }
                    }
                    Ok(Some(true)) | Ok(None) => {
                        stopped = true; // asked to stop, or the message was deleted
                        break;
                    }
                    Err(e) => eprintln!("nexus: generation {}: saving partial text failed: {e:#}", self.message_id),
                }
                last_check = Instant::now();
            }
        }
        // Dropping the body here closes the provider connection: after a stop, no more
        // tokens are generated (or billed).
        drop(body);
        self.configure_once(db, &mut configured).await;
        if stopped {
            return Ending { status: status::STOPPED, error: None };
        }
        if let Some(m) = upstream_error {
            return fail(codes::PROVIDER_ERROR, format!("The model provider reported an error during the reply: {m}"));
        }
        if progress.finish_reason.as_deref() == Some("error") {
            return fail(codes::PROVIDER_ERROR, "The model provider ended the reply with an error.".into());
        }
        if let Some(c) = cut {
            return fail(codes::CONNECTION_LOST, format!(
                "The connection to the model provider broke before the reply finished ({c}). The text so far is kept."
            ));
        }
        if !done && progress.finish_reason.is_none() {
            return fail(codes::CONNECTION_LOST, "The model provider closed the connection before the reply finished. The text so far is kept.".into());
        }
        Ending { status: status::COMPLETED, error: None }
    }

    /// Sets the connection's pragmas before its first write (once).
    async fn configure_once(&self, db: &impl crate::db::Db, configured: &mut bool) {
        if !*configured {
            *configured = true;
            if let Err(e) = crate::schema::configure(db).await {
                eprintln!("nexus: generation {}: configuring the connection: {e:#}", self.message_id);
            }
        }
    }

    async fn generate_title<P: Platform>(&self, p: &P, db: &P::Db, model: &str, reply: &str) -> Option<String> {
        let req = upstream::title_request(&self.provider, model, &self.user_content, reply).ok()?;
        let resp = match p.send(req).await {
            Ok(r) => r,
            Err(e) => {
                eprintln!("nexus: title for {}: request failed: {e:#}", self.conversation_id);
                return None;
            }
        };
        let ok = resp.status().is_success();
        let body = resp.into_body().read_to_end(64 * 1024).await.ok()?;
        if !ok {
            eprintln!("nexus: title for {}: provider answered an error", self.conversation_id);
            return None;
        }
        let title = upstream::parse_title(&body)?;
        match store::set_generated_title(db, &self.conversation_id, &title).await {
            Ok(true) => Some(title),
            Ok(false) => None,
            Err(e) => {
                eprintln!("nexus: title for {}: saving failed: {e:#}", self.conversation_id);
                None
            }
        }
    }
}

