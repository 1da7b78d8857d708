//! Accounts: users, sessions, API tokens. Token columns hold SHA-256 digests only
//! (`auth::token`); password columns hold argon2id PHC strings (`auth::password`).

use crate::auth::{Role, User};
use crate::db::{Db, Row, Value, map_rows};
use crate::schema::{DEFAULT_PROMPT_TEXT, LEGACY_OWNER_ID};
use anyhow::{Context, Result};
use serde::Serialize;

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

impl TryFrom<&Row> for User {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(User {
            id: r.text(0)?,
            username: r.text(1)?,
            role: Role::parse(&r.text(2)?).context("unknown role")?,
            created_at: r.text(3)?,
        })
    }
}

const USER_COLUMNS: &str = "u.id, u.username, u.role, u.created_at";

/// A session found by its token, with whether its end should be pushed out now.
pub struct SessionUser {
    pub user: User,
    pub session_id: String,
    pub needs_refresh: bool,
}

fn user_by_session_sql() -> String {
    format!(
        "SELECT {USER_COLUMNS}, s.id, s.last_seen_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-{} seconds') \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = ? AND s.expires_at > {NOW} AND u.disabled = 0",
        crate::auth::SESSION_REFRESH_SECS
    )
}
static USER_BY_SESSION_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(user_by_session_sql);

/// The enabled user of an unexpired session with this token digest.
pub async fn user_by_session(db: &impl Db, token_hash: &str) -> Result<Option<SessionUser>> {
    let rows = db.query(&USER_BY_SESSION_SQL, vec![token_hash.into()]).await?;
    rows.first()
        .map(|r| Ok(SessionUser { user: User::try_from(r)?, session_id: r.text(4)?, needs_refresh: r.int(5)? != 0 }))
        .transpose()
}

fn refresh_session_sql() -> String {
    format!(
        "UPDATE sessions SET last_seen_at = {NOW}, expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+{} days') \
         WHERE id = ?1; UPDATE users SET last_active_at = {NOW} WHERE id = (SELECT user_id FROM sessions WHERE id = ?1)",
        crate::auth::SESSION_DAYS
    )
}

/// Marks a session used now and moves its end [`crate::auth::SESSION_DAYS`] ahead.
pub async fn refresh_session(db: &impl Db, session_id: &str) -> Result<()> {
    let sql = refresh_session_sql();
    let (first, second) = sql.split_once("; ").expect("two statements");
    crate::db::transaction(db, async |db| {
        db.execute(first, vec![session_id.into()]).await?;
        db.execute(second, vec![session_id.into()]).await
    })
    .await
}

const USER_BY_API_TOKEN: &str = "SELECT u.id, u.username, u.role, u.created_at, t.id, \
    t.last_used_at IS NULL OR t.last_used_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3600 seconds') \
    FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.disabled = 0";
const TOUCH_API_TOKEN: &str = "UPDATE api_tokens SET last_used_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?";

/// The enabled user of the API token with this digest, and the token's id. Its
/// last-used time is written at most once an hour.
pub async fn user_by_api_token(db: &impl Db, token_hash: &str) -> Result<Option<(User, String)>> {
    let rows = db.query(USER_BY_API_TOKEN, vec![token_hash.into()]).await?;
    let Some(r) = rows.first() else { return Ok(None) };
    let id = r.text(4)?;
    if r.int(5)? != 0 {
        db.execute(TOUCH_API_TOKEN, vec![id.as_str().into()]).await?;
    }
    Ok(Some((User::try_from(r)?, id)))
}

const ANY_ACCOUNT: &str = "SELECT EXISTS (SELECT 1 FROM users WHERE username IS NOT NULL)";

/// Whether nobody can sign in yet (first start: the admin account is still to be made).
pub async fn setup_required(db: &impl Db) -> Result<bool> {
    let rows = db.query(ANY_ACCOUNT, vec![]).await?;
    Ok(rows.first().map(|r| r.int(0)).transpose()?.unwrap_or(0) == 0)
}

const INSERT_FIRST_ADMIN: &str = "INSERT INTO users (id, name, username, password_hash, role) \
    SELECT ?1, ?2, ?2, ?3, 'admin' WHERE NOT EXISTS (SELECT 1 FROM users WHERE username IS NOT NULL) RETURNING id";
/// What the legacy owner had, handed to the first admin (?1 admin, ?2 legacy owner).
const TAKE_OVER: &[&str] = &[
    "UPDATE conversations SET user_id = ?1 WHERE user_id = ?2",
    "UPDATE system_prompts SET user_id = ?1 WHERE user_id = ?2",
    "UPDATE user_preferences SET user_id = ?1 WHERE user_id = ?2",
    "UPDATE usage_monthly SET user_id = ?1 WHERE user_id = ?2",
    "UPDATE usage_daily SET user_id = ?1 WHERE user_id = ?2",
    "UPDATE user_limits SET user_id = ?1 WHERE user_id = ?2",
    "DELETE FROM users WHERE id = ?2",
];
const INSERT_USER: &str = "INSERT OR IGNORE INTO users (id, name, username, password_hash, role) \
    VALUES (?1, ?2, ?2, ?3, ?4) RETURNING id";
const SEED_USER_PROMPT: &str = "INSERT INTO system_prompts (id, user_id, name, content, is_default) \
    VALUES (?, ?, 'Default', ?, 1)";

/// Makes the first account, an admin, unless one exists (`false` then). In the same
/// commit it takes over what existed before accounts (conversations, prompts).
pub async fn create_first_admin(db: &impl Db, id: &str, username: &str, password_hash: &str) -> Result<bool> {
    crate::db::transaction(db, async |db| {
        let made = db.query(INSERT_FIRST_ADMIN, vec![id.into(), username.into(), password_hash.into()]).await?;
        if made.is_empty() {
            return Ok(false);
        }
        for sql in TAKE_OVER {
            db.execute(sql, vec![id.into(), LEGACY_OWNER_ID.into()]).await?;
        }
        if !has_default_prompt(db, id).await? {
            seed_prompt(db, id).await?;
        }
        Ok(true)
    })
    .await
}

async fn has_default_prompt(db: &impl Db, user_id: &str) -> Result<bool> {
    let rows = db.query("SELECT 1 FROM system_prompts WHERE user_id = ? AND is_default = 1", vec![user_id.into()]).await?;
    Ok(!rows.is_empty())
}

async fn seed_prompt(db: &impl Db, user_id: &str) -> Result<()> {
    let pid = uuid::Uuid::new_v4().to_string();
    db.execute(SEED_USER_PROMPT, vec![pid.into(), user_id.into(), DEFAULT_PROMPT_TEXT.into()]).await
}

/// Makes an account with its own default system prompt; `false` if the username is taken
/// (names compare without case).
pub async fn create_user(db: &impl Db, id: &str, username: &str, password_hash: &str, role: Role) -> Result<bool> {
    crate::db::transaction(db, async |db| insert_user_rows(db, id, username, password_hash, role).await).await
}

/// The rows of a new account (inside the caller's transaction); `false` if the name is taken.
async fn insert_user_rows(db: &impl Db, id: &str, username: &str, password_hash: &str, role: Role) -> Result<bool> {
    let made = db.query(INSERT_USER, vec![id.into(), username.into(), password_hash.into(), role.as_str().into()]).await?;
    if made.is_empty() {
        return Ok(false);
    }
    seed_prompt(db, id).await?;
    Ok(true)
}

/// Why a sign-up stored nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignUpRefused {
    UsernameTaken,
    /// Unknown, expired or already used.
    BadInvite,
}

impl std::fmt::Display for SignUpRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for SignUpRefused {}

const CLAIM_INVITE: &str = "UPDATE invites SET used_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') \
    WHERE token_hash = ? AND used_at IS NULL AND expires_at > strftime('%Y-%m-%dT%H:%M:%fZ','now') RETURNING id";
const INVITE_USED_BY: &str = "UPDATE invites SET used_by = ? WHERE id = ?";

/// A member signing up, with an invite (its token's digest) or without (open
/// registration): the invite is used and the account made in one commit, or neither.
pub async fn sign_up(
    db: &impl Db,
    id: &str,
    username: &str,
    password_hash: &str,
    invite_hash: Option<&str>,
) -> Result<Result<(), SignUpRefused>> {
    let done = crate::db::transaction(db, async |db| {
        let invite = match invite_hash {
            Some(h) => {
                let rows = db.query(CLAIM_INVITE, vec![h.into()]).await?;
                Some(rows.first().context("").map_err(|_| anyhow::Error::new(SignUpRefused::BadInvite))?.text(0)?)
            }
            None => None,
        };
        if !insert_user_rows(db, id, username, password_hash, Role::Member).await? {
            return Err(anyhow::Error::new(SignUpRefused::UsernameTaken));
        }
        if let Some(invite) = invite {
            db.execute(INVITE_USED_BY, vec![id.into(), invite.into()]).await?;
        }
        Ok(())
    })
    .await;
    match done {
        Ok(()) => Ok(Ok(())),
        Err(e) => match e.downcast::<SignUpRefused>() {
            Ok(refused) => Ok(Err(refused)),
            Err(e) => Err(e),
        },
    }
}

/// A user's sign-in record.
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
    pub disabled: bool,
}

const CREDENTIALS_BY_USERNAME: &str = "SELECT u.id, u.username, u.role, u.created_at, u.password_hash, u.disabled \
    FROM users u WHERE u.username = ? COLLATE NOCASE AND u.password_hash IS NOT NULL";
const CREDENTIALS_BY_ID: &str = "SELECT u.id, u.username, u.role, u.created_at, u.password_hash, u.disabled \
    FROM users u WHERE u.id = ? AND u.password_hash IS NOT NULL";

fn credentials(rows: Vec<Row>) -> Result<Option<Credentials>> {
    rows.first()
        .map(|r| Ok(Credentials { user: User::try_from(r)?, password_hash: r.text(4)?, disabled: r.int(5)? != 0 }))
        .transpose()
}

pub async fn credentials_by_username(db: &impl Db, username: &str) -> Result<Option<Credentials>> {
    credentials(db.query(CREDENTIALS_BY_USERNAME, vec![username.into()]).await?)
}

pub async fn credentials_by_id(db: &impl Db, user_id: &str) -> Result<Option<Credentials>> {
    credentials(db.query(CREDENTIALS_BY_ID, vec![user_id.into()]).await?)
}

fn insert_session_sql() -> String {
    format!(
        "INSERT INTO sessions (id, token_hash, user_id, user_agent, expires_at) \
         VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+{} days'))",
        crate::auth::SESSION_DAYS
    )
}
const MARK_ACTIVE: &str = "UPDATE users SET last_active_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?";

/// Stores a new session (the token's digest) and marks the user active.
pub async fn insert_session(db: &impl Db, id: &str, token_hash: &str, user_id: &str, user_agent: &str) -> Result<()> {
    crate::db::transaction(db, async |db| {
        db.execute(&insert_session_sql(), vec![id.into(), token_hash.into(), user_id.into(), user_agent.into()])
            .await?;
        db.execute(MARK_ACTIVE, vec![user_id.into()]).await
    })
    .await
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionInfo {
    pub id: String,
    pub user_agent: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub expires_at: String,
}

impl TryFrom<&Row> for SessionInfo {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(SessionInfo {
            id: r.text(0)?,
            user_agent: r.text(1)?,
            created_at: r.text(2)?,
            last_seen_at: r.text(3)?,
            expires_at: r.text(4)?,
        })
    }
}

const LIST_SESSIONS: &str = "SELECT id, user_agent, created_at, last_seen_at, expires_at FROM sessions \
    WHERE user_id = ? AND expires_at > strftime('%Y-%m-%dT%H:%M:%fZ','now') ORDER BY created_at DESC, id";
const DELETE_SESSION: &str = "DELETE FROM sessions WHERE id = ? AND user_id = ? RETURNING id";
const DELETE_OTHER_SESSIONS: &str = "DELETE FROM sessions WHERE user_id = ? AND id <> ? RETURNING id";
const DELETE_ALL_SESSIONS: &str = "DELETE FROM sessions WHERE user_id = ?";

/// The user's unexpired sessions, newest first.
pub async fn list_sessions(db: &impl Db, user_id: &str) -> Result<Vec<SessionInfo>> {
    map_rows(&db.query(LIST_SESSIONS, vec![user_id.into()]).await?)
}

/// Ends one of the user's sessions; false if they have none with that id.
pub async fn delete_session(db: &impl Db, user_id: &str, id: &str) -> Result<bool> {
    Ok(!db.query(DELETE_SESSION, vec![id.into(), user_id.into()]).await?.is_empty())
}

/// Ends every session of the user but `keep` (or all of them, without one); returns how many.
pub async fn delete_other_sessions(db: &impl Db, user_id: &str, keep: Option<&str>) -> Result<usize> {
    match keep {
        Some(k) => Ok(db.query(DELETE_OTHER_SESSIONS, vec![user_id.into(), k.into()]).await?.len()),
        None => {
            db.execute(DELETE_ALL_SESSIONS, vec![user_id.into()]).await?;
            Ok(0)
        }
    }
}

const SET_PASSWORD: &str = "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash IS NOT NULL";

pub async fn set_password(db: &impl Db, user_id: &str, password_hash: &str) -> Result<()> {
    db.execute(SET_PASSWORD, vec![password_hash.into(), user_id.into()]).await
}

// ---------- API tokens ----------

#[derive(Debug, Clone, Serialize)]
pub struct ApiTokenInfo {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

impl TryFrom<&Row> for ApiTokenInfo {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(ApiTokenInfo { id: r.text(0)?, name: r.text(1)?, created_at: r.text(2)?, last_used_at: r.opt_text(3)? })
    }
}

const INSERT_API_TOKEN: &str = "INSERT INTO api_tokens (id, token_hash, user_id, name) VALUES (?, ?, ?, ?) \
    RETURNING id, name, created_at, last_used_at";
const LIST_API_TOKENS: &str = "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = ? \
    ORDER BY created_at DESC, id";
const DELETE_API_TOKEN: &str = "DELETE FROM api_tokens WHERE id = ? AND user_id = ? RETURNING id";

pub async fn insert_api_token(db: &impl Db, user_id: &str, id: &str, token_hash: &str, name: &str) -> Result<ApiTokenInfo> {
    let rows = db.query(INSERT_API_TOKEN, vec![id.into(), token_hash.into(), user_id.into(), name.into()]).await?;
    rows.first().map(ApiTokenInfo::try_from).context("the token was not stored")?
}

pub async fn list_api_tokens(db: &impl Db, user_id: &str) -> Result<Vec<ApiTokenInfo>> {
    map_rows(&db.query(LIST_API_TOKENS, vec![user_id.into()]).await?)
}

pub async fn delete_api_token(db: &impl Db, user_id: &str, id: &str) -> Result<bool> {
    Ok(!db.query(DELETE_API_TOKEN, vec![id.into(), user_id.into()]).await?.is_empty())
}

// ---------- administration ----------

/// A user as the admin's list shows them.
#[derive(Debug, Clone, Serialize)]
pub struct UserSummary {
    pub id: String,
    pub username: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: String,
    pub last_active_at: Option<String>,
    pub conversations: i64,
    pub messages_this_month: i64,
    pub tokens_this_month: i64,
    /// USD this calendar month (UTC), every provider; partly estimated where a provider
    /// reports no cost.
    pub cost_this_month: Option<f64>,
}

impl TryFrom<&Row> for UserSummary {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(UserSummary {
            id: r.text(0)?,
            username: r.text(1)?,
            role: Role::parse(&r.text(2)?).context("unknown role")?,
            disabled: r.int(3)? != 0,
            created_at: r.text(4)?,
            last_active_at: r.opt_text(5)?,
            conversations: r.int(6)?,
            messages_this_month: r.int(7)?,
            tokens_this_month: r.int(8)?,
            cost_this_month: r.opt_real(9)?.map(|c| (c * 1e9).round() / 1e9),
        })
    }
}

const USER_SUMMARY: &str = "SELECT u.id, u.username, u.role, u.disabled, u.created_at, u.last_active_at, \
    (SELECT COUNT(*) FROM conversations c WHERE c.user_id = u.id), \
    (SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id \
        WHERE c.user_id = u.id AND m.role = 'user' AND m.created_at >= strftime('%Y-%m-01T00:00:00.000Z', 'now')), \
    COALESCE((SELECT tokens FROM usage_monthly WHERE user_id = u.id AND month = strftime('%Y-%m', 'now')), 0), \
    (SELECT CASE WHEN SUM(costed) > 0 THEN SUM(cost) END FROM usage_daily WHERE user_id = u.id AND day >= strftime('%Y-%m-01', 'now')) \
    FROM users u WHERE u.username IS NOT NULL";

pub async fn list_users(db: &impl Db) -> Result<Vec<UserSummary>> {
    map_rows(&db.query(&format!("{USER_SUMMARY} ORDER BY u.username COLLATE NOCASE"), vec![]).await?)
}

pub async fn user_summary(db: &impl Db, id: &str) -> Result<Option<UserSummary>> {
    let rows = db.query(&format!("{USER_SUMMARY} AND u.id = ?"), vec![id.into()]).await?;
    rows.first().map(UserSummary::try_from).transpose()
}

const SET_ROLE: &str = "UPDATE users SET role = ? WHERE id = ? AND username IS NOT NULL";
const SET_DISABLED: &str = "UPDATE users SET disabled = ? WHERE id = ? AND username IS NOT NULL";
const DELETE_USER: &str = "DELETE FROM users WHERE id = ? AND username IS NOT NULL RETURNING id";
const OTHER_ACTIVE_ADMINS: &str = "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 \
    AND username IS NOT NULL AND id <> ?";

/// How many enabled admins there are besides `user_id`.
pub async fn other_active_admins(db: &impl Db, user_id: &str) -> Result<i64> {
    let rows = db.query(OTHER_ACTIVE_ADMINS, vec![user_id.into()]).await?;
    rows.first().map(|r| r.int(0)).unwrap_or(Ok(0))
}

pub async fn set_role(db: &impl Db, user_id: &str, role: Role) -> Result<()> {
    db.execute(SET_ROLE, vec![role.as_str().into(), user_id.into()]).await
}

pub async fn set_disabled(db: &impl Db, user_id: &str, disabled: bool) -> Result<()> {
    db.execute(SET_DISABLED, vec![Value::Integer(disabled as i64), user_id.into()]).await
}

/// Deletes a user and, by cascade, their conversations, messages, prompts, sessions and tokens.
pub async fn delete_user(db: &impl Db, user_id: &str) -> Result<bool> {
    Ok(!db.query(DELETE_USER, vec![user_id.into()]).await?.is_empty())
}
