//! Anthropic's native Messages API, as its documentation describes it: `POST
//! {base}/messages` with `x-api-key` and `anthropic-version`, the system prompt as the
//! top-level `system` field (not a message), `max_tokens` required; the stream is
//! server-sent events named by `event:` — `message_start` (input token count),
//! `content_block_start`, `content_block_delta` (`text_delta`), `content_block_stop`,
//! `message_delta` (`stop_reason`, output token count), `message_stop`, `ping`, and
//! `error` (e.g. `overloaded_error`, also sent as HTTP 529); `GET {base}/models` lists
//! `{"data": [{"id", "display_name"}]}`.

use super::{ChatMessage, ModelInfo, Params, Provider, StreamEvent, Usage, WireProtocol, error_text};
use serde_json::{Value as Json, json};

/// The API version Nexus speaks (sent as `anthropic-version`).
pub const API_VERSION: &str = "2023-06-01";
/// The base URL of Anthropic's API.
pub const BASE_URL: &str = "https://api.anthropic.com/v1";
/// Output tokens asked for (the Messages API requires a number): a long answer's worth.
pub const MAX_TOKENS: u32 = 8192;

/// The Anthropic Messages protocol.
pub struct AnthropicMessages;

fn request(provider: &Provider, path: &str, method: http::Method, body: Vec<u8>) -> anyhow::Result<http::Request<Vec<u8>>> {
    let mut b = http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", provider.base_url.trim_end_matches('/')))
        .header("accept", "application/json, text/event-stream")
        .header("anthropic-version", API_VERSION);
    if !body.is_empty() {
        b = b.header("content-type", "application/json");
    }
    if let Some(key) = provider.key() {
        b = b.header("x-api-key", key);
    }
    Ok(b.body(body)?)
}

/// `system` as its own field; the turns as they are (the API joins consecutive turns of
/// the same role into one).
fn split_system(messages: &[ChatMessage]) -> (Option<String>, Vec<&ChatMessage>) {
    let system: Vec<&str> = messages.iter().filter(|m| m.role == "system").map(|m| m.content.as_str()).collect();
    let turns = messages.iter().filter(|m| m.role != "system").collect();
    ((!system.is_empty()).then(|| system.join("\n\n")), turns)
}

/// A turn: `{"role", "content": "<text>"}`, or with pictures content blocks — each
/// picture as `{"type": "image", "source": {"type": "base64", "media_type", "data"}}`,
/// then the text (pictures first, as Anthropic recommends; an empty text block is
/// refused by the API, so none is sent).
fn turn(m: &ChatMessage) -> Json {
    if m.images.is_empty() {
        return json!({ "role": m.role, "content": m.content });
    }
    let mut blocks: Vec<Json> = m
        .images
        .iter()
        .map(|i| json!({ "type": "image", "source": { "type": "base64", "media_type": i.media_type, "data": i.data } }))
        .collect();
    if !m.content.is_empty() {
        blocks.push(json!({ "type": "text", "text": m.content }));
    }
    json!({ "role": m.role, "content": blocks })
}

impl WireProtocol for AnthropicMessages {
    /// Anthropic's limits: `temperature` at most 1; newer models refuse `temperature` and
    /// `top_p` together, so `top_p` goes only when no temperature is set.
    fn chat_request(&self, provider: &Provider, model: &str, messages: &[ChatMessage], params: &Params) -> anyhow::Result<http::Request<Vec<u8>>> {
        let (system, turns) = split_system(messages);
        let max_tokens = params.max_tokens.unwrap_or(MAX_TOKENS as i64);
        let turns: Vec<Json> = turns.into_iter().map(turn).collect();
        let mut body = json!({ "model": model, "max_tokens": max_tokens, "stream": true, "messages": turns });
        match (params.temperature, params.top_p) {
            (Some(t), _) => body["temperature"] = json!(t.min(1.0)),
            (None, Some(p)) => body["top_p"] = json!(p),
            (None, None) => {}
        }
        if let Some(s) = system {
            body["system"] = json!(s);
        }
        request(provider, "/messages", http::Method::POST, serde_json::to_vec(&body)?)
    }

    fn title_request(&self, provider: &Provider, model: &str, user: &str, assistant: &str) -> anyhow::Result<http::Request<Vec<u8>>> {
        let body = json!({
            "model": model,
            "max_tokens": 24,
            "system": super::TITLE_INSTRUCTION,
            "messages": [{ "role": "user", "content": super::title_prompt(user, assistant) }],
        });
        request(provider, "/messages", http::Method::POST, serde_json::to_vec(&body)?)
    }

    fn models_request(&self, provider: &Provider) -> anyhow::Result<http::Request<Vec<u8>>> {
        request(provider, "/models?limit=1000", http::Method::GET, Vec::new())
    }

    fn decode(&self, event: Option<&str>, data: &str, out: &mut Vec<StreamEvent>) {
        let Ok(v) = serde_json::from_str::<Json>(data) else { return };
        let kind = v.get("type").and_then(Json::as_str).or(event).unwrap_or("");
        match kind {
            "message_start" => {
                if let Some(u) = v.pointer("/message/usage") {
                    out.push(StreamEvent::Usage(usage(u, None)));
                }
            }
            "content_block_delta" => match v.pointer("/delta/type").and_then(Json::as_str) {
                Some("text_delta") => {
                    if let Some(text) = v.pointer("/delta/text").and_then(Json::as_str).filter(|t| !t.is_empty()) {
                        out.push(StreamEvent::Delta(text.to_owned()));
                    }
                }
                // Extended thinking: `thinking_delta` pieces of a `thinking` block
                // (`signature_delta` carries no text).
                Some("thinking_delta") => {
                    if let Some(text) = v.pointer("/delta/thinking").and_then(Json::as_str).filter(|t| !t.is_empty()) {
                        out.push(StreamEvent::Reasoning(text.to_owned()));
                    }
                }
                _ => {}
            },
            "message_delta" => {
                if let Some(u) = v.get("usage") {
                    out.push(StreamEvent::Usage(usage(u, None)));
                }
                if let Some(reason) = v.pointer("/delta/stop_reason").and_then(Json::as_str) {
                    out.push(StreamEvent::Finish(finish_reason(reason).to_owned()));
                }
            }
            "message_stop" => out.push(StreamEvent::Done),
            "ping" => out.push(StreamEvent::KeepAlive),
            "error" => out.push(StreamEvent::Error(error_text(v.get("error").unwrap_or(&v)))),
            _ => {} // content_block_start/stop, and event types added later
        }
    }

    fn parse_models(&self, body: &[u8]) -> anyhow::Result<Vec<ModelInfo>> {
        let v: Json = serde_json::from_slice(body)?;
        let list = v.get("data").and_then(Json::as_array).ok_or_else(|| anyhow::anyhow!("no `data` list"))?;
        Ok(list
            .iter()
            .filter_map(|m| {
                let id = m.get("id")?.as_str()?.to_owned();
                Some(ModelInfo {
                    name: m.get("display_name").and_then(Json::as_str).unwrap_or(&id).to_owned(),
                    provider: "anthropic".into(),
                    context_length: None,
                    prompt_price_per_mtok: None,
                    completion_price_per_mtok: None,
                    // Every Claude model the API lists reads images (Claude 3 and later).
                    images: true,
                    id,
                })
            })
            .collect())
    }

    fn title_text(&self, body: &[u8]) -> Option<String> {
        let v: Json = serde_json::from_slice(body).ok()?;
        let blocks = v.get("content")?.as_array()?;
        let text: String = blocks.iter().filter(|b| b["type"] == "text").filter_map(|b| b["text"].as_str()).collect();
        Some(text)
    }
}

/// Anthropic's usage (`input_tokens`, `output_tokens`, cache counts) in the common form.
/// Counts are cumulative; the generation keeps the latest of each.
fn usage(u: &Json, cost: Option<f64>) -> Usage {
    let input = ["input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"]
        .iter()
        .filter_map(|k| u.get(k).and_then(Json::as_i64))
        .reduce(|a, b| a + b);
    let output = u.get("output_tokens").and_then(Json::as_i64);
    Usage {
        prompt_tokens: input,
        completion_tokens: output,
        total_tokens: match (input, output) {
            (Some(i), Some(o)) => Some(i + o),
            _ => None,
        },
        cost,
    }
}

/// Anthropic's `stop_reason` in the common (OpenAI) words the generation knows.
fn finish_reason(reason: &str) -> &str {
    match reason {
        "end_turn" | "stop_sequence" => "stop",
        "max_tokens" => "length",
        other => other,
    }
}
