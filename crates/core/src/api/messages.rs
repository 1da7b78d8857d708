//! `messages` component: send a message and stream the model's reply as SSE.
//!
//! Before the response starts (so errors get a proper status): validate, store the user
//! message, create the assistant row (`streaming`), load history and system prompt.
//! Then the host spawns [`Generation::run`], which calls the provider, forwards each
//! delta at once, saves the text as it grows, and finishes the row — whether or not the
//! browser is still there.

use super::{Reply, not_found};
use crate::error::{ApiError, ApiResult};
use crate::events::{Event, sse_headers};
use crate::platform::{BodyStream, EventSink, Platform, open_migrated};
use crate::settings::Settings;
use crate::store::{self, NewMessage, status};
use crate::upstream::{self, ChatMessage, Provider, StreamEvent, StreamParser, Usage};
use crate::{prompt, validate};
use crate::web::{Request, json_body};
use http::Method;
use serde::Deserialize;
use serde_json::json;
use std::time::{Duration, Instant};

/// How often a growing reply's text is written to the database (also the writer's
/// heartbeat, see [`store::STALE_STREAM_SECS`]).
pub const SAVE_INTERVAL: Duration = Duration::from_millis(250);
/// Titles are generated while a conversation has at most this many messages and still
/// has its default title (so a failed attempt is retried on the next exchange).
pub const TITLE_MAX_MESSAGES: i64 = 6;

pub async fn handle<P: Platform>(p: &P, req: Request) -> Reply {
    match route(p, &req).await {
        Ok(reply) => reply,
        Err(e) => Reply::Full(e.into_response()),
    }
}

async fn route<P: Platform>(p: &P, req: &Request) -> ApiResult<Reply> {
    let segs = crate::web::segments(req);
    match (req.method(), segs.as_slice()) {
        (&Method::POST, ["api", "conversations", id, "messages"]) => send(p, id, req).await,
        (_, ["api", "conversations", _, "messages"]) => Err(ApiError::MethodNotAllowed { allow: "POST" }),
        _ => Err(not_found()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SendBody {
    content: Option<String>,
    model: Option<String>,
}

async fn send<P: Platform>(p: &P, id: &str, req: &Request) -> ApiResult<Reply> {
    let body: SendBody = json_body(req)?;
    let content = body.content.ok_or_else(|| {
        ApiError::BadRequest("`content` is missing; send {\"content\": \"your message\"}.".into())
    })?;
    validate::message_content(&content)?;
    let model = body.model.as_deref().map(validate::model_id).transpose()?;
    let id = validate::path_id(id, "conversation")?;

    let db = open_migrated(p).await?;
    let mut conversation = store::get_conversation(&db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("No conversation has the id {id:?}; it may have been deleted.")))?;
    if let Some(m) = model {
        store::set_conversation_model(&db, id, &m).await?;
        conversation.model = m;
    }
    let history = store::list_messages(&db, id).await?;

    // The user's message is stored before anything can fail upstream; both rows and the
    // conversation's new activity time are one commit.
    let user_message_id = uuid::Uuid::new_v4().to_string();
    let message_id = uuid::Uuid::new_v4().to_string();
    let model = conversation.model.clone();
    crate::db::transaction(&db, async |db| {
        store::insert_message(db, &NewMessage {
            id: &user_message_id,
            conversation_id: id,
            role: "user",
            content: &content,
            model: None,
            status: status::COMPLETED,
        })
        .await?;
        store::insert_message(db, &NewMessage {
            id: &message_id,
            conversation_id: id,
            role: "assistant",
            content: "",
            model: Some(&model),
            status: status::STREAMING,
        })
        .await?;
        store::touch_conversation(db, id).await
    })
    .await?;

    let system = match &conversation.system_prompt_id {
        Some(pid) => store::get_prompt(&db, pid).await?,
        None => None,
    };
    let system = match system {
        Some(s) => Some(s),
        None => store::default_prompt(&db).await?,
    };
    let settings = Settings::load(p, &db).await?;
    let wants_title = conversation.title_is_default && history.len() as i64 + 2 <= TITLE_MAX_MESSAGES;
    let generation = Generation {
        conversation_id: id.to_owned(),
        user_message_id,
        message_id,
        model: conversation.model.clone(),
        messages: prompt::assemble(system.as_ref().map(|s| s.content.as_str()), &history, &content),
        provider: settings.provider(),
        title_model: wants_title.then(|| {
            if settings.title_model.trim().is_empty() { conversation.model.clone() } else { settings.title_model.clone() }
        }),
        user_content: content,
    };
    let headers = sse_headers().iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Ok(Reply::Stream { headers, generation: Box::new(generation) })
}

/// Everything needed to produce one reply, owned, so a host can spawn it.
#[derive(Debug, Clone)]
pub struct Generation {
    pub conversation_id: String,
    pub user_message_id: String,
    pub message_id: String,
    pub model: String,
    /// What the model is sent: `[system, ...history, user]`.
    pub messages: Vec<ChatMessage>,
    pub provider: Provider,
    /// Model for the title, if a title is to be generated after this reply.
    pub title_model: Option<String>,
    pub user_content: String,
}

/// Forwards events to the client until it goes away; then stays quiet.
struct Outlet<S> {
    sink: S,
    open: bool,
}

impl<S: EventSink> Outlet<S> {
    async fn send(&mut self, event: &Event) {
        if self.open {
            self.open = self.sink.send(event.encode()).await;
        }
    }
}

/// How a reply ended.
struct Ending {
    status: &'static str,
    error: Option<String>,
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
        let mut out = Outlet { sink, open: true };
        out.send(&Event::Start {
            user_message_id: self.user_message_id.clone(),
            message_id: self.message_id.clone(),
            conversation_id: self.conversation_id.clone(),
        })
        .await;
        let db = match p.open_db().await {
            Ok(db) => db,
            Err(e) => {
                eprintln!("nexus: generation {}: cannot open database: {e:#}", self.message_id);
                let message = "The server could not open its database; the reply was not generated.".to_string();
                out.send(&Event::Error { message_id: self.message_id.clone(), message }).await;
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
        if let Some(e) = &ending.error {
            metadata["error"] = json!(e);
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
                out.send(&Event::Done { message_id: self.message_id.clone(), model: self.model.clone(), usage: progress.usage.clone() }).await;
            }
            (Some(message), _) => out.send(&Event::Error { message_id: self.message_id.clone(), message }).await,
            (None, Err(_)) => {
                let message = "The reply arrived but could not be saved on the server.".to_string();
                out.send(&Event::Error { message_id: self.message_id.clone(), message }).await;
            }
        }
        if ending.status == status::COMPLETED
            && let Some(title_model) = &self.title_model
                && let Some(title) = self.generate_title(&p, &db, title_model, &progress.text).await {
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
        let fail = |msg: String| Ending { status: status::ERROR, error: Some(msg) };
        if self.provider.api_key.is_none() {
            return fail("No API key is set. Open Settings and paste your OpenRouter API key (or set the openrouter_api_key variable), then send again.".into());
        }
        let request = match upstream::chat_request(&self.provider, &self.model, &self.messages) {
            Ok(r) => r,
            Err(e) => return fail(format!("The provider URL {:?} is not usable: {e}", self.provider.base_url)),
        };
        let response = match p.send(request).await {
            Ok(r) => r,
            Err(e) => {
                return fail(format!(
                    "Could not reach the model provider at {}: {e}. Check the provider URL in Settings and that the server can reach it.",
                    self.provider.base_url
                ));
            }
        };
        let status_code = response.status();
        let mut body = response.into_body();
        if !status_code.is_success() {
            let bytes = body.read_to_end(upstream::MAX_ERROR_BODY_BYTES).await.unwrap_or_default();
            return fail(upstream::describe_http_error(status_code.as_u16(), &bytes));
        }

        let mut parser = StreamParser::new();
        let mut last_save = Instant::now();
        let mut done = false;
        let mut upstream_error: Option<String> = None;
        let mut cut: Option<String> = None;
        loop {
            let (events, ended) = match body.next_chunk().await {
                Some(Ok(bytes)) => (parser.push(&bytes), false),
                Some(Err(e)) => {
                    cut = Some(format!("{e}"));
                    (parser.finish(), true)
                }
                None => (parser.finish(), true),
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
            if last_save.elapsed() >= SAVE_INTERVAL {
                // Also a heartbeat: it keeps the row from being taken for a dead writer.
                if let Err(e) = store::save_partial(db, &self.message_id, &progress.text).await {
                    eprintln!("nexus: generation {}: saving partial text failed: {e:#}", self.message_id);
                }
                last_save = Instant::now();
            }
        }
        if let Some(m) = upstream_error {
            return fail(format!("The model provider reported an error during the reply: {m}"));
        }
        if progress.finish_reason.as_deref() == Some("error") {
            return fail("The model provider ended the reply with an error.".into());
        }
        if let Some(c) = cut {
            return fail(format!(
                "The connection to the model provider broke before the reply finished ({c}). The text so far is kept."
            ));
        }
        if !done && progress.finish_reason.is_none() {
            return fail("The model provider closed the connection before the reply finished. The text so far is kept.".into());
        }
        Ending { status: status::COMPLETED, error: None }
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
