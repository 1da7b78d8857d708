//! Request validation: every limit is a documented const, every refusal a sentence
//! that says what to change.

use crate::error::{ApiError, ApiResult};

/// Longest message a user can send, in characters (413 above it).
pub const MAX_CONTENT_CHARS: usize = 100_000;
/// Longest conversation title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest model id, in characters.
pub const MAX_MODEL_CHARS: usize = 200;
/// Longest system prompt name, in characters.
pub const MAX_PROMPT_NAME_CHARS: usize = 100;
/// Longest system prompt text, in characters (413 above it).
pub const MAX_PROMPT_CHARS: usize = 50_000;
/// Longest API key accepted, in characters.
pub const MAX_API_KEY_CHARS: usize = 500;
/// Themes the UI knows.
pub const THEMES: &[&str] = &["dark", "light", "system"];

/// A message's text: not blank, at most [`MAX_CONTENT_CHARS`].
pub fn message_content(content: &str) -> ApiResult<&str> {
    if content.trim().is_empty() {
        return Err(ApiError::BadRequest("The message is empty; write something to send.".into()));
    }
    let n = content.chars().count();
    if n > MAX_CONTENT_CHARS {
        return Err(ApiError::PayloadTooLarge(format!(
            "The message has {n} characters; the limit is {MAX_CONTENT_CHARS}. Shorten it or split it into several messages."
        )));
    }
    Ok(content)
}

/// The text of a message that sends pictures: may be empty, at most [`MAX_CONTENT_CHARS`].
pub fn message_content_with_images(content: String) -> ApiResult<String> {
    let n = content.chars().count();
    if n > MAX_CONTENT_CHARS {
        return Err(ApiError::PayloadTooLarge(format!(
            "The message has {n} characters; the limit is {MAX_CONTENT_CHARS}. Shorten it or split it into several messages."
        )));
    }
    Ok(if content.trim().is_empty() { String::new() } else { content })
}

/// A message's `client_id`: a UUID the client made (the offline outbox's key), kept in
/// its standard form (lower case, hyphens), so every spelling the parser accepts (upper
/// case, braces, `urn:uuid:`, no hyphens) of one UUID is the same message.
pub fn client_id(id: &str) -> ApiResult<String> {
    uuid::Uuid::parse_str(id.trim()).map(|u| u.hyphenated().to_string()).map_err(|_| {
        ApiError::BadRequest(format!("`client_id` must be a UUID such as 3f0c1a52-7d4e-4b8a-9c1e-2a6f5b7d8e90 (got {id:?})."))
    })
}

/// A model id such as `openai/gpt-4o-mini`: no spaces or control characters.
pub fn model_id(model: &str) -> ApiResult<String> {
    let m = model.trim();
    if m.is_empty() {
        return Err(ApiError::BadRequest("`model` is empty; give a model id such as openai/gpt-4o-mini.".into()));
    }
    if m.chars().count() > MAX_MODEL_CHARS || m.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ApiError::BadRequest(format!(
            "`model` must be a model id such as openai/gpt-4o-mini (no spaces, at most {MAX_MODEL_CHARS} characters)."
        )));
    }
    Ok(m.to_owned())
}

/// A conversation title: not blank, one line, at most [`MAX_TITLE_CHARS`].
pub fn title(title: &str) -> ApiResult<String> {
    let t = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return Err(ApiError::BadRequest("`title` is empty; give the conversation a name.".into()));
    }
    if t.chars().count() > MAX_TITLE_CHARS {
        return Err(ApiError::BadRequest(format!("`title` is longer than {MAX_TITLE_CHARS} characters.")));
    }
    Ok(t)
}

pub fn prompt_name(name: &str) -> ApiResult<String> {
    let n = name.trim();
    if n.is_empty() {
        return Err(ApiError::BadRequest("`name` is empty; give the prompt a name.".into()));
    }
    if n.chars().count() > MAX_PROMPT_NAME_CHARS {
        return Err(ApiError::BadRequest(format!("`name` is longer than {MAX_PROMPT_NAME_CHARS} characters.")));
    }
    Ok(n.to_owned())
}

pub fn prompt_content(content: &str) -> ApiResult<String> {
    let n = content.chars().count();
    if n > MAX_PROMPT_CHARS {
        return Err(ApiError::PayloadTooLarge(format!(
            "The prompt has {n} characters; the limit is {MAX_PROMPT_CHARS}."
        )));
    }
    Ok(content.to_owned())
}

/// A provider base URL: `http(s)://host[:port][/path]`, no query; trailing `/` removed.
pub fn base_url(url: &str) -> ApiResult<String> {
    let u = url.trim().trim_end_matches('/');
    let bad = || {
        ApiError::BadRequest(format!(
            "`openrouter_base_url` must look like https://openrouter.ai/api/v1 or http://192.168.1.10:11434/v1; got {u:?}."
        ))
    };
    let parsed: http::Uri = u.parse().map_err(|_| bad())?;
    let scheme_ok = matches!(parsed.scheme_str(), Some("http") | Some("https"));
    if !scheme_ok || parsed.host().is_none_or(str::is_empty) || parsed.query().is_some() {
        return Err(bad());
    }
    Ok(u.to_owned())
}

pub fn theme(theme: &str) -> ApiResult<String> {
    if THEMES.contains(&theme) {
        Ok(theme.to_owned())
    } else {
        Err(ApiError::BadRequest(format!("`theme` must be one of {}.", THEMES.join(", "))))
    }
}

pub fn api_key(key: &str) -> ApiResult<String> {
    let k = key.trim();
    if k.chars().count() > MAX_API_KEY_CHARS || k.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ApiError::BadRequest("`openrouter_api_key` must be a single token without spaces (paste the key exactly as the provider shows it).".into()));
    }
    Ok(k.to_owned())
}

/// An id taken from a URL path: UUID-like characters only (anything else cannot exist).
pub fn path_id<'a>(id: &'a str, what: &str) -> ApiResult<&'a str> {
    if !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Ok(id)
    } else {
        Err(ApiError::NotFound(format!("No {what} has the id {:?}.", id.chars().take(64).collect::<String>())))
    }
}

/// Longest folder name, in characters.
pub const MAX_FOLDER_NAME_CHARS: usize = 100;
/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 40;
/// Most tags on one conversation.
pub const MAX_TAGS: usize = 20;
/// Most conversations one bulk change may name.
pub const MAX_BULK_IDS: usize = 500;

/// A one-line name (folder, template): whitespace folded, 1 to `max` characters.
pub fn short_name(name: &str, field: &str, max: usize) -> ApiResult<String> {
    let t = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return Err(ApiError::BadRequest(format!("`{field}` is empty; give it a name.")));
    }
    if t.chars().count() > max {
        return Err(ApiError::BadRequest(format!("`{field}` is longer than {max} characters.")));
    }
    Ok(t)
}

/// A tag: trimmed, whitespace folded, 1 to [`MAX_TAG_CHARS`] characters.
pub fn tag(tag: &str) -> ApiResult<String> {
    let t = tag.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() || t.chars().count() > MAX_TAG_CHARS || t.chars().any(char::is_control) {
        return Err(ApiError::Invalid {
            code: "invalid_tag",
            message: format!("A tag is 1 to {MAX_TAG_CHARS} characters on one line; {tag:?} is not."),
            extra: None,
        });
    }
    Ok(t)
}

/// A conversation's tag set: each a valid [`tag`], duplicates dropped (tags compare
/// without case; the first spelling stays), at most [`MAX_TAGS`], sorted.
pub fn tags(tags: &[String]) -> ApiResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = tag(t)?;
        if !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t);
        }
    }
    out.sort_by_key(|t| t.to_lowercase());
    if out.len() > MAX_TAGS {
        return Err(ApiError::Invalid {
            code: "invalid_tag",
            message: format!("A conversation has at most {MAX_TAGS} tags; remove some."),
            extra: None,
        });
    }
    Ok(out)
}
