//! Every query Nexus runs: SQL as named consts, one function per query, rows mapped
//! with `TryFrom<&Row>`. Nothing outside this module (and `schema`) writes SQL.

use crate::db::{Db, Row, Value, map_rows};
use crate::schema::OWNER_USER_ID;
use anyhow::{Context, Result};
use serde::Serialize;

/// How many characters of the last message a conversation listing shows.
pub const PREVIEW_CHARS: usize = 120;
/// A `streaming` reply whose row has not been touched for this long is taken to belong
/// to a generation whose instance died; it is marked `interrupted` when next read.
/// (A live writer touches the row on every upstream chunk and keep-alive, and a writer
/// that was only slow puts its row back to `streaming` on its next save.)
pub const STALE_STREAM_SECS: i64 = 120;
/// Title of a conversation until one is set or generated.
pub const DEFAULT_TITLE: &str = "New chat";

// ---------- conversations ----------

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Conversation {
    pub id: String,
    pub title: String,
    pub model: String,
    pub system_prompt_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub message_count: i64,
    /// The first characters of the last message (listing only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview: Option<String>,
    #[serde(skip)]
    pub title_is_default: bool,
}

const CONVERSATION_COLUMNS: &str = "c.id, c.title, c.model, c.system_prompt_id, c.created_at, \
    c.updated_at, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id), \
    c.title_is_default";

impl TryFrom<&Row> for Conversation {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(Conversation {
            id: r.text(0)?,
            title: r.text(1)?,
            model: r.text(2)?,
            system_prompt_id: r.opt_text(3)?,
            created_at: r.text(4)?,
            updated_at: r.text(5)?,
            message_count: r.int(6)?,
            title_is_default: r.int(7)? != 0,
            preview: match r.0.get(8) {
                Some(_) => r.opt_text(8)?.map(|p| preview(&p)),
                None => None,
            },
        })
    }
}

fn preview(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(PREVIEW_CHARS).collect();
    if flat.chars().count() > PREVIEW_CHARS {
        out.push('…');
    }
    out
}

fn list_conversations_sql() -> String {
    format!(
        "SELECT {CONVERSATION_COLUMNS}, (SELECT substr(m.content, 1, {n}) FROM messages m \
         WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 1) \
         FROM conversations c WHERE c.user_id = ? ORDER BY c.updated_at DESC, c.id",
        n = PREVIEW_CHARS * 2
    )
}

fn get_conversation_sql() -> String {
    format!("SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ? AND c.user_id = ?")
}

const INSERT_CONVERSATION: &str = "INSERT INTO conversations (id, user_id, title, model, system_prompt_id) \
    VALUES (?, ?, ?, ?, ?)";
const UPDATE_CONVERSATION: &str = "UPDATE conversations SET title = ?, title_is_default = ?, \
    model = ?, system_prompt_id = ? WHERE id = ? AND user_id = ?";
const DELETE_CONVERSATION: &str = "DELETE FROM conversations WHERE id = ? AND user_id = ? RETURNING id";
const TOUCH_CONVERSATION: &str = "UPDATE conversations \
    SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?";
const SET_MODEL: &str = "UPDATE conversations SET model = ? WHERE id = ?";
const SET_GENERATED_TITLE: &str = "UPDATE conversations SET title = ?, title_is_default = 0 \
    WHERE id = ? AND title_is_default = 1 RETURNING title";

pub async fn list_conversations(db: &impl Db) -> Result<Vec<Conversation>> {
    let rows = db.query(&list_conversations_sql(), vec![OWNER_USER_ID.into()]).await?;
    map_rows(&rows)
}

pub async fn get_conversation(db: &impl Db, id: &str) -> Result<Option<Conversation>> {
    let rows = db.query(&get_conversation_sql(), vec![id.into(), OWNER_USER_ID.into()]).await?;
    rows.first().map(Conversation::try_from).transpose()
}

pub async fn insert_conversation(
    db: &impl Db,
    id: &str,
    model: &str,
    system_prompt_id: Option<&str>,
) -> Result<()> {
    db.execute(
        INSERT_CONVERSATION,
        vec![id.into(), OWNER_USER_ID.into(), crate::store::DEFAULT_TITLE.into(), model.into(), system_prompt_id.into()],
    )
    .await
    .context("inserting conversation")
}

/// Writes a conversation's editable fields (title, model, prompt).
pub async fn update_conversation(db: &impl Db, c: &Conversation) -> Result<()> {
    db.execute(
        UPDATE_CONVERSATION,
        vec![
            c.title.as_str().into(),
            Value::Integer(c.title_is_default as i64),
            c.model.as_str().into(),
            c.system_prompt_id.clone().into(),
            c.id.as_str().into(),
            OWNER_USER_ID.into(),
        ],
    )
    .await
}

/// Deletes a conversation (its messages cascade); false if there was none.
pub async fn delete_conversation(db: &impl Db, id: &str) -> Result<bool> {
    Ok(!db.query(DELETE_CONVERSATION, vec![id.into(), OWNER_USER_ID.into()]).await?.is_empty())
}

pub async fn touch_conversation(db: &impl Db, id: &str) -> Result<()> {
    db.execute(TOUCH_CONVERSATION, vec![id.into()]).await
}

pub async fn set_conversation_model(db: &impl Db, id: &str, model: &str) -> Result<()> {
    db.execute(SET_MODEL, vec![model.into(), id.into()]).await
}

/// Sets a generated title unless the user has named the conversation meanwhile.
pub async fn set_generated_title(db: &impl Db, id: &str, title: &str) -> Result<bool> {
    Ok(!db.query(SET_GENERATED_TITLE, vec![title.into(), id.into()]).await?.is_empty())
}

// ---------- messages ----------

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Message {
    pub id: String,
    pub conversation_id: String,
    pub role: String,
    pub content: String,
    pub model: Option<String>,
    pub status: String,
    pub metadata: serde_json::Value,
    pub created_at: String,
    pub updated_at: String,
}

impl TryFrom<&Row> for Message {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(Message {
            id: r.text(0)?,
            conversation_id: r.text(1)?,
            role: r.text(2)?,
            content: r.text(3)?,
            model: r.opt_text(4)?,
            status: r.text(5)?,
            metadata: serde_json::from_str(&r.text(6)?).unwrap_or_else(|_| serde_json::json!({})),
            created_at: r.text(7)?,
            updated_at: r.text(8)?,
        })
    }
}

pub mod status {
    pub const STREAMING: &str = "streaming";
    pub const COMPLETED: &str = "completed";
    pub const ERROR: &str = "error";
    pub const INTERRUPTED: &str = "interrupted";
}

const MESSAGE_COLUMNS: &str =
    "id, conversation_id, role, content, model, status, metadata, created_at, updated_at";
const INSERT_MESSAGE: &str = "INSERT INTO messages \
    (id, conversation_id, seq, role, content, model, status, metadata) \
    SELECT ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ? FROM messages WHERE conversation_id = ?";
const SAVE_PARTIAL: &str = "UPDATE messages SET content = ?, \
    status = CASE WHEN status = 'interrupted' THEN 'streaming' ELSE status END, \
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?";
const FINISH_MESSAGE: &str = "UPDATE messages SET content = ?, status = ?, metadata = ?, \
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?";
const MARK_STALE_INTERRUPTED: &str = "UPDATE messages SET status = 'interrupted', \
    metadata = json_set(metadata, '$.error', ?) \
    WHERE conversation_id = ? AND status = 'streaming' \
    AND updated_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)";
const COUNT_MESSAGES: &str = "SELECT COUNT(*) FROM messages WHERE conversation_id = ?";

fn list_messages_sql() -> String {
    format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq")
}
fn get_message_sql() -> String {
    format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?")
}

/// A message to insert.
pub struct NewMessage<'a> {
    pub id: &'a str,
    pub conversation_id: &'a str,
    pub role: &'a str,
    pub content: &'a str,
    pub model: Option<&'a str>,
    pub status: &'a str,
}

pub async fn insert_message(db: &impl Db, m: &NewMessage<'_>) -> Result<()> {
    db.execute(
        INSERT_MESSAGE,
        vec![
            m.id.into(),
            m.conversation_id.into(),
            m.role.into(),
            m.content.into(),
            m.model.into(),
            m.status.into(),
            "{}".into(),
            m.conversation_id.into(),
        ],
    )
    .await
    .context("inserting message")
}

pub async fn list_messages(db: &impl Db, conversation_id: &str) -> Result<Vec<Message>> {
    map_rows(&db.query(&list_messages_sql(), vec![conversation_id.into()]).await?)
}

pub async fn get_message(db: &impl Db, id: &str) -> Result<Option<Message>> {
    let rows = db.query(&get_message_sql(), vec![id.into()]).await?;
    rows.first().map(Message::try_from).transpose()
}

pub async fn count_messages(db: &impl Db, conversation_id: &str) -> Result<i64> {
    let rows = db.query(COUNT_MESSAGES, vec![conversation_id.into()]).await?;
    rows.first().map(|r| r.int(0)).unwrap_or(Ok(0))
}

/// Saves a reply's text as it grows (also the writer's heartbeat).
pub async fn save_partial(db: &impl Db, id: &str, content: &str) -> Result<()> {
    db.execute(SAVE_PARTIAL, vec![content.into(), id.into()]).await
}

/// Stores a reply's final text, status and metadata.
pub async fn finish_message(
    db: &impl Db,
    id: &str,
    content: &str,
    status: &str,
    metadata: &serde_json::Value,
) -> Result<()> {
    db.execute(
        FINISH_MESSAGE,
        vec![content.into(), status.into(), metadata.to_string().into(), id.into()],
    )
    .await
}

/// Marks replies of a conversation that stopped being written as `interrupted`.
pub async fn mark_stale_interrupted(db: &impl Db, conversation_id: &str) -> Result<()> {
    db.execute(
        MARK_STALE_INTERRUPTED,
        vec![
            "The server stopped generating this reply before it finished (it was restarted or \
             the reply ran too long after the browser left). The text so far is kept."
                .into(),
            conversation_id.into(),
            format!("-{STALE_STREAM_SECS} seconds").into(),
        ],
    )
    .await
}

// ---------- system prompts ----------

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SystemPrompt {
    pub id: String,
    pub name: String,
    pub content: String,
    pub is_default: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl TryFrom<&Row> for SystemPrompt {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(SystemPrompt {
            id: r.text(0)?,
            name: r.text(1)?,
            content: r.text(2)?,
            is_default: r.int(3)? != 0,
            created_at: r.text(4)?,
            updated_at: r.text(5)?,
        })
    }
}

const PROMPT_COLUMNS: &str = "id, name, content, is_default, created_at, updated_at";
const INSERT_PROMPT: &str =
    "INSERT INTO system_prompts (id, user_id, name, content, is_default) VALUES (?, ?, ?, ?, 0)";
const UPDATE_PROMPT: &str = "UPDATE system_prompts SET name = ?, content = ?, \
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? AND user_id = ?";
const CLEAR_DEFAULT_PROMPT: &str =
    "UPDATE system_prompts SET is_default = 0 WHERE user_id = ? AND id <> ?";
const SET_DEFAULT_PROMPT: &str =
    "UPDATE system_prompts SET is_default = 1 WHERE user_id = ? AND id = ?";
const DELETE_PROMPT: &str =
    "DELETE FROM system_prompts WHERE id = ? AND user_id = ? AND is_default = 0 RETURNING id";

fn list_prompts_sql() -> String {
    format!("SELECT {PROMPT_COLUMNS} FROM system_prompts WHERE user_id = ? ORDER BY is_default DESC, created_at, id")
}
fn get_prompt_sql() -> String {
    format!("SELECT {PROMPT_COLUMNS} FROM system_prompts WHERE id = ? AND user_id = ?")
}
fn default_prompt_sql() -> String {
    format!("SELECT {PROMPT_COLUMNS} FROM system_prompts WHERE user_id = ? AND is_default = 1 LIMIT 1")
}

pub async fn list_prompts(db: &impl Db) -> Result<Vec<SystemPrompt>> {
    map_rows(&db.query(&list_prompts_sql(), vec![OWNER_USER_ID.into()]).await?)
}

pub async fn get_prompt(db: &impl Db, id: &str) -> Result<Option<SystemPrompt>> {
    let rows = db.query(&get_prompt_sql(), vec![id.into(), OWNER_USER_ID.into()]).await?;
    rows.first().map(SystemPrompt::try_from).transpose()
}

pub async fn default_prompt(db: &impl Db) -> Result<Option<SystemPrompt>> {
    let rows = db.query(&default_prompt_sql(), vec![OWNER_USER_ID.into()]).await?;
    rows.first().map(SystemPrompt::try_from).transpose()
}

pub async fn insert_prompt(db: &impl Db, id: &str, name: &str, content: &str) -> Result<()> {
    db.execute(INSERT_PROMPT, vec![id.into(), OWNER_USER_ID.into(), name.into(), content.into()])
        .await
}

pub async fn update_prompt(db: &impl Db, p: &SystemPrompt) -> Result<()> {
    db.execute(
        UPDATE_PROMPT,
        vec![p.name.as_str().into(), p.content.as_str().into(), p.id.as_str().into(), OWNER_USER_ID.into()],
    )
    .await
}

/// Makes `id` the one default prompt.
pub async fn make_default_prompt(db: &impl Db, id: &str) -> Result<()> {
    db.execute(SET_DEFAULT_PROMPT, vec![OWNER_USER_ID.into(), id.into()]).await?;
    db.execute(CLEAR_DEFAULT_PROMPT, vec![OWNER_USER_ID.into(), id.into()]).await
}

/// Deletes a prompt unless it is the default; false if nothing was deleted.
pub async fn delete_prompt(db: &impl Db, id: &str) -> Result<bool> {
    Ok(!db.query(DELETE_PROMPT, vec![id.into(), OWNER_USER_ID.into()]).await?.is_empty())
}

// ---------- config ----------

const SELECT_CONFIG: &str = "SELECT value FROM config WHERE key = ?";
const UPSERT_CONFIG: &str = "INSERT INTO config (key, value) VALUES (?, ?) \
    ON CONFLICT (key) DO UPDATE SET value = excluded.value";
const DELETE_CONFIG: &str = "DELETE FROM config WHERE key = ?";

pub async fn get_config(db: &impl Db, key: &str) -> Result<Option<String>> {
    let rows = db.query(SELECT_CONFIG, vec![key.into()]).await?;
    rows.first().map(|r| r.text(0)).transpose()
}

pub async fn set_config(db: &impl Db, key: &str, value: &str) -> Result<()> {
    db.execute(UPSERT_CONFIG, vec![key.into(), value.into()]).await
}

pub async fn delete_config(db: &impl Db, key: &str) -> Result<()> {
    db.execute(DELETE_CONFIG, vec![key.into()]).await
}

// ---------- models cache ----------

const SELECT_MODELS_CACHE: &str = "SELECT fetched_at, body FROM models_cache WHERE base_url = ?";
const UPSERT_MODELS_CACHE: &str = "INSERT INTO models_cache (base_url, fetched_at, body) \
    VALUES (?, ?, ?) ON CONFLICT (base_url) DO UPDATE SET fetched_at = excluded.fetched_at, \
    body = excluded.body";

/// The cached model list for a provider: (unix seconds fetched, JSON body).
pub async fn get_models_cache(db: &impl Db, base_url: &str) -> Result<Option<(i64, String)>> {
    let rows = db.query(SELECT_MODELS_CACHE, vec![base_url.into()]).await?;
    rows.first().map(|r| Ok((r.int(0)?, r.text(1)?))).transpose()
}

pub async fn put_models_cache(db: &impl Db, base_url: &str, fetched_at: i64, body: &str) -> Result<()> {
    db.execute(UPSERT_MODELS_CACHE, vec![base_url.into(), Value::Integer(fetched_at), body.into()])
        .await
}
