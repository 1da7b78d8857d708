//! A fake OpenAI-compatible provider that streams like OpenRouter: keep-alive comments,
//! a role chunk, content chunks, a finish chunk, a usage-only chunk with cost, `[DONE]`.
//!
//! What it does is chosen by a directive in the last user message, so tests in Rust,
//! the browser tests and the benchmark (all talking over HTTP) can steer it:
//! `[[chunks=… delay=… status=429 cut=3 error=2 hold=1 split=1 words=500 title=fail]]`.
//!
//! - `delay=MS`   pause before each chunk (default 2)
//! - `wait=MS`    pause before answering at all (a local server loading its model)
//! - `first=MS`   pause before the first piece instead of `delay` (time to first token)
//! - `words=N`    append N filler words to the reply
//! - `tiny=1`     send every character as its own chunk (many small events)
//! - `status=N`   answer HTTP N with an OpenAI-style JSON error body instead of a stream
//! - `cut=K`      after K content chunks, abort the connection mid-stream
//! - `error=K`    after K content chunks, send an in-stream `{"error": …}` and end
//! - `hold=K`     after K content chunks, wait for `POST /__release`
//! - `split=1`    send the byte stream in 7-byte pieces (splits events and UTF-8 chars)
//! - `title=fail` answer the (non-streamed) title request with a 500
//!
//! The reply is always [`reply_text`] of the user message, so tests know it exactly.
//! `GET /__requests` lists every request received (method, path, authorization, body).

use bytes::Bytes;
use http_body::{Body, Frame};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{Semaphore, mpsc};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub delay_ms: u64,
    pub wait_ms: u64,
    pub first_ms: Option<u64>,
    pub words: usize,
    pub status: Option<u16>,
    pub cut_after: Option<usize>,
    pub error_after: Option<usize>,
    pub hold_after: Option<usize>,
    pub split: bool,
    pub tiny: bool,
    pub title_fail: bool,
    /// With `status`: answer it only to the first N streamed requests with this message,
    /// then stream normally (a provider's passing overload).
    pub fails: Option<u32>,
    /// `[[think=1]]`: reason first ([`FAKE_REASONING`]), as each protocol streams it.
    pub think: bool,
}

/// The reasoning `[[think=1]]` streams before the answer.
pub const FAKE_REASONING: &str = "The user asks something. I should answer briefly.";

/// Reads the `[[k=v …]]` directive out of a message.
pub fn parse_plan(content: &str) -> Plan {
    let mut plan = Plan { delay_ms: 2, ..Plan::default() };
    let Some(start) = content.find("[[") else { return plan };
    let Some(len) = content[start..].find("]]") else { return plan };
    for kv in content[start + 2..start + len].split_whitespace() {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        let n = v.parse::<u64>().ok();
        match k {
            "delay" => plan.delay_ms = n.unwrap_or(2),
            "wait" => plan.wait_ms = n.unwrap_or(0),
            "first" => plan.first_ms = n,
            "words" => plan.words = n.unwrap_or(0) as usize,
            "status" => plan.status = n.map(|n| n as u16),
            "fails" => plan.fails = n.map(|n| n as u32),
            "cut" => plan.cut_after = n.map(|n| n as usize),
            "error" => plan.error_after = n.map(|n| n as usize),
            "hold" => plan.hold_after = n.map(|n| n as usize),
            "split" => plan.split = v == "1",
            "tiny" => plan.tiny = v == "1",
            "think" => plan.think = v == "1",
            "title" => plan.title_fail = v == "fail",
            _ => {}
        }
    }
    plan
}

/// The message without its directive.
pub fn strip_directive(content: &str) -> String {
    match (content.find("[["), content.find("]]")) {
        (Some(s), Some(e)) if e > s => format!("{}{}", &content[..s], &content[e + 2..]).trim().to_owned(),
        _ => content.trim().to_owned(),
    }
}

/// The full reply the fake gives to `content`.
pub fn reply_text(content: &str) -> String {
    let plan = parse_plan(content);
    let mut text = format!("You said: {}", strip_directive(content));
    for i in 0..plan.words {
        text.push_str(if i % 2 == 0 { " lorem" } else { " ipsum" });
    }
    text
}

/// The reply cut into content chunks (a word and the space before it).
pub fn reply_chunks(text: &str) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        if ch == ' ' && !cur.trim().is_empty() {
            chunks.push(std::mem::take(&mut cur));
        }
        cur.push(ch);
    }
    if !cur.is_empty() {
        chunks.push(cur);
    }
    chunks
}

/// The title the fake gives (as the model would, with quotes and a final period).
pub const FAKE_TITLE_REPLY: &str = "\"Greetings From The Test Suite.\"";

pub struct State {
    pub requests: Mutex<Vec<Value>>,
    release: Semaphore,
    /// Streams whose reader went away before the fake finished sending.
    pub closed_early: Mutex<usize>,
    /// Streamed requests seen per last user message (for `fails=N`).
    attempts: Mutex<std::collections::HashMap<String, u32>>,
}

impl State {
    /// The error status to answer this streamed request with, if any: `status`, or with
    /// `fails=N` only for the first N requests carrying this message.
    fn failing_status(&self, plan: &Plan, content: &str) -> Option<u16> {
        let status = plan.status?;
        let Some(n) = plan.fails else { return Some(status) };
        let mut attempts = self.attempts.lock().ok()?;
        let seen = attempts.entry(content.to_owned()).or_insert(0);
        *seen += 1;
        (*seen <= n).then_some(status)
    }
}

impl Default for State {
    fn default() -> Self {
        State { requests: Mutex::new(Vec::new()), release: Semaphore::new(0), closed_early: Mutex::new(0), attempts: Mutex::default() }
    }
}

pub struct FakeUpstream {
    pub addr: SocketAddr,
    pub state: Arc<State>,
}

impl FakeUpstream {
    /// Starts on `addr` (port 0: any free port) in a background thread.
    pub fn start(addr: SocketAddr) -> anyhow::Result<FakeUpstream> {
        let state = Arc::new(State::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let st = state.clone();
        std::thread::spawn(move || {
            crate::server::run_local(async move {
                let listener = match tokio::net::TcpListener::bind(addr).await {
                    Ok(l) => l,
                    Err(e) => {
                        let _ = tx.send(Err(anyhow::Error::from(e)));
                        return;
                    }
                };
                let _ = tx.send(listener.local_addr().map_err(anyhow::Error::from));
                serve(listener, st).await;
            })
        });
        let addr = rx.recv()??;
        Ok(FakeUpstream { addr, state })
    }

    /// The base URL to configure Nexus with.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub fn requests(&self) -> Vec<Value> {
        self.state.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    pub fn release(&self) {
        self.state.release.add_permits(1);
    }
}

pub async fn serve(listener: tokio::net::TcpListener, state: Arc<State>) {
    let _ = crate::server::accept_loop(listener, move |req| handle(state.clone(), req)).await;
}

/// A body fed by a channel; an `Err` item aborts the connection (a cut mid-stream).
pub struct FakeBody(mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl Body for FakeBody {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.get_mut().0.poll_recv(cx).map(|o| o.map(|r| r.map(Frame::data)))
    }
}

fn whole(status: u16, content_type: &str, body: String) -> http::Response<FakeBody> {
    let (tx, rx) = mpsc::channel(1);
    let _ = tx.try_send(Ok(Bytes::from(body)));
    http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(FakeBody(rx))
        .expect("response")
}

async fn handle(state: Arc<State>, req: http::Request<hyper::body::Incoming>) -> Result<http::Response<FakeBody>, std::convert::Infallible> {
    let (parts, body) = req.into_parts();
    let bytes = body.collect().await.map(|c| c.to_bytes()).unwrap_or_default();
    let json_body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let path = parts.uri.path().to_owned();
    if !path.starts_with("/__") {
        let record = json!({
            "method": parts.method.as_str(),
            "path": path,
            "authorization": parts.headers.get("authorization").and_then(|v| v.to_str().ok()),
            "x_title": parts.headers.get("x-title").and_then(|v| v.to_str().ok()),
            "x_api_key": parts.headers.get("x-api-key").and_then(|v| v.to_str().ok()),
            "anthropic_version": parts.headers.get("anthropic-version").and_then(|v| v.to_str().ok()),
            "body": json_body,
        });
        if let Ok(mut r) = state.requests.lock() {
            r.push(record);
        }
    }
    Ok(match (parts.method.as_str(), path.as_str()) {
        ("GET", "/__requests") => {
            let list = state.requests.lock().map(|r| r.clone()).unwrap_or_default();
            whole(200, "application/json", Value::Array(list).to_string())
        }
        ("GET", "/__closed_early") => {
            let n = state.closed_early.lock().map(|n| *n).unwrap_or(0);
            whole(200, "application/json", json!({ "closed_early": n }).to_string())
        }
        ("POST", "/__release") => {
            state.release.add_permits(1);
            whole(200, "application/json", "{}".into())
        }
        // Anthropic's Messages API (docs.anthropic.com: "Messages", "Streaming Messages",
        // "Models"): asked with `anthropic-version`; answers in its own format.
        ("GET", "/v1/models") if parts.headers.contains_key("anthropic-version") => {
            whole(200, "application/json", anthropic_models_fixture().to_string())
        }
        ("POST", "/v1/messages") => anthropic_messages(&state, &parts.headers, &json_body),
        ("POST", "/v1/moderations") => moderation(&json_body),
        ("GET", "/v1/models") => whole(200, "application/json", models_fixture().to_string()),
        ("POST", "/v1/chat/completions") => {
            let wait = parse_plan(&last_user_message(&json_body)).wait_ms;
            if wait > 0 && json_body.get("stream").and_then(Value::as_bool) == Some(true) {
                tokio::time::sleep(Duration::from_millis(wait)).await;
            }
            chat(state, &json_body)
        }
        _ => whole(404, "application/json", json!({"error": {"message": "no such route", "code": 404}}).to_string()),
    })
}

/// The text of the last user message: its `content` string, or the text parts/blocks
/// of a content array (a message with pictures, in either protocol).
fn last_user_message(body: &Value) -> String {
    let Some(m) = body
        .get("messages")
        .and_then(Value::as_array)
        .and_then(|m| m.iter().rev().find(|m| m.get("role").and_then(Value::as_str) == Some("user")))
    else {
        return String::new();
    };
    match m.get("content") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter(|p| p["type"] == "text")
            .filter_map(|p| p["text"].as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// What a provider says about a picture it cannot take, as its API checks it: OpenAI's
/// `image_url` parts need a `url` (a data URL must be `data:image/<type>;base64,…`);
/// Anthropic's `image` blocks need `source.type` "base64", a `media_type` it supports
/// and `data` in base64.
fn bad_image(body: &Value, anthropic: bool) -> Option<String> {
    use base64::Engine;
    let decodes = |d: &str| base64::engine::general_purpose::STANDARD.decode(d).is_ok_and(|b| !b.is_empty());
    let types = ["image/jpeg", "image/png", "image/gif", "image/webp"];
    for m in body.get("messages").and_then(Value::as_array).into_iter().flatten() {
        for part in m.get("content").and_then(Value::as_array).into_iter().flatten() {
            match (anthropic, part["type"].as_str()) {
                (false, Some("image_url")) => {
                    let url = part.pointer("/image_url/url").and_then(Value::as_str).unwrap_or("");
                    let ok = match url.strip_prefix("data:") {
                        Some(rest) => rest
                            .split_once(";base64,")
                            .is_some_and(|(t, d)| types.contains(&t) && decodes(d)),
                        None => url.starts_with("https://"),
                    };
                    if !ok {
                        return Some(format!("Invalid image_url: {:.60}", url));
                    }
                }
                (true, Some("image")) => {
                    let src = &part["source"];
                    if src["type"] != "base64" || !types.contains(&src["media_type"].as_str().unwrap_or("")) || !decodes(src["data"].as_str().unwrap_or("")) {
                        return Some("messages: image source must be base64 with a supported media_type".into());
                    }
                }
                (true, Some("text")) if part["text"].as_str().is_none_or(str::is_empty) => {
                    return Some("messages: text content blocks must be non-empty".into());
                }
                (_, Some("text")) => {}
                (_, other) => return Some(format!("messages: unknown content type {other:?}")),
            }
        }
    }
    None
}

fn error_body(status: u16) -> String {
    let message = match status {
        401 => "No auth credentials found",
        402 => "Insufficient credits. Add more using https://openrouter.ai/settings/credits",
        429 => "Rate limit exceeded: free-models-per-min",
        _ => "Internal Server Error",
    };
    json!({ "error": { "message": message, "code": status } }).to_string()
}

fn chat(state: Arc<State>, body: &Value) -> http::Response<FakeBody> {
    if let Some(problem) = bad_image(body, false) {
        return whole(400, "application/json", json!({ "error": { "message": problem, "type": "invalid_request_error", "code": 400 } }).to_string());
    }
    let content = last_user_message(body);
    let plan = parse_plan(&content);
    let model = body.get("model").and_then(Value::as_str).unwrap_or("fake/model").to_owned();
    if body.get("stream").and_then(Value::as_bool) != Some(true) {
        if plan.title_fail {
            return whole(500, "application/json", error_body(500));
        }
        let reply = json!({
            "id": "gen-title", "object": "chat.completion", "model": model,
            "choices": [{ "index": 0, "message": { "role": "assistant", "content": FAKE_TITLE_REPLY }, "finish_reason": "stop" }],
            "usage": { "prompt_tokens": 20, "completion_tokens": 6, "total_tokens": 26 }
        });
        return whole(200, "application/json", reply.to_string());
    }
    if let Some(status) = state.failing_status(&plan, &content) {
        return whole(status, "application/json", error_body(status));
    }
    let prompt_chars: usize = body
        .get("messages")
        .and_then(Value::as_array)
        .map(|ms| ms.iter().filter_map(|m| m.get("content").and_then(Value::as_str)).map(str::len).sum())
        .unwrap_or(0);
    let (tx, rx) = mpsc::channel(64);
    // OpenRouter reports the cost with the usage when usage accounting is asked for
    // (`"usage": {"include": true}`); other OpenAI-style servers report none.
    let with_cost = body.pointer("/usage/include").and_then(Value::as_bool) == Some(true);
    tokio::task::spawn_local(produce(state, tx, plan, reply_text(&content), model, prompt_chars, with_cost));
    http::Response::builder()
        .status(200)
        .header("content-type", "text/event-stream")
        .header("cache-control", "no-cache")
        .body(FakeBody(rx))
        .expect("response")
}

fn chunk(model: &str, delta: Value, finish: Option<&str>) -> String {
    let v = json!({
        "id": "gen-fake-1", "provider": "Fake", "model": model, "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "choices": [{ "index": 0, "delta": delta, "finish_reason": finish, "native_finish_reason": finish, "logprobs": null }]
    });
    format!("data: {v}\n\n")
}

async fn produce(
    state: Arc<State>,
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    plan: Plan,
    text: String,
    model: String,
    prompt_chars: usize,
    with_cost: bool,
) {
    let chunks = if plan.tiny { text.chars().map(String::from).collect() } else { reply_chunks(&text) };
    let mut pieces: Vec<(String, bool)> = vec![
        (": OPENROUTER PROCESSING\n\n".into(), false),
        (chunk(&model, json!({"role": "assistant", "content": ""}), None), false),
    ];
    // OpenRouter streams a reasoning model's thinking as `delta.reasoning` before the answer.
    if plan.think {
        for piece in FAKE_REASONING.split_inclusive(' ') {
            pieces.push((chunk(&model, json!({"role": "assistant", "content": "", "reasoning": piece}), None), false));
        }
    }
    let mut cut = false;
    for (i, c) in chunks.iter().enumerate() {
        if plan.cut_after == Some(i) {
            cut = true;
            break;
        }
        if plan.error_after == Some(i) {
            let err = json!({
                "id": "gen-fake-1", "object": "chat.completion.chunk", "model": model,
                "error": { "code": 502, "message": "Upstream provider crashed" },
                "choices": [{ "index": 0, "delta": { "content": "" }, "finish_reason": "error" }]
            });
            pieces.push((format!("data: {err}\n\n"), true));
            pieces.push(("data: [DONE]\n\n".into(), false));
            break;
        }
        pieces.push((chunk(&model, json!({"role": "assistant", "content": c}), None), true));
    }
    if !cut && plan.error_after.is_none_or(|k| k >= chunks.len()) {
        pieces.push((chunk(&model, json!({"role": "assistant", "content": ""}), Some("stop")), false));
        let mut usage = json!({
            "id": "gen-fake-1", "object": "chat.completion.chunk", "model": model, "choices": [],
            "usage": { "prompt_tokens": prompt_chars / 4 + 1, "completion_tokens": chunks.len(),
                       "total_tokens": prompt_chars / 4 + 1 + chunks.len() }
        });
        if with_cost {
            usage["usage"]["cost"] = json!(0.000042);
        }
        pieces.push((format!("data: {usage}\n\n"), false));
        pieces.push(("data: [DONE]\n\n".into(), false));
    }

    let mut sent_content = 0;
    let send = |bytes: Vec<u8>| {
        let tx = tx.clone();
        async move { tx.send(Ok(Bytes::from(bytes))).await.is_ok() }
    };
    for (i, (piece, is_content)) in pieces.into_iter().enumerate() {
        if is_content {
            if plan.hold_after == Some(sent_content)
                && let Ok(permit) = state.release.acquire().await {
                    permit.forget();
                }
            sent_content += 1;
        }
        let pause = if i == 0 { plan.first_ms.unwrap_or(plan.delay_ms) } else { plan.delay_ms };
        if pause > 0 {
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
        let ok = if plan.split {
            let mut ok = true;
            for part in piece.as_bytes().chunks(7) {
                ok &= send(part.to_vec()).await;
            }
            ok
        } else {
            send(piece.into_bytes()).await
        };
        if !ok {
            if let Ok(mut n) = state.closed_early.lock() {
                *n += 1;
            }
            return;
        }
    }
    if cut {
        // Let what was sent reach the client first (a write still in the buffer when
        // the connection is aborted would be lost, which makes tests nondeterministic).
        tokio::time::sleep(Duration::from_millis(50)).await;
        let _ = tx.send(Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut"))).await;
    }
}

/// `POST /v1/moderations` as OpenAI documents it: one result per input with `flagged`,
/// `categories` and `category_scores`. Flags an input containing `[[flag]]` (as
/// violence); answers 500 to one containing `[[moderation=down]]`.
fn moderation(body: &Value) -> http::Response<FakeBody> {
    let input = body.get("input").and_then(Value::as_str).unwrap_or("");
    if input.contains("[[moderation=down]]") {
        return whole(500, "application/json", error_body(500));
    }
    let flagged = input.contains("[[flag]]");
    let names = ["harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent", "self-harm",
        "self-harm/instructions", "self-harm/intent", "sexual", "sexual/minors", "violence", "violence/graphic"];
    let categories: serde_json::Map<String, Value> = names.iter().map(|n| (n.to_string(), json!(flagged && *n == "violence"))).collect();
    let scores: serde_json::Map<String, Value> =
        names.iter().map(|n| (n.to_string(), json!(if flagged && *n == "violence" { 0.93 } else { 0.0001 }))).collect();
    let answer = json!({
        "id": "modr-fake-1",
        "model": body.get("model").cloned().unwrap_or(Value::Null),
        "results": [{ "flagged": flagged, "categories": categories, "category_scores": scores }]
    });
    whole(200, "application/json", answer.to_string())
}

/// An OpenRouter-shaped `/models` answer: two text models and one image-only model.
pub fn models_fixture() -> Value {
    json!({ "data": [
        { "id": "openai/gpt-4o-mini", "name": "OpenAI: GPT-4o-mini", "context_length": 128000,
          "pricing": { "prompt": "0.00000015", "completion": "0.0000006" },
          "architecture": { "modality": "text+image->text", "input_modalities": ["text", "image"], "output_modalities": ["text"] } },
        { "id": "meta-llama/llama-3.1-8b-instruct:free", "name": "Meta: Llama 3.1 8B (free)", "context_length": 131072,
          "pricing": { "prompt": "0", "completion": "0" },
          "architecture": { "modality": "text->text", "output_modalities": ["text"] } },
        { "id": "black-forest-labs/flux-1", "name": "FLUX.1 image", "context_length": 0,
          "pricing": { "prompt": "0", "completion": "0" },
          "architecture": { "modality": "text->image", "output_modalities": ["image"] } }
    ]})
}

/// Anthropic's `GET /v1/models` answer.
pub fn anthropic_models_fixture() -> Value {
    json!({ "data": [
        { "type": "model", "id": "claude-sonnet-4-5", "display_name": "Claude Sonnet 4.5", "created_at": "2025-09-29T00:00:00Z" },
        { "type": "model", "id": "claude-haiku-4-5", "display_name": "Claude Haiku 4.5", "created_at": "2025-10-01T00:00:00Z" }
    ], "has_more": false, "first_id": "claude-sonnet-4-5", "last_id": "claude-haiku-4-5" })
}

/// `POST /v1/messages` as Anthropic answers it: a 401 without `x-api-key`, 400 without
/// `max_tokens` or with a `system` message in `messages`; streamed, the documented event
/// sequence (message_start, content_block_start, ping, content_block_delta…,
/// content_block_stop, message_delta, message_stop); otherwise one message. `[[status=N]]`
/// answers N with Anthropic's error body (529: overloaded).
fn anthropic_messages(state: &State, headers: &http::HeaderMap, body: &Value) -> http::Response<FakeBody> {
    let error = |status: u16, kind: &str, message: &str| {
        whole(status, "application/json", json!({ "type": "error", "error": { "type": kind, "message": message } }).to_string())
    };
    if !headers.contains_key("x-api-key") {
        return error(401, "authentication_error", "x-api-key header is required");
    }
    if body.get("max_tokens").and_then(Value::as_u64).is_none() {
        return error(400, "invalid_request_error", "max_tokens: Field required");
    }
    let messages = body.get("messages").and_then(Value::as_array).cloned().unwrap_or_default();
    if messages.iter().any(|m| m["role"] == "system") {
        return error(400, "invalid_request_error", "messages: Unexpected role \"system\". Use the top-level system parameter.");
    }
    if let Some(problem) = bad_image(body, true) {
        return error(400, "invalid_request_error", &problem);
    }
    let content = last_user_message(body);
    let plan = parse_plan(&content);
    let streamed = body.get("stream").and_then(Value::as_bool) == Some(true);
    if let Some(status) = if streamed { state.failing_status(&plan, &content) } else { None } {
        let kind = if status == 529 { "overloaded_error" } else { "api_error" };
        return error(status, kind, if status == 529 { "Overloaded" } else { "Internal server error" });
    }
    let model = body.get("model").and_then(Value::as_str).unwrap_or("claude-fake").to_owned();
    if body.get("stream").and_then(Value::as_bool) != Some(true) {
        let reply = json!({
            "id": "msg_title", "type": "message", "role": "assistant", "model": model,
            "content": [{ "type": "text", "text": FAKE_TITLE_REPLY }],
            "stop_reason": "end_turn", "stop_sequence": null, "usage": { "input_tokens": 20, "output_tokens": 6 }
        });
        return whole(200, "application/json", reply.to_string());
    }
    let text = reply_text(&content);
    let ev = |name: &str, data: Value| format!("event: {name}\ndata: {data}\n\n");
    let mut out = String::new();
    out += &ev("message_start", json!({ "type": "message_start", "message": { "id": "msg_fake", "type": "message", "role": "assistant",
        "content": [], "model": model, "stop_reason": null, "stop_sequence": null, "usage": { "input_tokens": 25, "output_tokens": 1 } } }));
    // Extended thinking: a `thinking` block (thinking_delta pieces, then its
    // signature_delta) before the text block.
    let think = parse_plan(&content).think;
    if think {
        out += &ev("content_block_start", json!({ "type": "content_block_start", "index": 0, "content_block": { "type": "thinking", "thinking": "" } }));
        for piece in FAKE_REASONING.split_inclusive(' ') {
            out += &ev("content_block_delta", json!({ "type": "content_block_delta", "index": 0, "delta": { "type": "thinking_delta", "thinking": piece } }));
        }
        out += &ev("content_block_delta", json!({ "type": "content_block_delta", "index": 0, "delta": { "type": "signature_delta", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3h" } }));
        out += &ev("content_block_stop", json!({ "type": "content_block_stop", "index": 0 }));
    }
    let index = usize::from(think);
    out += &ev("content_block_start", json!({ "type": "content_block_start", "index": index, "content_block": { "type": "text", "text": "" } }));
    out += &ev("ping", json!({ "type": "ping" }));
    let words: Vec<&str> = text.split_inclusive(' ').collect();
    for w in &words {
        out += &ev("content_block_delta", json!({ "type": "content_block_delta", "index": index, "delta": { "type": "text_delta", "text": w } }));
    }
    out += &ev("content_block_stop", json!({ "type": "content_block_stop", "index": index }));
    out += &ev("message_delta", json!({ "type": "message_delta", "delta": { "stop_reason": "end_turn", "stop_sequence": null }, "usage": { "output_tokens": words.len() } }));
    out += &ev("message_stop", json!({ "type": "message_stop" }));
    whole(200, "text/event-stream", out)
}
