//! The OpenAI-compatible upstream protocol as providers really speak it: request
//! building, an incremental SSE parser for streamed chat completions, error bodies,
//! `/models` listings and title replies. Only this module knows the wire format.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};

/// Default provider base URL (variable `openrouter_base_url`).
pub const DEFAULT_BASE_URL: &str = "https://openrouter.ai/api/v1";
/// Sent as `HTTP-Referer` (OpenRouter shows it as the app's site).
pub const APP_REFERER: &str = "https://github.com/nexus-chat/nexus";
/// Sent as `X-Title` (OpenRouter shows it as the app's name).
pub const APP_TITLE: &str = "Nexus";
/// How much of an upstream error body is read and quoted.
pub const MAX_ERROR_BODY_BYTES: usize = 16 * 1024;

/// Where the model provider is and how to authenticate to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    pub base_url: String,
    /// Hidden from `Debug`; `None` (or empty): no `Authorization` header is sent.
    pub api_key: Option<Secret>,
}

impl Provider {
    /// Whether this is the default provider ([`DEFAULT_BASE_URL`]), which always needs a key.
    pub fn is_default(&self) -> bool {
        self.base_url.trim_end_matches('/') == DEFAULT_BASE_URL
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChatMessage {
    pub role: String,
    pub content: String,
}

impl ChatMessage {
    pub fn new(role: &str, content: &str) -> Self {
        ChatMessage { role: role.into(), content: content.into() }
    }
}

fn request(provider: &Provider, path: &str, method: http::Method, body: Vec<u8>) -> anyhow::Result<http::Request<Vec<u8>>> {
    let mut b = http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", provider.base_url.trim_end_matches('/')))
        .header("accept", "application/json, text/event-stream")
        .header("http-referer", APP_REFERER)
        .header("x-title", APP_TITLE);
    if !body.is_empty() {
        b = b.header("content-type", "application/json");
    }
    if let Some(key) = provider.api_key.as_ref().map(Secret::expose).filter(|k| !k.is_empty()) {
        b = b.header("authorization", format!("Bearer {key}"));
    }
    Ok(b.body(body)?)
}

/// `POST {base}/chat/completions`, streamed, asking for usage (and cost, on OpenRouter).
pub fn chat_request(provider: &Provider, model: &str, messages: &[ChatMessage]) -> anyhow::Result<http::Request<Vec<u8>>> {
    let body = json!({
        "model": model,
        "messages": messages,
        "stream": true,
        "stream_options": { "include_usage": true },
        "usage": { "include": true },
    });
    request(provider, "/chat/completions", http::Method::POST, serde_json::to_vec(&body)?)
}

/// Non-streaming `POST {base}/chat/completions` for a short title.
pub fn title_request(provider: &Provider, model: &str, user: &str, assistant: &str) -> anyhow::Result<http::Request<Vec<u8>>> {
    let clip = |s: &str| s.chars().take(1500).collect::<String>();
    let body = json!({
        "model": model,
        "stream": false,
        "max_tokens": 24,
        "messages": [
            { "role": "system", "content": "You name conversations. Reply with a title of at most 5 words, in the language of the conversation, with no quotes and no punctuation at the end." },
            { "role": "user", "content": format!("User: {}\n\nAssistant: {}\n\nTitle of this conversation (at most 5 words):", clip(user), clip(assistant)) },
        ],
    });
    request(provider, "/chat/completions", http::Method::POST, serde_json::to_vec(&body)?)
}

/// `GET {base}/models`.
pub fn models_request(provider: &Provider) -> anyhow::Result<http::Request<Vec<u8>>> {
    request(provider, "/models", http::Method::GET, Vec::new())
}

/// Token counts and cost as the provider reports them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Usage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_tokens: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_tokens: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_tokens: Option<i64>,
    /// Cost in the provider's credits (USD on OpenRouter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
}

/// What one upstream SSE event means.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// A piece of the reply's text.
    Delta(String),
    /// Token counts (usually in the last chunk, which may have no choices).
    Usage(Usage),
    /// `finish_reason` of the choice ("stop", "length", "error", …).
    Finish(String),
    /// An `{"error": {...}}` object inside the stream.
    Error(String),
    /// `data: [DONE]`.
    Done,
    /// An SSE comment such as OpenRouter's `: OPENROUTER PROCESSING` keep-alive.
    KeepAlive,
}

/// Incremental parser for an upstream `text/event-stream`: feed it bytes as they arrive,
/// split anywhere (also inside a UTF-8 character or a CRLF), and it returns every event
/// completed so far.
#[derive(Debug, Default)]
pub struct StreamParser {
    buf: Vec<u8>,
    data: Option<String>,
}

impl StreamParser {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, bytes: &[u8]) -> Vec<StreamEvent> {
        self.buf.extend_from_slice(bytes);
        let mut out = Vec::new();
        let mut start = 0;
        while let Some(off) = self.buf[start..].iter().position(|&b| b == b'\n' || b == b'\r') {
            let end = start + off;
            let step = match (self.buf[end], self.buf.get(end + 1)) {
                (b'\r', Some(b'\n')) => 2,
                (b'\r', None) => break, // a CR at the end may be the first half of CRLF
                _ => 1,
            };
            let line = String::from_utf8_lossy(&self.buf[start..end]).into_owned();
            self.line(&line, &mut out);
            start = end + step;
        }
        self.buf.drain(..start);
        out
    }

    /// Call at end of stream: completes a last event that had no blank line after it.
    pub fn finish(&mut self) -> Vec<StreamEvent> {
        let mut out = Vec::new();
        if !self.buf.is_empty() {
            let rest = std::mem::take(&mut self.buf);
            let line = String::from_utf8_lossy(rest.strip_suffix(b"\r").unwrap_or(&rest)).into_owned();
            self.line(&line, &mut out);
        }
        self.dispatch(&mut out);
        out
    }

    fn line(&mut self, line: &str, out: &mut Vec<StreamEvent>) {
        if line.is_empty() {
            return self.dispatch(out);
        }
        if line.starts_with(':') {
            out.push(StreamEvent::KeepAlive);
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        if field == "data" {
            match &mut self.data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            }
        }
    }

    fn dispatch(&mut self, out: &mut Vec<StreamEvent>) {
        let Some(data) = self.data.take() else { return };
        let data = data.trim();
        if data == "[DONE]" {
            out.push(StreamEvent::Done);
            return;
        }
        let Ok(v) = serde_json::from_str::<Json>(data) else {
            return; // not JSON: nothing a chat completion stream means by it
        };
        if let Some(err) = v.get("error").filter(|e| !e.is_null()) {
            out.push(StreamEvent::Error(error_text(err)));
        }
        if let Some(choice) = v.get("choices").and_then(|c| c.get(0)) {
            if let Some(text) = choice.pointer("/delta/content").and_then(Json::as_str)
                && !text.is_empty() {
                    out.push(StreamEvent::Delta(text.to_owned()));
                }
            if let Some(reason) = choice.get("finish_reason").and_then(Json::as_str) {
                out.push(StreamEvent::Finish(reason.to_owned()));
            }
        }
        if let Some(u) = v.get("usage").filter(|u| u.is_object()) {
            out.push(StreamEvent::Usage(parse_usage(u)));
        }
    }
}

fn parse_usage(u: &Json) -> Usage {
    Usage {
        prompt_tokens: u.get("prompt_tokens").and_then(Json::as_i64),
        completion_tokens: u.get("completion_tokens").and_then(Json::as_i64),
        total_tokens: u.get("total_tokens").and_then(Json::as_i64),
        cost: u.get("cost").and_then(Json::as_f64),
    }
}

/// The human part of an error object: `{"message": ..}`, a string, or the JSON itself.
fn error_text(err: &Json) -> String {
    let msg = match err {
        Json::String(s) => s.clone(),
        _ => err
            .get("message")
            .and_then(Json::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| err.to_string()),
    };
    // OpenRouter nests the real provider text in metadata.raw for some errors.
    match err.pointer("/metadata/raw").and_then(Json::as_str) {
        Some(raw) if !raw.is_empty() && !msg.contains(raw) => format!("{msg} ({})", clip(raw, 300)),
        _ => msg,
    }
}

fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// A sentence a person understands for a non-2xx answer from the provider.
pub fn describe_http_error(status: u16, body: &[u8]) -> String {
    let detail = serde_json::from_slice::<Json>(body)
        .ok()
        .and_then(|v| v.get("error").filter(|e| !e.is_null()).map(error_text))
        .or_else(|| {
            let text = String::from_utf8_lossy(body);
            let text = text.trim();
            (!text.is_empty() && !text.starts_with('<')).then(|| clip(text, 300))
        });
    let what = match status {
        401 => "The model provider rejected the API key (401). Check the key in Settings.".to_string(),
        402 => "The model provider says the account has no credit left (402). Add credit, or choose a free model.".to_string(),
        403 => "The model provider refused this request (403); the key may not be allowed to use this model.".to_string(),
        404 => "The model provider does not know this model or endpoint (404). Choose another model, or check the provider URL in Settings.".to_string(),
        408 | 504 => format!("The model provider timed out ({status}). Try again."),
        413 => "The conversation is too long for the model provider (413). Start a new conversation or choose a model with a larger context.".to_string(),
        429 => "The model provider is rate-limiting requests (429). Wait a moment and try again.".to_string(),
        500..=599 => format!("The model provider had a server error ({status}). Try again in a moment."),
        _ => format!("The model provider refused the request ({status})."),
    };
    match detail {
        Some(d) => format!("{what} Provider says: {d}"),
        None => what,
    }
}

/// One model the provider offers, as the settings API returns it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ModelInfo {
    pub id: String,
    pub name: String,
    /// The part of the id before `/` (e.g. "openai"), or "other".
    pub provider: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_length: Option<i64>,
    /// USD per million tokens, where the provider says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_price_per_mtok: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_price_per_mtok: Option<f64>,
}

/// Parses a `/models` answer (OpenRouter's rich form or the plain OpenAI/Ollama form),
/// keeping text-output models only, sorted by provider then name.
pub fn parse_models(body: &[u8]) -> anyhow::Result<Vec<ModelInfo>> {
    let v: Json = serde_json::from_slice(body)?;
    let list = v.get("data").and_then(Json::as_array).ok_or_else(|| anyhow::anyhow!("no `data` list"))?;
    let price = |m: &Json, k: &str| {
        let p = m.pointer(&format!("/pricing/{k}"))?;
        let per_token = p.as_f64().or_else(|| p.as_str()?.parse::<f64>().ok())?;
        (per_token >= 0.0).then(|| (per_token * 1_000_000.0 * 1e6).round() / 1e6)
    };
    let mut models: Vec<ModelInfo> = list
        .iter()
        .filter(|m| is_text_output(m))
        .filter_map(|m| {
            let id = m.get("id")?.as_str()?.to_owned();
            Some(ModelInfo {
                name: m.get("name").and_then(Json::as_str).unwrap_or(&id).to_owned(),
                provider: id.split_once('/').map_or("other", |(p, _)| p).to_owned(),
                context_length: m
                    .get("context_length")
                    .and_then(Json::as_i64)
                    .or_else(|| m.pointer("/top_provider/context_length").and_then(Json::as_i64)),
                prompt_price_per_mtok: price(m, "prompt"),
                completion_price_per_mtok: price(m, "completion"),
                id,
            })
        })
        .collect();
    models.sort_by(|a, b| (&a.provider, &a.name).cmp(&(&b.provider, &b.name)));
    Ok(models)
}

fn is_text_output(m: &Json) -> bool {
    if let Some(outs) = m.pointer("/architecture/output_modalities").and_then(Json::as_array) {
        return outs.iter().any(|o| o.as_str() == Some("text"));
    }
    if let Some(modality) = m.pointer("/architecture/modality").and_then(Json::as_str) {
        return modality.rsplit("->").next().is_some_and(|o| o.split('+').any(|x| x == "text"));
    }
    true // plain OpenAI-style listings say nothing: keep them
}

/// The title from a non-streamed completion, cleaned to at most 5 words; `None` if empty.
pub fn parse_title(body: &[u8]) -> Option<String> {
    let v: Json = serde_json::from_slice(body).ok()?;
    let text = v.pointer("/choices/0/message/content")?.as_str()?;
    clean_title(text)
}

pub fn clean_title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = line.strip_prefix("Title:").or_else(|| line.strip_prefix("title:")).unwrap_or(line);
    let junk = |c: char| matches!(c, '"' | '\'' | '*' | '#' | '`' | '“' | '”' | '‘' | '’' | '.' | ':' | '!' | ',' | ';') || c.is_whitespace();
    let words: Vec<&str> = line.trim_matches(junk).split_whitespace().take(5).collect();
    let title = words.join(" ");
    let title = title.trim_end_matches(junk);
    let title: String = title.chars().take(80).collect();
    (!title.is_empty()).then_some(title)
}
