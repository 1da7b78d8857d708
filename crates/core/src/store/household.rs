//! A household's rules: each person's limits and usage, the shared context (versioned),
//! invites and the registration mode.

use crate::db::{Db, Row, Value, map_rows};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

// ---------- limits and usage ----------

/// Requests allowed per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestWindow {
    pub requests: u32,
    pub seconds: u64,
}

/// A person's limits. As stored, `None` means "the default"; in [`Limits::effective`]
/// and [`DEFAULTS`], `None` means "no limit".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    #[serde(default)]
    pub max_chats: Option<i64>,
    #[serde(default)]
    pub requests_per_window: Option<RequestWindow>,
    #[serde(default)]
    pub monthly_token_budget: Option<i64>,
    #[serde(default)]
    pub allowed_models: Option<Vec<String>>,
}

/// Active (not archived) chats a person may have unless an admin sets otherwise.
pub const DEFAULT_MAX_CHATS: i64 = 200;

/// The defaults: [`DEFAULT_MAX_CHATS`], no request window, no budget, every model.
pub fn defaults() -> Limits {
    Limits { max_chats: Some(DEFAULT_MAX_CHATS), ..Limits::default() }
}

impl Limits {
    /// The limits that apply: each unset one from [`defaults`].
    pub fn effective(&self) -> Limits {
        let d = defaults();
        Limits {
            max_chats: self.max_chats.or(d.max_chats),
            requests_per_window: self.requests_per_window.or(d.requests_per_window),
            monthly_token_budget: self.monthly_token_budget.or(d.monthly_token_budget),
            allowed_models: self.allowed_models.clone().or(d.allowed_models),
        }
    }

    /// Whether `model` may be used (every model when no list is set).
    pub fn allows_model(&self, model: &str) -> bool {
        self.allowed_models.as_ref().is_none_or(|list| list.iter().any(|m| m == model))
    }

    /// Reads the stored row's columns starting at `i` (max_chats, window_requests,
    /// window_secs, monthly_token_budget, allowed_models JSON).
    pub fn from_columns(r: &Row, i: usize) -> Result<Limits> {
        let int = |k: usize| -> Result<Option<i64>> {
            match r.0.get(k) {
                Some(Value::Integer(n)) => Ok(Some(*n)),
                _ => Ok(None),
            }
        };
        let requests_per_window = match (int(i + 1)?, int(i + 2)?) {
            (Some(n), Some(s)) if n > 0 && s > 0 => Some(RequestWindow { requests: n as u32, seconds: s as u64 }),
            _ => None,
        };
        let allowed_models = r.opt_text(i + 4)?.map(|j| serde_json::from_str(&j)).transpose().context("allowed_models")?;
        Ok(Limits { max_chats: int(i)?, requests_per_window, monthly_token_budget: int(i + 3)?, allowed_models })
    }
}

/// The columns [`Limits::from_columns`] reads, of `user_limits l`.
pub const LIMIT_COLUMNS: &str = "l.max_chats, l.window_requests, l.window_secs, l.monthly_token_budget, l.allowed_models";

const GET_LIMITS: &str = "SELECT l.max_chats, l.window_requests, l.window_secs, l.monthly_token_budget, l.allowed_models \
    FROM user_limits l WHERE l.user_id = ?";
const PUT_LIMITS: &str = "INSERT INTO user_limits (user_id, max_chats, window_requests, window_secs, monthly_token_budget, allowed_models) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (user_id) DO UPDATE SET max_chats = ?2, window_requests = ?3, \
    window_secs = ?4, monthly_token_budget = ?5, allowed_models = ?6";

/// The limits stored for a person (`None` fields: the default).
pub async fn get_limits(db: &impl Db, user_id: &str) -> Result<Limits> {
    let rows = db.query(GET_LIMITS, vec![user_id.into()]).await?;
    rows.first().map(|r| Limits::from_columns(r, 0)).transpose().map(Option::unwrap_or_default)
}

pub async fn put_limits(db: &impl Db, user_id: &str, l: &Limits) -> Result<()> {
    let w = l.requests_per_window;
    let models = l.allowed_models.as_ref().map(serde_json::to_string).transpose()?;
    db.execute(
        PUT_LIMITS,
        vec![
            user_id.into(),
            l.max_chats.into(),
            w.map(|w| w.requests as i64).into(),
            w.map(|w| w.seconds as i64).into(),
            l.monthly_token_budget.into(),
            models.into(),
        ],
    )
    .await
}

/// What a person has used: active chats and this month's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Usage {
    pub active_chats: i64,
    pub tokens_this_month: i64,
}

const USAGE: &str = "SELECT (SELECT COUNT(*) FROM conversations WHERE user_id = ?1 AND archived_at IS NULL), \
    COALESCE((SELECT tokens FROM usage_monthly WHERE user_id = ?1 AND month = strftime('%Y-%m', 'now')), 0)";

pub async fn usage(db: &impl Db, user_id: &str) -> Result<Usage> {
    let rows = db.query(USAGE, vec![user_id.into()]).await?;
    let r = rows.first().context("no usage row")?;
    Ok(Usage { active_chats: r.int(0)?, tokens_this_month: r.int(1)? })
}

// ---------- household context ----------

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ContextVersion {
    pub id: String,
    pub content: String,
    /// The username of who saved it (null once that account is deleted).
    pub created_by: Option<String>,
    pub created_at: String,
}

impl TryFrom<&Row> for ContextVersion {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(ContextVersion { id: r.text(0)?, content: r.text(1)?, created_by: r.opt_text(2)?, created_at: r.text(3)? })
    }
}

const VERSION_COLUMNS: &str = "v.id, v.content, (SELECT username FROM users WHERE id = v.created_by), v.created_at";
/// Newest first (at most `?1`).
fn list_versions_sql() -> String {
    format!("SELECT {VERSION_COLUMNS} FROM context_versions v ORDER BY v.seq DESC LIMIT ?")
}
fn get_version_sql() -> String {
    format!("SELECT {VERSION_COLUMNS} FROM context_versions v WHERE v.id = ?")
}
const INSERT_VERSION: &str = "INSERT INTO context_versions (id, seq, content, created_by) \
    SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3 FROM context_versions";
/// The household context in use (the newest version), for prompt assembly.
pub const CURRENT_CONTEXT: &str = "(SELECT content FROM context_versions ORDER BY seq DESC LIMIT 1)";

pub async fn list_versions(db: &impl Db, limit: i64) -> Result<Vec<ContextVersion>> {
    map_rows(&db.query(&list_versions_sql(), vec![Value::Integer(limit)]).await?)
}

pub async fn get_version(db: &impl Db, id: &str) -> Result<Option<ContextVersion>> {
    let rows = db.query(&get_version_sql(), vec![id.into()]).await?;
    rows.first().map(ContextVersion::try_from).transpose()
}

/// Saves a new version (the one in use from now on).
pub async fn insert_version(db: &impl Db, id: &str, content: &str, by_user: &str) -> Result<ContextVersion> {
    db.execute(INSERT_VERSION, vec![id.into(), content.into(), by_user.into()]).await?;
    get_version(db, id).await?.context("the version just saved is gone")
}

// ---------- invites and registration ----------

/// How people join: `closed` (an admin creates accounts), `invite` (single-use links),
/// `open` (anyone who reaches the server signs up).
pub const REGISTRATION_KEY: &str = "registration";
pub const REGISTRATION_MODES: [&str; 3] = ["closed", "invite", "open"];

const GET_CONFIG: &str = "SELECT value FROM config WHERE key = ?";

/// The registration mode (default `closed`).
pub async fn registration(db: &impl Db) -> Result<String> {
    let rows = db.query(GET_CONFIG, vec![REGISTRATION_KEY.into()]).await?;
    let mode = rows.first().map(|r| r.text(0)).transpose()?.unwrap_or_default();
    Ok(if REGISTRATION_MODES.contains(&mode.as_str()) { mode } else { "closed".into() })
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Invite {
    pub id: String,
    pub created_at: String,
    pub expires_at: String,
    pub used_at: Option<String>,
    pub used_by: Option<String>,
    pub created_by: Option<String>,
}

impl TryFrom<&Row> for Invite {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(Invite {
            id: r.text(0)?,
            created_at: r.text(1)?,
            expires_at: r.text(2)?,
            used_at: r.opt_text(3)?,
            used_by: r.opt_text(4)?,
            created_by: r.opt_text(5)?,
        })
    }
}

const INVITE_COLUMNS: &str = "i.id, i.created_at, i.expires_at, i.used_at, \
    (SELECT username FROM users WHERE id = i.used_by), (SELECT username FROM users WHERE id = i.created_by)";

pub async fn list_invites(db: &impl Db) -> Result<Vec<Invite>> {
    map_rows(&db.query(&format!("SELECT {INVITE_COLUMNS} FROM invites i ORDER BY i.created_at DESC, i.id"), vec![]).await?)
}

/// Stores an invite (its token's digest) valid for `hours`.
pub async fn insert_invite(db: &impl Db, id: &str, token_hash: &str, by_user: &str, hours: i64) -> Result<Invite> {
    db.execute(
        "INSERT INTO invites (id, token_hash, created_by, expires_at) \
         VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || ? || ' hours'))",
        vec![id.into(), token_hash.into(), by_user.into(), Value::Integer(hours)],
    )
    .await?;
    let rows = db.query(&format!("SELECT {INVITE_COLUMNS} FROM invites i WHERE i.id = ?"), vec![id.into()]).await?;
    rows.first().map(Invite::try_from).context("the invite just made is gone")?
}

pub async fn delete_invite(db: &impl Db, id: &str) -> Result<bool> {
    Ok(!db.query("DELETE FROM invites WHERE id = ? RETURNING id", vec![id.into()]).await?.is_empty())
}
