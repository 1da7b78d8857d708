//! The household's optional moderation check: when an admin turns it on and an OpenAI
//! connection exists, each message a person sends is first put to OpenAI's moderation
//! endpoint; a flagged message is stored as `refused` (kept, shown, never sent to a
//! model) and the send is refused with the categories. If the check cannot be made, the
//! send is refused and nothing is stored (the person sends again).

use crate::connections::{Connection, Scope};
use crate::error::ApiError;
use crate::platform::{BodyStream, Platform};
use crate::provider::{self, Kind, openai};

/// The `config` key that turns the check on ("true"/"false", default off).
pub const ENABLED_KEY: &str = "moderation";
/// Largest moderation answer read, in bytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

pub fn enabled(config: &std::collections::HashMap<String, String>) -> bool {
    config.get(ENABLED_KEY).is_some_and(|v| v == "true")
}

/// The connection the check uses: the household's first enabled OpenAI connection with
/// a key, else the server connection if it is OpenAI's.
pub fn connection(all: &[Connection]) -> Option<&Connection> {
    let usable = |c: &&Connection| c.kind == Kind::OpenAi && c.enabled && c.has_key();
    all.iter().filter(|c| c.scope == Scope::Household).find(usable).or_else(|| all.iter().filter(|c| c.scope == Scope::Server).find(usable))
}

/// What the check found, or a sentence saying why it could not be made.
pub async fn check<P: Platform>(p: &P, via: &Connection, text: &str) -> Result<openai::Moderation, String> {
    let provider = via.provider();
    let req = openai::moderation_request(&provider, text).map_err(|e| format!("The moderation request could not be built: {e}"))?;
    let resp = p.send(req).await.map_err(|e| format!("The moderation check at {} could not be reached: {e}", provider.base_url))?;
    let status = resp.status();
    let body = resp.into_body().read_to_end(MAX_BODY_BYTES).await.map_err(|e| format!("The moderation answer was cut off: {e}"))?;
    if !status.is_success() {
        return Err(provider::describe_http_error_for(&provider, status.as_u16(), &body));
    }
    openai::parse_moderation(&body).map_err(|e| format!("The moderation answer is not in OpenAI's format: {e}"))
}

/// The refusal for a flagged message (stored as refused).
pub fn flagged(categories: &[String]) -> ApiError {
    let why = if categories.is_empty() { String::new() } else { format!(" ({})", categories.join(", ")) };
    ApiError::Forbidden {
        code: "moderation_flagged",
        message: format!(
            "This message was not sent: the household's moderation check flagged it{why}. It is kept in the conversation, marked as refused; rephrase it and send again."
        ),
    }
}

/// The refusal when the check could not be made (nothing stored).
pub fn unavailable(why: String) -> ApiError {
    ApiError::BadGateway(format!("The message was not sent: the household's moderation check could not be made. {why} Nothing was stored; try again."))
}
