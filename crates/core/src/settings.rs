//! Effective settings: what is stored in `config`, what the Spin variables say, and
//! which wins. The API key is write-only: only [`Settings::view`] leaves this module,
//! and it carries a masked hint, never the key.

use crate::db::Db;
use crate::platform::{Platform, VAR_API_KEY, VAR_BASE_URL, VAR_PROTOCOL};
use crate::schema::DEFAULT_MODEL;
use crate::secret::Secret;
use crate::store;
use crate::provider::{DEFAULT_BASE_URL, Kind, Protocol, Provider};
use anyhow::Result;
use serde::Serialize;

/// Setting keys. The first three are preferences each person sets for themselves
/// (`user_preferences`; `config` holds the instance's defaults for them); the provider
/// ones are the instance's (`config`), changed by an admin.
pub mod keys {
    pub const DEFAULT_MODEL: &str = "default_model";
    pub const TITLE_MODEL: &str = "title_model";
    pub const THEME: &str = "theme";
    pub const BASE_URL: &str = "openrouter_base_url";
    pub const API_KEY: &str = "openrouter_api_key";
    /// The wire protocol of the provider at the base URL: `openai` (default) or `anthropic`.
    pub const PROTOCOL: &str = "provider_protocol";
    /// The keys a person sets for themselves.
    pub const PREFERENCES: [&str; 3] = [DEFAULT_MODEL, TITLE_MODEL, THEME];
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub default_model: String,
    /// Model for generated titles; empty means "the conversation's model".
    pub title_model: String,
    pub theme: String,
    pub base_url: String,
    pub base_url_source: &'static str,
    pub protocol: Protocol,
    api_key: Option<Secret>,
    api_key_source: Option<&'static str>,
    /// Why the stored key is not in use (it cannot be decrypted), if so.
    api_key_problem: Option<String>,
    /// Whether members may add their own provider connections.
    pub allow_member_connections: bool,
    /// Whether the household's moderation check is on.
    pub moderation: bool,
}

#[derive(Debug, Serialize)]
pub struct ApiKeyView {
    pub configured: bool,
    /// "settings" (pasted in the UI; wins) or "variable" (`openrouter_api_key`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
    /// A sentence, when a key is stored but cannot be used (the encryption key changed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// The last four characters, e.g. "…a1b2".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SettingsView {
    pub default_model: String,
    pub title_model: String,
    pub theme: String,
    pub openrouter_base_url: String,
    /// "settings", "variable" or "default".
    pub openrouter_base_url_source: &'static str,
    /// `openai` or `anthropic`: how the provider at the base URL speaks.
    pub provider_protocol: &'static str,
    pub api_key: ApiKeyView,
    pub allow_member_connections: bool,
    /// Whether each message is first checked by OpenAI's moderation endpoint (needs an
    /// OpenAI connection; see `moderation.rs`).
    pub moderation: bool,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl Settings {
    /// The instance's settings, without anyone's preferences (health).
    pub async fn instance<P: Platform>(p: &P, db: &impl Db) -> Result<Settings> {
        Self::from_config(p, store::settings_for(db, "").await?).await
    }

    /// The settings as `user_id` sees them.
    pub async fn load<P: Platform>(p: &P, db: &impl Db, user_id: &str) -> Result<Settings> {
        Self::from_config(p, store::settings_for(db, user_id).await?).await
    }

    /// The settings from the `config` rows (read already) and the variables.
    pub async fn from_config<P: Platform>(p: &P, mut config: std::collections::HashMap<String, String>) -> Result<Settings> {
        let mut take = |key: &str| config.remove(key);
        // A stored key is encrypted (crate::crypto); one from before encryption is plaintext.
        let mut api_key_problem = None;
        let stored_key = match non_empty(take(keys::API_KEY)) {
            Some(stored) => match crate::crypto::Keys::load(p).await.and_then(|k| k.reveal(keys::API_KEY, &stored)) {
                Ok(k) => Some(k),
                Err(problem) => {
                    api_key_problem = Some(problem);
                    None
                }
            },
            None => None,
        };
        let (api_key, api_key_source) = match stored_key {
            Some(k) => (Some(k), Some("settings")),
            None => match non_empty(p.variable(VAR_API_KEY).await) {
                Some(k) => (Some(Secret::new(k)), Some("variable")),
                None => (None, None),
            },
        };
        let (base_url, base_url_source) = match non_empty(take(keys::BASE_URL)) {
            Some(u) => (u, "settings"),
            None => match non_empty(p.variable(VAR_BASE_URL).await) {
                Some(u) => (u.trim_end_matches('/').to_owned(), "variable"),
                None => (DEFAULT_BASE_URL.to_owned(), "default"),
            },
        };
        let allow_member_connections = take(crate::connections::ALLOW_MEMBERS_KEY).is_some_and(|v| v == "true");
        let moderation = take(crate::moderation::ENABLED_KEY).is_some_and(|v| v == "true");
        Ok(Settings {
            allow_member_connections,
            moderation,
            default_model: non_empty(take(keys::DEFAULT_MODEL)).unwrap_or_else(|| DEFAULT_MODEL.into()),
            title_model: take(keys::TITLE_MODEL).unwrap_or_default(),
            theme: non_empty(take(keys::THEME)).unwrap_or_else(|| "dark".into()),
            base_url,
            base_url_source,
            protocol: match non_empty(take(keys::PROTOCOL)) {
                Some(s) => Protocol::parse(&s),
                None => non_empty(p.variable(VAR_PROTOCOL).await).as_deref().and_then(Protocol::parse),
            }
            .unwrap_or_default(),
            api_key,
            api_key_source,
            api_key_problem,
        })
    }

    /// Why the stored key is not in use, if it cannot be decrypted.
    pub fn api_key_problem(&self) -> Option<&str> {
        self.api_key_problem.as_deref()
    }

    pub fn api_key_configured(&self) -> bool {
        self.api_key.is_some()
    }

    pub fn provider(&self) -> Provider {
        Provider::new(Kind::infer(self.protocol, &self.base_url), self.base_url.clone(), self.api_key.clone())
    }

    /// What the API shows; the key's last characters only to an admin.
    pub fn view(&self, admin: bool) -> SettingsView {
        SettingsView {
            default_model: self.default_model.clone(),
            title_model: self.title_model.clone(),
            theme: self.theme.clone(),
            openrouter_base_url: self.base_url.clone(),
            openrouter_base_url_source: self.base_url_source,
            provider_protocol: self.protocol.as_str(),
            api_key: ApiKeyView {
                configured: self.api_key.is_some(),
                source: self.api_key_source,
                problem: self.api_key_problem.clone().filter(|_| admin),
                hint: self.api_key.as_ref().filter(|_| admin).map(|k| mask(k.expose())),
            },
            allow_member_connections: self.allow_member_connections,
            moderation: self.moderation,
        }
    }
}

/// The user's default model for new conversations (needs no variables, unlike [`Settings::load`]).
pub async fn default_model(db: &impl Db, user_id: &str) -> Result<String> {
    let mut all = store::settings_for(db, user_id).await?;
    Ok(non_empty(all.remove(keys::DEFAULT_MODEL)).unwrap_or_else(|| DEFAULT_MODEL.into()))
}

/// "…" and the last four characters (only "…" for keys too short to hide anything).
pub fn mask(key: &str) -> String {
    let n = key.chars().count();
    if n < 12 {
        "…".into()
    } else {
        format!("…{}", key.chars().skip(n - 4).collect::<String>())
    }
}

/// Puts a stored API key under the current master key: encrypts one stored before
/// encryption, and re-encrypts one under `previous_encryption_key`. Runs once per
/// instance, when it first brings the schema up to date (so "the next start" after a
/// change of keys re-encrypts); a write only when something is to change.
pub async fn rewrap_stored_keys<P: Platform>(p: &P, db: &impl Db) -> Result<()> {
    let Ok(keys) = crate::crypto::Keys::load(p).await else { return Ok(()) };
    if keys.current.is_none() {
        return Ok(());
    }
    if let Some(stored) = non_empty(store::settings_for(db, "").await?.remove(keys::API_KEY))
        && let Some(sealed) = keys.rewrap(keys::API_KEY, &stored)?
    {
        store::set_config(db, keys::API_KEY, &sealed).await?;
    }
    crate::api::connections::rewrap_keys(&keys, db).await
}
