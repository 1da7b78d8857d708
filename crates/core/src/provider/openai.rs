//! OpenAI's chat completions as providers really speak it (OpenAI, OpenRouter, DeepSeek,
//! Google's OpenAI-compatible endpoint, local servers): `Authorization: Bearer`, the
//! system prompt as a `system` message, `data:` chunks with `choices[0].delta.content`,
//! usage in the last chunk (`stream_options.include_usage`; OpenRouter adds `cost`),
//! `data: [DONE]`; `/models` in OpenRouter's rich form or the plain one.

use super::{ChatMessage, Kind, ModelInfo, Params, Provider, StreamEvent, Usage, WireProtocol, error_text};
use serde_json::{Value as Json, json};

/// Default provider base URL (variable `openrouter_base_url`).
pub const DEFAULT_BASE_URL: &str = "https://openrouter.ai/api/v1";
/// Sent as `HTTP-Referer` (OpenRouter shows it as the app's site).
pub const APP_REFERER: &str = "https://github.com/nexus-chat/nexus";
/// Sent as `X-Title` (OpenRouter shows it as the app's name).
pub const APP_TITLE: &str = "Nexus";

/// The OpenAI chat completions protocol.
pub struct OpenAiChat;

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
    if let Some(key) = provider.key() {
        b = b.header("authorization", format!("Bearer {key}"));
    }
    Ok(b.body(body)?)
}

/// OpenAI's own API has replaced `max_tokens` by `max_completion_tokens` (its reasoning
/// models refuse the old name); the other OpenAI-style servers know `max_tokens`.
fn max_tokens_field(provider: &Provider) -> &'static str {
    if provider.kind == Kind::OpenAi { "max_completion_tokens" } else { "max_tokens" }
}

/// A message: `{"role", "content": "<text>"}`, or with pictures content parts — the
/// text as `{"type": "text", "text"}`, then each picture as `{"type": "image_url",
/// "image_url": {"url": "data:<type>;base64,<bytes>"}}` (no empty text part).
fn message(m: &ChatMessage) -> Json {
    if m.images.is_empty() {
        return json!({ "role": m.role, "content": m.content });
    }
    let mut parts = Vec::with_capacity(m.images.len() + 1);
    if !m.content.is_empty() {
        parts.push(json!({ "type": "text", "text": m.content }));
    }
    for i in &m.images {
        parts.push(json!({ "type": "image_url", "image_url": { "url": format!("data:{};base64,{}", i.media_type, i.data) } }));
    }
    json!({ "role": m.role, "content": parts })
}

impl WireProtocol for OpenAiChat {
/// `POST {base}/chat/completions`, streamed, asking for usage (and cost, on OpenRouter:
/// `usage.include` is OpenRouter's usage accounting; OpenAI itself refuses fields it does
/// not know, so the hosted APIs other than OpenRouter do not get it; local servers
/// ignore it, and proxies in front of OpenRouter pass it on).
fn chat_request(&self, provider: &Provider, model: &str, messages: &[ChatMessage], params: &Params) -> anyhow::Result<http::Request<Vec<u8>>> {
    let messages: Vec<Json> = messages.iter().map(message).collect();
    let mut body = json!({
        "model": model,
        "messages": messages,
        "stream": true,
        "stream_options": { "include_usage": true },
    });
    if matches!(provider.kind, Kind::OpenRouter | Kind::Compatible) {
        body["usage"] = json!({ "include": true });
    }
    if let Some(t) = params.temperature {
        body["temperature"] = json!(t);
    }
    if let Some(p) = params.top_p {
        body["top_p"] = json!(p);
    }
    if let Some(m) = params.max_tokens {
        body[max_tokens_field(provider)] = json!(m);
    }
    request(provider, "/chat/completions", http::Method::POST, serde_json::to_vec(&body)?)
}

/// Non-streaming `POST {base}/chat/completions` for a short title.
fn title_request(&self, provider: &Provider, model: &str, user: &str, assistant: &str) -> anyhow::Result<http::Request<Vec<u8>>> {
    let body = json!({
        "model": model,
        "stream": false,
        max_tokens_field(provider): 24,
        "messages": [
            { "role": "system", "content": super::TITLE_INSTRUCTION },
            { "role": "user", "content": super::title_prompt(user, assistant) },
        ],
    });
    request(provider, "/chat/completions", http::Method::POST, serde_json::to_vec(&body)?)
}

/// `GET {base}/models`.
fn models_request(&self, provider: &Provider) -> anyhow::Result<http::Request<Vec<u8>>> {
    request(provider, "/models", http::Method::GET, Vec::new())
}

fn decode(&self, _event: Option<&str>, data: &str, out: &mut Vec<StreamEvent>) {
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
        // Reasoning first: providers send it before the answer.
        for field in ["/delta/reasoning", "/delta/reasoning_content"] {
            if let Some(text) = choice.pointer(field).and_then(Json::as_str)
                && !text.is_empty()
            {
                out.push(StreamEvent::Reasoning(text.to_owned()));
                break;
            }
        }
        if let Some(text) = choice.pointer("/delta/content").and_then(Json::as_str)
            && !text.is_empty()
        {
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


/// Parses a `/models` answer (OpenRouter's rich form or the plain OpenAI/Ollama form),
/// keeping text-output models only.
fn parse_models(&self, body: &[u8]) -> anyhow::Result<Vec<ModelInfo>> {
    let v: Json = serde_json::from_slice(body)?;
    let list = v.get("data").and_then(Json::as_array).ok_or_else(|| anyhow::anyhow!("no `data` list"))?;
    let price = |m: &Json, k: &str| {
        let p = m.pointer(&format!("/pricing/{k}"))?;
        let per_token = p.as_f64().or_else(|| p.as_str()?.parse::<f64>().ok())?;
        (per_token >= 0.0).then(|| (per_token * 1_000_000.0 * 1e6).round() / 1e6)
    };
    let models: Vec<ModelInfo> = list
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
                images: crate::images::model_takes_images(Kind::OpenRouter, &id, input_modalities(m).as_deref()),
                id,
            })
        })
        .collect();
    Ok(models)
}

fn title_text(&self, body: &[u8]) -> Option<String> {
    let v: Json = serde_json::from_slice(body).ok()?;
    v.pointer("/choices/0/message/content")?.as_str().map(str::to_owned)
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

/// What a listed model takes as input, where the listing says (OpenRouter's
/// `architecture.input_modalities`, or the older `architecture.modality` "text+image->text");
/// `None` for plain listings.
fn input_modalities(m: &Json) -> Option<Vec<String>> {
    if let Some(ins) = m.pointer("/architecture/input_modalities").and_then(Json::as_array) {
        return Some(ins.iter().filter_map(Json::as_str).map(str::to_owned).collect());
    }
    let input = m.pointer("/architecture/modality").and_then(Json::as_str)?.split("->").next()?;
    Some(input.split('+').map(str::to_owned).collect())
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

/// What OpenAI's moderation endpoint said about one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Moderation {
    pub flagged: bool,
    /// The categories flagged (e.g. "violence", "harassment/threatening").
    pub categories: Vec<String>,
}

/// The moderation model asked (OpenAI's current free one; text and images).
pub const MODERATION_MODEL: &str = "omni-moderation-latest";

/// `POST {base}/moderations` with `{"model", "input"}`, as OpenAI documents it.
pub fn moderation_request(provider: &Provider, input: &str) -> anyhow::Result<http::Request<Vec<u8>>> {
    let body = json!({ "model": MODERATION_MODEL, "input": input });
    request(provider, "/moderations", http::Method::POST, serde_json::to_vec(&body)?)
}

/// `{"results": [{"flagged": bool, "categories": {name: bool}}]}`: flagged if any result is.
pub fn parse_moderation(body: &[u8]) -> anyhow::Result<Moderation> {
    let v: Json = serde_json::from_slice(body)?;
    let results = v.get("results").and_then(Json::as_array).ok_or_else(|| anyhow::anyhow!("no `results` list"))?;
    let mut m = Moderation { flagged: false, categories: Vec::new() };
    for r in results {
        m.flagged |= r.get("flagged").and_then(Json::as_bool).ok_or_else(|| anyhow::anyhow!("a result without `flagged`"))?;
        if let Some(cats) = r.get("categories").and_then(Json::as_object) {
            m.categories.extend(cats.iter().filter(|(_, on)| on.as_bool() == Some(true)).map(|(k, _)| k.clone()));
        }
    }
    m.categories.sort();
    m.categories.dedup();
    Ok(m)
}
