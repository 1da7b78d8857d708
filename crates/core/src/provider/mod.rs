//! The model providers' wire protocols behind one seam. A [`Provider`] says where a
//! provider is, how to authenticate, and which [`Protocol`] it speaks; each protocol is
//! one module implementing [`WireProtocol`] (request building, decoding one streamed
//! event into [`StreamEvent`]s, `/models`, titles). The generation, the store and the
//! browser events know nothing of any wire format: only this module and its children do.

pub mod anthropic;
pub mod openai;

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

pub use openai::DEFAULT_BASE_URL;

/// How much of an upstream error body is read and quoted.
pub const MAX_ERROR_BODY_BYTES: usize = 16 * 1024;

/// The wire protocol a provider speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// OpenAI's chat completions: OpenAI, OpenRouter, DeepSeek, Google's compatible
    /// endpoint, local servers (Ollama, LM Studio, llama.cpp, vLLM).
    #[default]
    OpenAi,
    /// Anthropic's native Messages API.
    Anthropic,
}

impl Protocol {
    pub fn parse(s: &str) -> Option<Protocol> {
        match s {
            "openai" => Some(Protocol::OpenAi),
            "anthropic" => Some(Protocol::Anthropic),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::OpenAi => "openai",
            Protocol::Anthropic => "anthropic",
        }
    }

    fn wire(self) -> &'static dyn WireProtocol {
        match self {
            Protocol::OpenAi => &openai::OpenAiChat,
            Protocol::Anthropic => &anthropic::AnthropicMessages,
        }
    }
}

/// Which provider a connection is: decides the default base URL, the wire protocol,
/// whether a key is needed, and the small dialect differences of OpenAI-style APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    OpenRouter,
    OpenAi,
    Anthropic,
    Google,
    DeepSeek,
    /// Any OpenAI-compatible server at a base URL the user gives (Ollama, LM Studio,
    /// llama.cpp, vLLM); a key is optional.
    Compatible,
}

/// What the UI shows about a [`Kind`].
#[derive(Debug, Clone, Copy, Serialize)]
pub struct KindInfo {
    pub kind: Kind,
    pub label: &'static str,
    /// `None`: the user gives it.
    pub base_url: Option<&'static str>,
    pub protocol: Protocol,
    pub needs_key: bool,
}

/// Every kind, in the order the UI offers them.
pub const KINDS: &[KindInfo] = &[
    KindInfo { kind: Kind::OpenRouter, label: "OpenRouter", base_url: Some(DEFAULT_BASE_URL), protocol: Protocol::OpenAi, needs_key: true },
    KindInfo { kind: Kind::OpenAi, label: "OpenAI", base_url: Some("https://api.openai.com/v1"), protocol: Protocol::OpenAi, needs_key: true },
    KindInfo { kind: Kind::Anthropic, label: "Anthropic", base_url: Some(anthropic::BASE_URL), protocol: Protocol::Anthropic, needs_key: true },
    KindInfo {
        kind: Kind::Google,
        label: "Google Gemini",
        base_url: Some("https://generativelanguage.googleapis.com/v1beta/openai"),
        protocol: Protocol::OpenAi,
        needs_key: true,
    },
    KindInfo { kind: Kind::DeepSeek, label: "DeepSeek", base_url: Some("https://api.deepseek.com"), protocol: Protocol::OpenAi, needs_key: true },
    KindInfo {
        kind: Kind::Compatible,
        label: "OpenAI-compatible (Ollama, LM Studio, llama.cpp, vLLM)",
        base_url: None,
        protocol: Protocol::OpenAi,
        needs_key: false,
    },
];

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        KINDS.iter().map(|k| k.kind).find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OpenRouter => "openrouter",
            Kind::OpenAi => "openai",
            Kind::Anthropic => "anthropic",
            Kind::Google => "google",
            Kind::DeepSeek => "deepseek",
            Kind::Compatible => "compatible",
        }
    }

    pub fn info(self) -> &'static KindInfo {
        KINDS.iter().find(|k| k.kind == self).expect("every kind is in KINDS")
    }

    pub fn protocol(self) -> Protocol {
        self.info().protocol
    }

    /// The kind of a provider known only by its protocol and base URL (the server
    /// connection, set before kinds existed): a known provider's host, or `Compatible`.
    pub fn infer(protocol: Protocol, base_url: &str) -> Kind {
        if protocol == Protocol::Anthropic {
            return Kind::Anthropic;
        }
        let origin = origin_of(base_url);
        KINDS
            .iter()
            .filter(|k| k.protocol == Protocol::OpenAi)
            .find(|k| k.base_url.is_some_and(|u| origin_of(u) == origin))
            .map_or(Kind::Compatible, |k| k.kind)
    }
}

/// `scheme://host[:port]` of a URL (lowercased), as Spin's `allowed_outbound_hosts` names hosts.
pub fn origin_of(url: &str) -> String {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let scheme = scheme.to_ascii_lowercase();
    let host = rest.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => "",
    };
    let host = if default_port.is_empty() { host.as_str() } else { host.strip_suffix(default_port).unwrap_or(&host) };
    format!("{scheme}://{host}")
}

/// Where the model provider is, how to authenticate to it, and how it speaks.
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    pub kind: Kind,
    pub base_url: String,
    /// Hidden from `Debug`; `None` (or empty): no credentials are sent.
    pub api_key: Option<Secret>,
}

impl Provider {
    pub fn new(kind: Kind, base_url: impl Into<String>, api_key: Option<Secret>) -> Provider {
        Provider { kind, base_url: base_url.into(), api_key }
    }

    pub fn protocol(&self) -> Protocol {
        self.kind.protocol()
    }

    /// Whether requests cannot work without a key (every hosted provider); a local
    /// OpenAI-compatible server may need none.
    pub fn needs_key(&self) -> bool {
        self.kind.info().needs_key
    }

    /// The key, if there is a non-empty one.
    pub(crate) fn key(&self) -> Option<&str> {
        self.api_key.as_ref().map(Secret::expose).filter(|k| !k.is_empty())
    }
}

/// A conversation's sampling parameters; `None`: the provider's default.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_p: Option<f64>,
}

impl Params {
    /// Largest `max_tokens` accepted (no model writes more in one reply today).
    pub const MAX_TOKENS_LIMIT: i64 = 1_000_000;

    /// A sentence saying what is out of range, if anything.
    pub fn problem(&self) -> Option<String> {
        if let Some(t) = self.temperature
            && !(0.0..=2.0).contains(&t)
        {
            return Some(format!("`temperature` must be between 0 and 2 (it is {t})."));
        }
        if let Some(p) = self.top_p
            && !(0.0..=1.0).contains(&p)
        {
            return Some(format!("`top_p` must be between 0 and 1 (it is {p})."));
        }
        if let Some(m) = self.max_tokens
            && !(1..=Self::MAX_TOKENS_LIMIT).contains(&m)
        {
            return Some(format!("`max_tokens` must be a whole number from 1 to {} (it is {m}).", Self::MAX_TOKENS_LIMIT));
        }
        None
    }
}

/// One message of a prompt, provider-neutral: each protocol writes it in its own form.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChatMessage {
    pub role: String,
    pub content: String,
    /// A user message's pictures (sent before its text where a protocol has an order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<ChatImage>,
}

/// A picture in a prompt: its stored id, and (once [`crate::prompt::load_images`] has
/// read it) its type and bytes in base64.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChatImage {
    pub id: String,
    pub media_type: String,
    pub data: String,
}

impl ChatMessage {
    pub fn new(role: &str, content: &str) -> Self {
        ChatMessage { role: role.into(), content: content.into(), images: Vec::new() }
    }
}

/// One wire protocol. Implementations are unit structs in this module's children.
pub trait WireProtocol: Sync {
    /// The streamed chat request for `messages` (`[system?, ...turns]`) with `params`.
    fn chat_request(&self, provider: &Provider, model: &str, messages: &[ChatMessage], params: &Params) -> anyhow::Result<http::Request<Vec<u8>>>;
    /// A short, non-streamed request for a conversation's title.
    fn title_request(&self, provider: &Provider, model: &str, user: &str, assistant: &str) -> anyhow::Result<http::Request<Vec<u8>>>;
    /// The model listing.
    fn models_request(&self, provider: &Provider) -> anyhow::Result<http::Request<Vec<u8>>>;
    /// What one server-sent event (`event:` name, if any, and its `data`) means.
    fn decode(&self, event: Option<&str>, data: &str, out: &mut Vec<StreamEvent>);
    /// The model listing's answer.
    fn parse_models(&self, body: &[u8]) -> anyhow::Result<Vec<ModelInfo>>;
    /// The text of a non-streamed title answer.
    fn title_text(&self, body: &[u8]) -> Option<String>;
}

/// `provider`'s streamed chat request, with the provider's default parameters.
pub fn chat_request(provider: &Provider, model: &str, messages: &[ChatMessage]) -> anyhow::Result<http::Request<Vec<u8>>> {
    chat_request_with(provider, model, messages, &Params::default())
}

/// `provider`'s streamed chat request with a conversation's parameters.
pub fn chat_request_with(provider: &Provider, model: &str, messages: &[ChatMessage], params: &Params) -> anyhow::Result<http::Request<Vec<u8>>> {
    provider.protocol().wire().chat_request(provider, model, messages, params)
}

/// `provider`'s title request.
pub fn title_request(provider: &Provider, model: &str, user: &str, assistant: &str) -> anyhow::Result<http::Request<Vec<u8>>> {
    provider.protocol().wire().title_request(provider, model, user, assistant)
}

/// `provider`'s model listing request.
pub fn models_request(provider: &Provider) -> anyhow::Result<http::Request<Vec<u8>>> {
    provider.protocol().wire().models_request(provider)
}

/// Parses `provider`'s model listing: text-output models, sorted by provider then name.
pub fn parse_models(provider: &Provider, body: &[u8]) -> anyhow::Result<Vec<ModelInfo>> {
    let mut models = provider.protocol().wire().parse_models(body)?;
    // A plain listing (OpenAI, DeepSeek, Google, a local server) says nothing about
    // pictures: the provider and the model's name decide.
    if provider.kind != Kind::OpenRouter && provider.protocol() == Protocol::OpenAi {
        for m in &mut models {
            m.images = m.images || crate::images::model_takes_images(provider.kind, &m.id, None);
        }
    }
    // Google's compatible listing names models "models/gemini-…"; its chat endpoint
    // takes the bare name (it adds "models/" itself).
    if provider.kind == Kind::Google {
        for m in &mut models {
            if let Some(bare) = m.id.strip_prefix("models/") {
                m.id = bare.to_owned();
            }
            m.provider = "google".into();
        }
    }
    models.sort_by(|a, b| (&a.provider, &a.name).cmp(&(&b.provider, &b.name)));
    Ok(models)
}

/// The title from `provider`'s non-streamed answer, cleaned to at most 5 words.
pub fn parse_title(provider: &Provider, body: &[u8]) -> Option<String> {
    clean_title(&provider.protocol().wire().title_text(body)?)
}

/// The instruction titles are made with.
pub(crate) const TITLE_INSTRUCTION: &str = "You name conversations. Reply with a title of at most 5 words, in the language of the conversation, with no quotes and no punctuation at the end.";

/// The title request's user turn.
pub(crate) fn title_prompt(user: &str, assistant: &str) -> String {
    let clip = |s: &str| s.chars().take(1500).collect::<String>();
    format!("User: {}\n\nAssistant: {}\n\nTitle of this conversation (at most 5 words):", clip(user), clip(assistant))
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
    /// A piece of the model's reasoning (OpenRouter's `reasoning`, DeepSeek's
    /// `reasoning_content`, Anthropic's thinking blocks): kept apart from the text.
    Reasoning(String),
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

impl Usage {
    /// Folds a later report in: each count it gives replaces the earlier one (providers
    /// report running totals: Anthropic the input at the start, the output at the end);
    /// the total is the provider's, or input + output.
    pub fn merge(&mut self, later: Usage) {
        self.prompt_tokens = later.prompt_tokens.or(self.prompt_tokens);
        self.completion_tokens = later.completion_tokens.or(self.completion_tokens);
        self.cost = later.cost.or(self.cost);
        self.total_tokens = later.total_tokens.or(match (self.prompt_tokens, self.completion_tokens) {
            (Some(p), Some(c)) => Some(p + c),
            _ => self.total_tokens,
        });
    }
}

/// Incremental parser for an upstream `text/event-stream`: feed it bytes as they arrive,
/// split anywhere (also inside a UTF-8 character or a CRLF), and it returns every event
/// completed so far.
#[derive(Debug)]
pub struct StreamParser {
    protocol: Protocol,
    buf: Vec<u8>,
    event: Option<String>,
    data: Option<String>,
}

impl StreamParser {
    pub fn new(protocol: Protocol) -> Self {
        StreamParser { protocol, buf: Vec::new(), event: None, data: None }
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
        if field == "event" {
            self.event = Some(value.to_owned());
        }
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
        let event = self.event.take();
        let Some(data) = self.data.take() else { return };
        self.protocol.wire().decode(event.as_deref(), data.trim(), out);
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
        529 => "The model provider is overloaded (529). Try again in a moment.".to_string(),
        500..=599 => format!("The model provider had a server error ({status}). Try again in a moment."),
        _ => format!("The model provider refused the request ({status})."),
    };
    match detail {
        Some(d) => format!("{what} Provider says: {d}"),
        None => what,
    }
}

/// [`describe_http_error`] naming the provider ("Anthropic rejected the API key (401)…",
/// "The server at http://192.168.1.5:11434 …"), so a person with several connections
/// knows which one to fix.
pub fn describe_http_error_for(provider: &Provider, status: u16, body: &[u8]) -> String {
    let who = match provider.kind {
        Kind::Compatible => format!("The server at {}", origin_of(&provider.base_url)),
        k => k.info().label.to_owned(),
    };
    describe_http_error(status, body).replacen("The model provider", &who, 1).replace("Check the key in Settings.", "Check its key in Settings → Providers.")
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
    /// Whether the model takes pictures as input ([`crate::images::model_takes_images`]:
    /// the listing's word where it gives one, else the provider and the model's name).
    pub images: bool,
}

/// Cleans a model's title answer to at most 5 words; `None` if empty.
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
