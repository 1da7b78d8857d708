//! The writer of a reply: calls the provider, forwards each delta to the client the
//! moment it arrives, saves the text as it grows, notices stop requests, and stores the
//! outcome — whether or not the client is still there.

use crate::checkin::{Answer, until_next_tick};
use crate::events::{Event, codes};
use crate::platform::{BodyStream, Delivery, EventSink, Platform};
use crate::store::{self, status};
use crate::provider::{self, ChatMessage, Provider, StreamEvent, StreamParser, Usage};
use serde_json::json;
use std::time::{Duration, Instant};

/// How often a growing reply's new text is appended to the database (how far readers
/// can lag), and how often the writer checks for a stop request and the deadline — also
/// while the provider is silent or has not answered yet. One timer paces it: nothing
/// per delta reads the clock.
pub const SAVE_INTERVAL: Duration = Duration::from_millis(150);
/// The row is touched at least this often, even when no text arrived and while the
/// provider has not answered yet, so readers can tell a live writer from a dead one
/// (see [`store::STALE_STREAM_SECS`]).
pub const HEARTBEAT: Duration = Duration::from_secs(5);
/// The longest a reply may take, from the request to the provider to its last token
/// (a local server loading a model may take minutes to answer; a stream that never
/// ends must not run forever). Past it the reply ends with code `timeout`, its text kept.
pub const GENERATION_DEADLINE: Duration = Duration::from_secs(30 * 60);
/// The longest reply stored, in characters (about 125,000 tokens, more than any model
/// writes in one answer today). At the cap the provider connection is closed and the
/// reply ends with code `too_long`, its text kept.
pub const MAX_REPLY_CHARS: usize = 500_000;

/// How often a provider's answer of 429 (rate limited), 500, 502, 503, 504 or 529
/// (overloaded) is retried before the first token, waiting [`RETRY_BACKOFF`], then three
/// times that (or the provider's `Retry-After`, up to [`MAX_RETRY_AFTER`]). The writer
/// keeps its row alive and notices Stop while it waits.
pub const RETRIES: u32 = 2;
/// The first wait before a retry.
pub const RETRY_BACKOFF: Duration = Duration::from_secs(1);
/// The longest `Retry-After` honoured; a provider asking for longer gets no retry.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(20);

/// A generation's limits ([`GENERATION_DEADLINE`], [`MAX_REPLY_CHARS`], [`RETRIES`] and
/// [`RETRY_BACKOFF`] by default).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub deadline: Duration,
    pub max_chars: usize,
    pub retries: u32,
    pub retry_backoff: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { deadline: GENERATION_DEADLINE, max_chars: MAX_REPLY_CHARS, retries: RETRIES, retry_backoff: RETRY_BACKOFF }
    }
}

/// Whether an HTTP status from the provider is worth another try (before any token).
fn retryable(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504 | 529)
}

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
    pub limits: Limits,
    /// The conversation's sampling parameters.
    pub params: provider::Params,
    /// The connection the reply comes from ("default": the server connection), for its metadata.
    pub connection_id: String,
    /// The model's price, if the connection's model list gives one: the reply's cost is
    /// estimated from it when the provider reports none.
    pub price: Option<Price>,
    /// The rows to store before the first event, while the provider request is already
    /// on its way (see [`PendingStart`]); `None`: they are stored already.
    pub pending: Option<PendingStart>,
}

/// The user message (if any) and the empty reply a generation stores itself, in one
/// statement ([`store::start_reply`]) raced with its first provider request: under load
/// the write waits its turn for the database while the provider already thinks. Nothing
/// reaches the browser, and no reply text is stored, before the rows are committed; if
/// they cannot be (the message to answer was deleted meanwhile), the request is dropped.
#[derive(Debug, Clone)]
pub struct PendingStart {
    pub parent: PendingParent,
    /// The user's new message (its id is [`Generation::user_message_id`]).
    pub user_content: Option<String>,
    /// The message the history in [`Generation::messages`] was read up to; if the rows
    /// land under another one (another tab sent in between), the history is read again
    /// and the request sent anew.
    pub expected_parent: Option<String>,
    /// The system text, to rebuild the messages then.
    pub system: Option<String>,
    /// The id the client made for the user's message, if it sent one.
    pub client_id: Option<String>,
    /// The pictures the user's message takes (attached in the commit that stores it).
    pub images: Vec<store::images::Attach>,
    /// The conversation's owner (the pictures of a history read again are read as theirs).
    pub owner: String,
    /// Whether the model sees pictures (else the history says [`crate::images::IMAGE_PLACEHOLDER`]).
    pub model_images: bool,
}

/// Where the new rows go (see [`store::ReplyParent`]).
#[derive(Debug, Clone, PartialEq)]
pub enum PendingParent {
    Shown,
    Root,
    Message(String),
}

/// A provider request already sent, or its answer.
type Sending<'a, B> = std::pin::Pin<Box<dyn Future<Output = anyhow::Result<http::Response<B>>> + 'a>>;
enum Prefetched<'a, B> {
    Pending(Sending<'a, B>),
    Answered(anyhow::Result<http::Response<B>>),
}

/// USD per million tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Price {
    pub prompt_per_mtok: f64,
    pub completion_per_mtok: f64,
}

impl Price {
    /// The cost of a reply's tokens, if both counts are known.
    pub fn cost(&self, usage: &Usage) -> Option<f64> {
        let (p, c) = (usage.prompt_tokens?, usage.completion_tokens?);
        Some((p as f64 * self.prompt_per_mtok + c as f64 * self.completion_per_mtok) / 1e6)
    }
}

/// Forwards events to the client while it keeps up, and never waits for it: when the
/// client's buffer is full (it stopped reading: a locked phone on a weak network) or the
/// client has gone, the outlet lets go of it (its response ends; it resumes from the
/// offset it has) and stays quiet. Each event carries `id: <characters of the reply
/// sent so far>` so a client can resume there.
pub(crate) struct Outlet<S> {
    sink: Option<S>,
    pub offset: i64,
    /// Deltas of one provider read, sent as one write by [`Outlet::flush`].
    pending: Vec<u8>,
}

impl<S: EventSink> Outlet<S> {
    pub fn new(sink: S, offset: i64) -> Self {
        Outlet { sink: Some(sink), offset, pending: Vec::new() }
    }

    /// Queues a delta until [`Outlet::flush`]: the deltas that arrived together leave
    /// together (one write to the client instead of one per event).
    /// Queues a piece of reasoning (no offset: offsets count the reply's text).
    pub fn queue_reasoning(&mut self, content: String) {
        if self.sink.is_some() {
            self.pending.extend_from_slice(&Event::Reasoning { content }.encode(None));
        }
    }

    pub fn queue_delta(&mut self, content: String) {
        self.offset += content.chars().count() as i64;
        if self.sink.is_some() {
            self.pending.extend_from_slice(&Event::Delta { content }.encode(Some(self.offset)));
        }
    }

    /// Sends the queued deltas.
    pub fn flush(&mut self) {
        if !self.pending.is_empty() {
            let bytes = std::mem::take(&mut self.pending);
            self.offer(bytes);
        }
    }

    /// Whether the client is still being sent events.
    pub fn is_open(&self) -> bool {
        self.sink.is_some()
    }

    pub fn send(&mut self, event: &Event) {
        if let Event::Delta { content } = event {
            self.queue_delta(content.clone());
            self.flush();
            return;
        }
        self.flush();
        if self.sink.is_some() {
            self.offer(event.encode(Some(self.offset)));
        }
    }

    fn offer(&mut self, bytes: Vec<u8>) {
        if let Some(sink) = &mut self.sink
            && sink.offer(bytes) != Delivery::Sent
        {
            self.sink = None; // dropping the sink ends the client's response
        }
    }

    /// Sends an `error` event for reply `message_id`.
    pub fn error(&mut self, message_id: &str, code: &str, message: String) {
        self.send(&Event::Error { message_id: message_id.to_owned(), code: code.to_owned(), message });
    }

    /// An SSE comment: keeps proxies from timing out and tells whether the client is there.
    pub fn keep_alive(&mut self) {
        self.flush();
        self.offer(b": keep-alive\n\n".to_vec());
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

fn fail(code: &'static str, message: String) -> Ending {
    Ending { status: status::ERROR, error: Some((code, message)) }
}

struct Progress {
    text: String,
    /// Reasoning the model streamed (at most [`MAX_REPLY_CHARS`] characters kept).
    reasoning: String,
    reasoning_chars: usize,
    /// Characters in `text`.
    chars: usize,
    usage: Usage,
    finish_reason: Option<String>,
    first_token: Option<Duration>,
    /// Requests retried after a 429/5xx answer (see [`RETRIES`]).
    retries: u32,
}

/// The writer's bookkeeping of what is in the database: text is appended every
/// [`SAVE_INTERVAL`], the row touched at least every [`HEARTBEAT`].
struct Saver<'a, P: Platform> {
    p: P,
    db: &'a P::Db,
    message_id: &'a str,
    /// Saves together with the other replies of this instance.
    writer: crate::checkin::Writer,
    configured: bool,
    last_touch: Instant,
    saved_bytes: usize,
    saved_chars: usize,
    /// Characters of reasoning stored (rewritten whole while it grows: it comes before
    /// the answer, and is capped like it).
    saved_reasoning_chars: usize,
}

/// What the database said when the writer checked in.
enum Checked {
    GoOn,
    /// A stop was requested, or the reply was deleted.
    Stop,
}

impl<'a, P: Platform> Saver<'a, P> {
    fn new(p: P, db: &'a P::Db, message_id: &'a str) -> Self {
        let writer = p.check_ins().join();
        let now = Instant::now();
        Saver { p, db, message_id, writer, configured: false, last_touch: now, saved_bytes: 0, saved_chars: 0, saved_reasoning_chars: 0 }
    }

    /// Sets the connection's pragmas before its first statement (once).
    async fn configure_once(&mut self) {
        if !self.configured {
            self.configured = true;
            if let Err(e) = crate::schema::configure(self.db).await {
                eprintln!("nexus: generation {}: configuring the connection: {e:#}", self.message_id);
            }
        }
    }

    /// Every [`SAVE_INTERVAL`]: appends new text (or touches the row as a heartbeat) and
    /// learns whether a stop was requested; otherwise only looks at the stop flag.
    async fn check_in(&mut self, p: &Progress) -> Checked {
        self.configure_once().await;
        let new_text = &p.text[self.saved_bytes..];
        let result = if new_text.is_empty() && p.reasoning_chars > self.saved_reasoning_chars {
            // Reasoning grew (a reader that reloads sees it so far); also the heartbeat.
            let parts = [store::Part::Reasoning { text: p.reasoning.clone() }];
            store::save_parts(self.db, self.message_id, &parts).await.map(|stop| {
                self.saved_reasoning_chars = p.reasoning_chars;
                self.last_touch = Instant::now();
                stop == Some(false)
            })
        } else if !new_text.is_empty() {
            let answer = self.writer.check_in(&self.p, self.db, self.message_id, self.saved_chars as i64, Some(new_text)).await;
            if answer == Answer::GoOn {
                self.saved_bytes = p.text.len();
                self.saved_chars = p.chars;
                self.last_touch = Instant::now();
            }
            answer.into_result()
        } else if self.last_touch.elapsed() >= HEARTBEAT {
            store::touch_message(self.db, self.message_id).await.map(|stop| {
                self.last_touch = Instant::now();
                stop == Some(false)
            })
        } else {
            self.writer.check_in(&self.p, self.db, self.message_id, self.saved_chars as i64, None).await.into_result()
        };
        match result {
            Ok(true) => Checked::GoOn,
            Ok(false) => Checked::Stop,
            Err(e) => {
                eprintln!("nexus: generation {}: saving partial text failed: {e:#}", self.message_id);
                Checked::GoOn
            }
        }
    }
}

impl Generation {
    /// Produces the reply: runs to the end and stores it even if the client has gone.
    pub async fn run<P: Platform, S: EventSink>(mut self, p: P, sink: S) {
        let mut out = Outlet::new(sink, 0);
        let db = match p.open_db().await {
            Ok(db) => db,
            Err(e) => {
                eprintln!("nexus: generation {}: cannot open database: {e:#}", self.message_id);
                let message = "The server could not open its database; the reply was not generated.".to_string();
                out.error(&self.message_id, codes::INTERNAL, message);
                return;
            }
        };
        let started = Instant::now();
        let prefetched = match self.pending.take() {
            Some(pending) => match self.store_rows(&p, &db, pending).await {
                Ok(prefetched) => prefetched,
                Err((code, message)) => {
                    out.error(&self.message_id, code, message);
                    return;
                }
            },
            None => None,
        };
        out.send(&Event::Start {
            user_message_id: self.user_message_id.clone(),
            message_id: self.message_id.clone(),
            conversation_id: self.conversation_id.clone(),
        });
        let mut progress =
            Progress { text: String::new(), reasoning: String::new(), reasoning_chars: 0, chars: 0, usage: Usage::default(), finish_reason: None, first_token: None, retries: 0 };
        let mut saver = Saver::new(p.clone(), &db, &self.message_id);
        let ending = self.stream_reply(&p, &mut saver, &mut out, &mut progress, started, prefetched).await;
        saver.configure_once().await;

        let mut metadata = json!({
            "model": self.model,
            "connection_id": self.connection_id,
            "provider": self.provider.kind.as_str(),
            "duration_ms": started.elapsed().as_millis() as u64,
        });
        // The provider's own cost (OpenRouter's `usage.cost`) wins; else the price list's.
        if progress.usage.cost.is_none()
            && let Some(cost) = self.price.and_then(|p| p.cost(&progress.usage))
        {
            progress.usage.cost = Some(cost);
            metadata["cost_estimated"] = json!(true);
        }
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
        if progress.retries > 0 {
            metadata["retries"] = json!(progress.retries);
        }
        if let Some((code, e)) = &ending.error {
            metadata["error"] = json!(e);
            metadata["error_code"] = json!(code);
        }
        let parts: Vec<store::Part> = (!progress.reasoning.is_empty())
            .then(|| store::Part::Reasoning { text: std::mem::take(&mut progress.reasoning) })
            .into_iter()
            .collect();
        let saved = store::finish_message(&db, &self.message_id, &progress.text, ending.status, &metadata, &parts).await;
        if let Err(e) = &saved {
            eprintln!("nexus: generation {}: saving the reply failed: {e:#}", self.message_id);
        }
        match (ending.error, saved) {
            (None, Ok(())) => {
                let done = Event::Done {
                    message_id: self.message_id.clone(),
                    model: self.model.clone(),
                    status: ending.status.to_owned(),
                    usage: progress.usage.clone(),
                };
                out.send(&done);
            }
            (Some((code, message)), _) => out.error(&self.message_id, code, message),
            (None, Err(_)) => {
                let message = "The reply arrived but could not be saved on the server.".to_string();
                out.error(&self.message_id, codes::INTERNAL, message);
            }
        }
        if ending.status == status::COMPLETED
            && let Some(title_model) = &self.title_model
            && let Some(title) = self.generate_title(&p, &db, title_model, &progress.text).await
        {
            out.send(&Event::Title { conversation_id: self.conversation_id.clone(), title });
        }
    }

    /// Waits `wait` before a retry, doing the writer's check-ins meanwhile (the row stays
    /// alive; a stop or the deadline ends the reply).
    async fn wait_alive<P: Platform>(
        &self,
        p: &P,
        saver: &mut Saver<'_, P>,
        progress: &Progress,
        started: Instant,
        wait: Duration,
    ) -> Option<Ending> {
        let until = Instant::now() + wait;
        while let Some(left) = until.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) {
            p.sleep(left.min(SAVE_INTERVAL)).await;
            if let Some(end) = self.checkpoint(saver, progress, started).await {
                return Some(end);
            }
        }
        None
    }

    /// What the writer does every [`SAVE_INTERVAL`]: ends the reply past the deadline,
    /// saves (or touches the row), and ends it if a stop was requested.
    async fn checkpoint<P: Platform>(&self, saver: &mut Saver<'_, P>, progress: &Progress, started: Instant) -> Option<Ending> {
        if started.elapsed() >= self.limits.deadline {
            return Some(self.timed_out());
        }
        match saver.check_in(progress).await {
            Checked::Stop => Some(Ending { status: status::STOPPED, error: None }),
            Checked::GoOn => None,
        }
    }

    fn timed_out(&self) -> Ending {
        let minutes = self.limits.deadline.as_secs().div_ceil(60);
        fail(
            codes::TIMEOUT,
            format!(
                "The reply took longer than Nexus allows for one reply ({minutes} min), so Nexus stopped it. The text so far is kept."
            ),
        )
    }

    fn too_long(&self) -> Ending {
        fail(
            codes::TOO_LONG,
            format!(
                "The reply reached the longest reply Nexus stores ({} characters), so Nexus stopped the model there. The text so far is kept.",
                self.limits.max_chars
            ),
        )
    }

    /// The request this reply sends first, if it can be sent (a key where one is needed).
    fn first_request(&self) -> Option<http::Request<Vec<u8>>> {
        if self.provider.api_key.is_none() && self.provider.needs_key() {
            return None;
        }
        provider::chat_request_with(&self.provider, &self.model, &self.messages, &self.params).ok()
    }

    /// Stores the pending rows while the first provider request is already sent; returns
    /// that request (still pending, or answered), or the error event to send.
    async fn store_rows<'p, P: Platform>(
        &mut self,
        p: &'p P,
        db: &P::Db,
        pending: PendingStart,
    ) -> Result<Option<Prefetched<'p, P::Body>>, (&'static str, String)> {
        let mut sending: Option<Sending<'p, P::Body>> = self.first_request().map(|r| Box::pin(p.send(r)) as Sending<'p, P::Body>);
        let mut answered = None;
        let parent = match &pending.parent {
            PendingParent::Shown => store::ReplyParent::Shown,
            PendingParent::Root => store::ReplyParent::Root,
            PendingParent::Message(id) => store::ReplyParent::Message(id),
        };
        let user = pending.user_content.as_deref().map(|content| store::NewUserMessage {
            id: self.user_message_id.as_str(),
            content,
            client_id: pending.client_id.as_deref(),
            images: &pending.images,
        });
        let stored = {
            let mut storing = std::pin::pin!(store::start_reply_with(db, &self.conversation_id, parent, user, &self.message_id, &self.model));
            loop {
                match sending.as_mut() {
                    Some(s) if answered.is_none() => match race(storing.as_mut(), s.as_mut()).await {
                        Either::Left(r) => break r,
                        Either::Right(a) => answered = Some(a),
                    },
                    _ => break storing.await,
                }
            }
        };
        let started = match stored {
            Ok(Some(s)) => s,
            Ok(None) => {
                return Err((codes::DELETED, "The message to answer was deleted meanwhile (in another tab?); nothing was stored. Reload the conversation and send again.".into()));
            }
            Err(e) if matches!(e.downcast_ref::<store::NotStored>(), Some(store::NotStored::Duplicate)) => {
                return Err((codes::DUPLICATE, "This message was already sent (its client_id is stored); nothing new was stored.".into()));
            }
            Err(e) if matches!(e.downcast_ref::<store::NotStored>(), Some(store::NotStored::ImageGone)) => {
                return Err((codes::IMAGE_GONE, "A picture of this message was deleted meanwhile; nothing was stored. Attach it again and send.".into()));
            }
            Err(e) => {
                eprintln!("nexus: generation {}: storing the message: {e:#}", self.message_id);
                return Err((codes::INTERNAL, "The server could not store the message; nothing was sent. Try again.".into()));
            }
        };
        if started.parent_id != pending.expected_parent {
            // Another tab's message came in between: this one hangs under it, so the
            // model must see that history. The request sent is dropped (closed).
            drop(sending.take());
            answered = None;
            let history = match &started.parent_id {
                Some(pid) => store::prompt_path(db, pid).await.map_err(|e| {
                    eprintln!("nexus: generation {}: reading the history: {e:#}", self.message_id);
                    (codes::INTERNAL, "The server could not read the conversation; the reply was not generated.".to_string())
                })?,
                None => Vec::new(),
            };
            let image_ids: Vec<String> = pending.images.iter().map(|a| a.id.clone()).collect();
            self.messages =
                crate::prompt::assemble(pending.system.as_deref(), &history, pending.user_content.as_deref(), &image_ids, pending.model_images);
            if pending.model_images {
                crate::prompt::load_images(db, &pending.owner, &mut self.messages).await.map_err(|e| {
                    eprintln!("nexus: generation {}: reading the pictures: {e:#}", self.message_id);
                    (codes::INTERNAL, "The server could not read the pictures; the reply was not generated.".to_string())
                })?;
            }
        }
        Ok(match (answered, sending) {
            (Some(a), _) => Some(Prefetched::Answered(a)),
            (None, Some(s)) => Some(Prefetched::Pending(s)),
            (None, None) => None,
        })
    }

    async fn stream_reply<P: Platform, S: EventSink>(
        &self,
        p: &P,
        saver: &mut Saver<'_, P>,
        out: &mut Outlet<S>,
        progress: &mut Progress,
        started: Instant,
        mut prefetched: Option<Prefetched<'_, P::Body>>,
    ) -> Ending {
        // Without a key, only a server other than the default one is asked (a local
        // server often needs none); the default provider would only answer 401.
        if self.provider.api_key.is_none() && self.provider.needs_key() {
            return fail(codes::NO_API_KEY, "No API key is set for this provider. Open Settings → Providers and add the key (or set the openrouter_api_key variable for the server connection), then send again.".into());
        }
        let mut attempt = 0;
        let mut body = loop {
            let mut sending: Sending<'_, P::Body> = match prefetched.take() {
                Some(Prefetched::Answered(a)) => Box::pin(std::future::ready(a)),
                Some(Prefetched::Pending(s)) => s,
                None => match provider::chat_request_with(&self.provider, &self.model, &self.messages, &self.params) {
                    Ok(r) => Box::pin(p.send(r)),
                    Err(e) => return fail(codes::UNREACHABLE, format!("The provider URL {:?} is not usable: {e}", self.provider.base_url)),
                },
            };
            // Waiting for the provider's headers can take long (a local server loading a
            // model, a reasoning model): the writer keeps touching its row meanwhile, and
            // notices stop requests and the deadline.
            let response = loop {
                match race(sending.as_mut(), p.sleep(SAVE_INTERVAL)).await {
                    Either::Left(r) => break r,
                    Either::Right(()) => {
                        if let Some(end) = self.checkpoint(saver, progress, started).await {
                            return end;
                        }
                    }
                }
            };
            let response = match response {
                Ok(r) => r,
                Err(e) => {
                    return fail(codes::UNREACHABLE, format!(
                        "Could not reach the model provider at {}: {e}. Check the provider URL in Settings and that the server can reach it.",
                        self.provider.base_url
                    ));
                }
            };
            let status = response.status().as_u16();
            if response.status().is_success() {
                break response.into_body();
            }
            let retry_after = response
                .headers()
                .get(http::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let bytes = response.into_body().read_to_end(provider::MAX_ERROR_BODY_BYTES).await.unwrap_or_default();
            let wait = match retry_after {
                Some(w) if w > MAX_RETRY_AFTER => None,
                Some(w) => Some(w),
                None => Some(self.limits.retry_backoff * 3u32.pow(attempt)),
            };
            match wait {
                Some(wait) if attempt < self.limits.retries && retryable(status) => {
                    attempt += 1;
                    progress.retries = attempt;
                    if let Some(end) = self.wait_alive(p, saver, progress, started, wait).await {
                        return end;
                    }
                }
                _ => return fail(codes::for_status(status), provider::describe_http_error_for(&self.provider, status, &bytes)),
            }
        };

        let mut parser = StreamParser::new(self.provider.protocol());
        let mut done = false;
        let mut upstream_error: Option<String> = None;
        let mut cut: Option<String> = None;
        let mut ending: Option<Ending> = None;
        // One timer paces the check-ins (saves, stop, deadline); it is polled first, so a
        // provider that never pauses cannot starve it. Nothing per delta reads the clock
        // (each read is a host call on Spin).
        // The ticks fall on the instance's common instants, so the replies streaming
        // there save in one statement (crate::checkin).
        let mut tick = Box::pin(p.sleep(until_next_tick(SAVE_INTERVAL)));
        loop {
            let (events, ended) = match race(tick.as_mut(), body.next_chunk()).await {
                Either::Left(()) => {
                    tick = Box::pin(p.sleep(until_next_tick(SAVE_INTERVAL)));
                    ending = self.checkpoint(saver, progress, started).await;
                    if ending.is_some() {
                        break;
                    }
                    continue;
                }
                Either::Right(Some(Ok(bytes))) => (parser.push(&bytes), false),
                Either::Right(Some(Err(e))) => {
                    cut = Some(format!("{e}"));
                    (parser.finish(), true)
                }
                Either::Right(None) => (parser.finish(), true),
            };
            for ev in events {
                match ev {
                    StreamEvent::Delta(mut text) => {
                        if progress.first_token.is_none() {
                            progress.first_token = Some(started.elapsed());
                        }
                        let mut n = text.chars().count();
                        let room = self.limits.max_chars - progress.chars;
                        if n > room {
                            text = text.chars().take(room).collect();
                            n = room;
                            ending = Some(self.too_long());
                        }
                        progress.text.push_str(&text);
                        progress.chars += n;
                        if n > 0 {
                            out.queue_delta(text);
                        }
                        if ending.is_some() {
                            break;
                        }
                    }
                    StreamEvent::Reasoning(r) => {
                        let room = self.limits.max_chars.saturating_sub(progress.reasoning_chars);
                        let r: String = r.chars().take(room).collect();
                        if !r.is_empty() {
                            progress.reasoning_chars += r.chars().count();
                            progress.reasoning.push_str(&r);
                            out.queue_reasoning(r);
                        }
                    }
                    StreamEvent::Usage(u) => progress.usage.merge(u),
                    StreamEvent::Finish(r) => progress.finish_reason = Some(r),
                    StreamEvent::Error(m) => upstream_error = Some(m),
                    StreamEvent::Done => done = true,
                    StreamEvent::KeepAlive => {}
                }
            }
            out.flush();
            if ending.is_some() || ended || done {
                break;
            }
        }
        // Dropping the body here closes the provider connection: after a stop, at the
        // cap or the deadline, no more tokens are generated (or billed).
        drop(body);
        if let Some(e) = ending {
            return e;
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

    async fn generate_title<P: Platform>(&self, p: &P, db: &P::Db, model: &str, reply: &str) -> Option<String> {
        let req = provider::title_request(&self.provider, model, &self.user_content, reply).ok()?;
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
        let title = provider::parse_title(&self.provider, &body)?;
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


#[cfg(test)]
mod tests {
    use super::*;

    /// Records what was offered; refuses once `room` offers were taken.
    struct Recorder(std::rc::Rc<std::cell::RefCell<Vec<Vec<u8>>>>, usize);

    impl EventSink for Recorder {
        fn offer(&mut self, bytes: Vec<u8>) -> Delivery {
            let mut v = self.0.borrow_mut();
            if v.len() >= self.1 {
                return Delivery::Full;
            }
            v.push(bytes);
            Delivery::Sent
        }
    }

    #[test]
    fn deltas_that_arrive_together_leave_in_one_write_with_their_offsets() {
        let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let mut out = Outlet::new(Recorder(seen.clone(), 10), 0);
        out.queue_delta("Hé".into());
        out.queue_delta("llo".into());
        assert!(seen.borrow().is_empty(), "nothing leaves before the flush");
        out.flush();
        out.flush(); // nothing queued: no empty write
        out.send(&Event::Delta { content: "!".into() });
        let seen = seen.borrow();
        assert_eq!(seen.len(), 2);
        assert_eq!(
            String::from_utf8(seen[0].clone()).unwrap(),
            "id: 2\ndata: {\"type\":\"delta\",\"content\":\"Hé\"}\n\nid: 5\ndata: {\"type\":\"delta\",\"content\":\"llo\"}\n\n"
        );
        assert!(String::from_utf8(seen[1].clone()).unwrap().starts_with("id: 6\n"));
    }

    #[test]
    fn a_full_client_is_let_go_and_the_offset_still_counts() {
        let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let mut out = Outlet::new(Recorder(seen.clone(), 1), 0);
        out.queue_delta("ab".into());
        out.flush();
        out.queue_delta("cd".into());
        out.flush(); // refused: the client is let go
        assert!(!out.is_open());
        out.queue_delta("ef".into());
        out.flush();
        assert_eq!(out.offset, 6);
        assert_eq!(seen.borrow().len(), 1);
    }
}
