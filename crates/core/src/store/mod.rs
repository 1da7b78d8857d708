//! Every query Nexus runs: SQL as named consts, one function per query, rows mapped
//! with `TryFrom<&Row>`. Nothing outside this module (and `schema`) writes SQL.
//!
//! Ownership is in the SQL: every query a handler runs on a person's data takes that
//! person's id (`user_id`, from `auth::Auth`) and filters by it, and message queries go
//! through a conversation read that way (`conversation_id` plus the user's id, or a
//! conversation row that only such a read returns). The writer and readers of a live
//! reply (`generation`, `follow`) address a message by the id a scoped query gave them.

use crate::db::{Db, Row, Value, map_rows};
use household::LIMIT_COLUMNS;

pub mod accounts;
pub mod connections;
pub mod folders;
pub mod household;
pub mod images;
pub mod search;
pub mod shares;
pub mod templates;
pub mod transfer;
use anyhow::{Context, Result};
use serde::Serialize;
use std::sync::LazyLock;

/// How many characters of the last message a conversation listing shows.
pub const PREVIEW_CHARS: usize = 120;
/// A `streaming` reply whose row has not been touched for this long is taken to belong
/// to a generation whose instance died: readers *show* it as `interrupted` (computed in
/// the SELECT, nothing written), and the next write to its conversation (a send or a
/// regenerate) stores that ([`persist_interrupted`]). A live writer touches the row at
/// least every `generation::HEARTBEAT` (5 s), also while the provider is silent or has
/// not answered yet; a writer that was only late takes its row back on its next save.
pub const STALE_STREAM_SECS: i64 = 30;
/// What an interrupted reply says (no quotes: it is also an SQL literal).
pub const INTERRUPTED_SENTENCE: &str = "The server stopped generating this reply before it finished (it was \
restarted, or the reply ran too long after the browser left). The text so far is kept.";

/// True for a `streaming` row of `messages m` whose writer has not touched it for
/// [`STALE_STREAM_SECS`].
fn stale_sql() -> String {
    format!(
        "(m.status = 'streaming' AND m.updated_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-{STALE_STREAM_SECS} seconds'))"
    )
}

/// The reply's whole text: what is stored in `content` plus the chunks of a reply still
/// being written (see migration 3).
const FULL_CONTENT: &str = "m.content || COALESCE((SELECT group_concat(k.text, '') FROM \
    (SELECT text FROM message_chunks WHERE message_id = m.id ORDER BY start) k), '')";

/// `m.status` and `m.metadata` as readers see them: a stale `streaming` row reads as
/// `interrupted` with an error sentence, without anything being written.
fn status_and_metadata_sql() -> String {
    let stale = stale_sql();
    format!(
        "CASE WHEN m.refused THEN 'refused' WHEN {stale} THEN 'interrupted' ELSE m.status END, \
         CASE WHEN {stale} THEN json_set(m.metadata, '$.error', '{INTERRUPTED_SENTENCE}', \
         '$.error_code', 'interrupted') ELSE m.metadata END"
    )
}
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
    /// The last message of the branch shown (null for an empty conversation).
    pub active_leaf_id: Option<String>,
    /// The first characters of the last message (listing only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview: Option<String>,
    #[serde(skip)]
    pub title_is_default: bool,
    /// When it was archived (hidden from the list, not counted against the chat limit).
    pub archived_at: Option<String>,
    /// The provider connection its replies come from; `None`: the server connection.
    pub connection_id: Option<String>,
    /// Its sampling parameters (empty: the provider's defaults).
    pub params: crate::provider::Params,
    /// The folder it is in (one level), if any.
    pub folder_id: Option<String>,
    /// When it was pinned to the top of the list, if it is.
    pub pinned_at: Option<String>,
    /// Its tags, sorted.
    pub tags: Vec<String>,
}

/// Columns [`CONVERSATION_COLUMNS`] has; what a query selects after them starts here.
const CONV_COLS: usize = 15;

const CONVERSATION_COLUMNS: &str = "c.id, c.title, c.model, c.system_prompt_id, c.created_at, \
    c.updated_at, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id), \
    c.title_is_default, c.active_leaf_id, c.archived_at, c.connection_id, c.params, \
    c.folder_id, c.pinned_at, (SELECT json_group_array(tag) FROM (SELECT tag FROM conversation_tags \
    WHERE conversation_id = c.id ORDER BY tag))";

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
            active_leaf_id: r.opt_text(8)?,
            archived_at: r.opt_text(9)?,
            connection_id: r.opt_text(10)?,
            // A stored value that no longer parses falls back to the defaults.
            params: serde_json::from_str(&r.text(11)?).unwrap_or_default(),
            folder_id: r.opt_text(12)?,
            pinned_at: r.opt_text(13)?,
            tags: serde_json::from_str(&r.opt_text(14)?.unwrap_or_default()).unwrap_or_default(),
            preview: match r.0.get(CONV_COLS) {
                Some(_) => r.opt_text(CONV_COLS)?.map(|p| preview(&p)),
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

/// The listing's columns: the conversation's, then its preview.
fn listing_columns() -> String {
    format!(
        "{CONVERSATION_COLUMNS}, (SELECT substr(m.content || COALESCE((SELECT k.text \
         FROM message_chunks k WHERE k.message_id = m.id ORDER BY k.start LIMIT 1), ''), 1, {n}) \
         FROM messages m WHERE m.id = c.active_leaf_id)",
        n = PREVIEW_CHARS * 2
    )
}

fn list_conversations_sql() -> String {
    format!(
        "SELECT {} FROM conversations c WHERE c.user_id = ? AND (c.archived_at IS NOT NULL) = ? \
         ORDER BY c.updated_at DESC, c.id",
        listing_columns()
    )
}

/// The filters of one page of the list (`?1` user, `?2` archived, `?3` pinned, `?4`
/// folder: NULL any, '' none, else its id; `?5` tag or NULL).
const PAGE_FILTERS: &str = "c.user_id = ?1 AND (c.archived_at IS NOT NULL) = ?2 AND (c.pinned_at IS NOT NULL) = ?3 \
    AND (?4 IS NULL OR (?4 = '' AND c.folder_id IS NULL) OR c.folder_id = ?4) \
    AND (?5 IS NULL OR EXISTS (SELECT 1 FROM conversation_tags t WHERE t.conversation_id = c.id AND t.tag = ?5))";
/// After the cursor (`?6` updated_at, `?7` id), in the list's order (index
/// `conversations_user_page`).
const PAGE_AFTER_CURSOR: &str = "AND (c.updated_at, c.id) < (?6, ?7)";

fn page_sql(cursor: bool) -> String {
    format!(
        "SELECT {} FROM conversations c WHERE {PAGE_FILTERS} {} ORDER BY c.updated_at DESC, c.id DESC LIMIT ?8",
        listing_columns(),
        if cursor { PAGE_AFTER_CURSOR } else { "AND ?6 IS NULL AND ?7 IS NULL" },
    )
}
static PAGE_SQL: LazyLock<String> = LazyLock::new(|| page_sql(false));
static PAGE_AFTER_SQL: LazyLock<String> = LazyLock::new(|| page_sql(true));
static PINNED_SQL: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {} FROM conversations c WHERE {PAGE_FILTERS} ORDER BY c.pinned_at DESC, c.id LIMIT 1000", listing_columns())
});

/// Which folder a listing shows.
#[derive(Debug, Clone, PartialEq)]
pub enum FolderFilter {
    Any,
    /// Conversations in no folder.
    None,
    In(String),
}

/// One page of the conversation list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    pub archived: bool,
    pub folder: FolderFilter,
    pub tag: Option<String>,
    /// `(updated_at, id)` of the last conversation of the page before.
    pub after: Option<(String, String)>,
    pub limit: i64,
}

fn list_params(user_id: &str, q: &ListQuery, pinned: bool) -> Vec<Value> {
    let folder: Value = match &q.folder {
        FolderFilter::Any => Value::Null,
        FolderFilter::None => "".into(),
        FolderFilter::In(id) => id.as_str().into(),
    };
    let (after_at, after_id) = match &q.after {
        Some((at, id)) => (at.as_str().into(), id.as_str().into()),
        None => (Value::Null, Value::Null),
    };
    vec![user_id.into(), Value::Integer(q.archived as i64), Value::Integer(pinned as i64), folder, q.tag.clone().into(), after_at, after_id]
}

/// One page of the user's unpinned conversations, newest activity first; `limit + 1`
/// rows are read so the caller knows whether there is a next page.
pub async fn list_page(db: &impl Db, user_id: &str, q: &ListQuery) -> Result<Vec<Conversation>> {
    let sql: &str = if q.after.is_some() { &PAGE_AFTER_SQL } else { &PAGE_SQL };
    let mut params = list_params(user_id, q, false);
    params.push(Value::Integer(q.limit + 1));
    map_rows(&db.query(sql, params).await?)
}

/// The user's pinned conversations under the same filters, newest pin first.
pub async fn list_pinned(db: &impl Db, user_id: &str, q: &ListQuery) -> Result<Vec<Conversation>> {
    let mut params = list_params(user_id, q, true);
    params.truncate(5);
    map_rows(&db.query(&PINNED_SQL, params).await?)
}

fn get_conversation_sql() -> String {
    format!("SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ? AND c.user_id = ?")
}

const INSERT_CONVERSATION: &str = "INSERT INTO conversations (id, user_id, title, model, system_prompt_id, connection_id, params) \
    VALUES (?, ?, ?, ?, ?, ?, ?)";
const UPDATE_CONVERSATION: &str = "UPDATE conversations SET title = ?, title_is_default = ?, \
    model = ?, system_prompt_id = ?, connection_id = ?, params = ? WHERE id = ? AND user_id = ?";
const DELETE_CONVERSATION: &str = "DELETE FROM conversations WHERE id = ? AND user_id = ? RETURNING id";
const ACTIVE_LEAF: &str = "SELECT active_leaf_id FROM conversations WHERE id = ?";
const SET_ACTIVE_LEAF: &str = "UPDATE conversations SET active_leaf_id = ? WHERE id = ?";
const SET_MODEL: &str = "UPDATE conversations SET model = ?, connection_id = ? WHERE id = ? AND user_id = ?";
const SET_ARCHIVED: &str = "UPDATE conversations SET archived_at = CASE WHEN ?1 THEN \
    COALESCE(archived_at, strftime('%Y-%m-%dT%H:%M:%fZ','now')) END WHERE id = ?2 AND user_id = ?3";
const SET_GENERATED_TITLE: &str = "UPDATE conversations SET title = ?, title_is_default = 0 \
    WHERE id = ? AND title_is_default = 1 RETURNING title";

/// The user's conversations, newest activity first: the active ones, or (`archived`) the
/// archived ones.
pub async fn list_conversations(db: &impl Db, user_id: &str, archived: bool) -> Result<Vec<Conversation>> {
    let rows = db.query(&list_conversations_sql(), vec![user_id.into(), Value::Integer(archived as i64)]).await?;
    map_rows(&rows)
}

/// A conversation as a new reply needs it, in one query (each round trip to the
/// database is one more wait under load).
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyContext {
    pub conversation: Conversation,
    /// It has stale `streaming` replies, to be stored as interrupted ([`persist_interrupted`]).
    pub has_stale: bool,
    /// The text of its system prompt, or of the default one if it has none (or its own
    /// was deleted).
    pub system_prompt: Option<String>,
    /// `(role, content)` of the branch shown, oldest first, as [`prompt_path`] from the
    /// active leaf reads it (valid while the leaf is still that one).
    pub shown_history: Vec<Turn>,
    /// The settings as this user sees them ([`settings_for`]), their `about_me` included.
    pub config: std::collections::HashMap<String, String>,
    /// The household context in use (the newest version), if any.
    pub household_context: Option<String>,
    /// Tokens the user's replies used this calendar month.
    pub tokens_this_month: i64,
    /// The user's limits as they apply (defaults filled in).
    pub limits: household::Limits,
    /// `(prompt, completion)` USD per million tokens of the conversation's model on its
    /// connection, if its price list gives one.
    pub price: Option<(f64, f64)>,
}

fn reply_context_sql() -> String {
    format!(
        "WITH RECURSIVE path(id, depth) AS ( \
            SELECT active_leaf_id, 0 FROM conversations WHERE id = ?1 AND user_id = ?2 AND active_leaf_id IS NOT NULL \
            UNION ALL \
            SELECT m.parent_id, path.depth + 1 FROM messages m JOIN path ON m.id = path.id WHERE m.parent_id IS NOT NULL) \
         SELECT {CONVERSATION_COLUMNS}, NULL, \
         EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND {}), \
         COALESCE((SELECT content FROM system_prompts WHERE id = c.system_prompt_id AND user_id = c.user_id), \
         (SELECT content FROM system_prompts WHERE user_id = c.user_id AND is_default = 1 LIMIT 1)), \
         (SELECT json_group_array(json_array(h.role, h.text, h.parts)) FROM (SELECT m.role AS role, {FULL_CONTENT} AS text, m.parts AS parts \
            FROM path JOIN messages m ON m.id = path.id WHERE NOT m.refused ORDER BY path.depth DESC) h), \
         (SELECT json_group_object(key, value) FROM ({settings})), \
         {context}, \
         COALESCE((SELECT tokens FROM usage_monthly WHERE user_id = ?2 AND month = strftime('%Y-%m', 'now')), 0), \
         {LIMIT_COLUMNS}, \
         (SELECT json_array(prompt_per_mtok, completion_per_mtok) FROM model_prices \
            WHERE connection_id = COALESCE(c.connection_id, 'default') AND model = c.model) \
         FROM conversations c LEFT JOIN user_limits l ON l.user_id = c.user_id WHERE c.id = ?1 AND c.user_id = ?2",
        stale_sql(),
        settings = SETTINGS_FOR_USER.replace("?1", "?2"),
        context = household::CURRENT_CONTEXT,
    )
}
static REPLY_CONTEXT_SQL: LazyLock<String> = LazyLock::new(reply_context_sql);

pub async fn reply_context(db: &impl Db, user_id: &str, id: &str) -> Result<Option<ReplyContext>> {
    let rows = db.query(&REPLY_CONTEXT_SQL, vec![id.into(), user_id.into()]).await?;
    rows.first()
        .map(|r| {
            let history: Vec<(String, String, Option<String>)> =
                serde_json::from_str(&r.opt_text(CONV_COLS + 3)?.unwrap_or_else(|| "[]".into())).context("reading the branch shown")?;
            let history = history.into_iter().map(|(role, text, parts)| Turn::new(role, text, parts.as_deref())).collect();
            let config = serde_json::from_str(&r.opt_text(CONV_COLS + 4)?.unwrap_or_else(|| "{}".into())).context("reading config")?;
            Ok(ReplyContext {
                conversation: Conversation::try_from(r)?,
                has_stale: r.int(CONV_COLS + 1)? != 0,
                system_prompt: r.opt_text(CONV_COLS + 2)?,
                shown_history: history,
                config,
                household_context: r.opt_text(CONV_COLS + 5)?,
                tokens_this_month: r.int(CONV_COLS + 6)?,
                limits: household::Limits::from_columns(r, CONV_COLS + 7)?.effective(),
                price: r.opt_text(CONV_COLS + 12)?.and_then(|p| serde_json::from_str(&p).ok()),
            })
        })
        .transpose()
}

pub async fn get_conversation(db: &impl Db, user_id: &str, id: &str) -> Result<Option<Conversation>> {
    let rows = db.query(&get_conversation_sql(), vec![id.into(), user_id.into()]).await?;
    rows.first().map(Conversation::try_from).transpose()
}

pub async fn insert_conversation(
    db: &impl Db,
    user_id: &str,
    id: &str,
    model: &str,
    system_prompt_id: Option<&str>,
    connection_id: Option<&str>,
    params: &crate::provider::Params,
) -> Result<()> {
    db.execute(
        INSERT_CONVERSATION,
        vec![
            id.into(),
            user_id.into(),
            crate::store::DEFAULT_TITLE.into(),
            model.into(),
            system_prompt_id.into(),
            connection_id.into(),
            serde_json::to_string(params)?.into(),
        ],
    )
    .await
    .context("inserting conversation")
}

/// Writes a conversation's editable fields (title, model, prompt).
pub async fn update_conversation(db: &impl Db, user_id: &str, c: &Conversation) -> Result<()> {
    db.execute(
        UPDATE_CONVERSATION,
        vec![
            c.title.as_str().into(),
            Value::Integer(c.title_is_default as i64),
            c.model.as_str().into(),
            c.system_prompt_id.clone().into(),
            c.connection_id.clone().into(),
            serde_json::to_string(&c.params)?.into(),
            c.id.as_str().into(),
            user_id.into(),
        ],
    )
    .await
}

/// Archives (or brings back) one of the user's conversations.
pub async fn set_archived(db: &impl Db, user_id: &str, id: &str, archived: bool) -> Result<()> {
    db.execute(SET_ARCHIVED, vec![Value::Integer(archived as i64), id.into(), user_id.into()]).await
}

/// Deletes a conversation (its messages cascade); false if there was none.
pub async fn delete_conversation(db: &impl Db, user_id: &str, id: &str) -> Result<bool> {
    Ok(!db.query(DELETE_CONVERSATION, vec![id.into(), user_id.into()]).await?.is_empty())
}

/// The last message of the branch a conversation shows, read now (inside the caller's
/// transaction); `None` for an empty conversation.
pub async fn active_leaf(db: &impl Db, conversation_id: &str) -> Result<Option<String>> {
    let rows = db.query(ACTIVE_LEAF, vec![conversation_id.into()]).await?;
    Ok(rows.first().map(|r| r.opt_text(0)).transpose()?.flatten())
}

/// Sets which branch the conversation shows (its last message).
pub async fn set_active_leaf(db: &impl Db, conversation_id: &str, leaf: Option<&str>) -> Result<()> {
    db.execute(SET_ACTIVE_LEAF, vec![leaf.into(), conversation_id.into()]).await
}

/// Switches one of `user_id`'s conversations to a model (of a connection; `None`: the server's).
pub async fn set_conversation_model(db: &impl Db, user_id: &str, id: &str, model: &str, connection_id: Option<&str>) -> Result<()> {
    db.execute(SET_MODEL, vec![model.into(), connection_id.into(), id.into(), user_id.into()]).await
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
    /// The message this one answers or follows (null for the first message of a branch).
    pub parent_id: Option<String>,
    /// All messages with the same parent, oldest first, this one included: the branches
    /// a `< 2/3 >` switcher moves between.
    pub sibling_ids: Vec<String>,
    /// The message as typed parts: reasoning (if the model streamed any), then the text
    /// (the same text as `content`).
    pub parts: Vec<Part>,
    /// The id the client made for this message when it sent it (the offline outbox).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

/// One typed part of a message. The text part is stored in `content` (appended as
/// chunks while streaming, so resume offsets count text only); the others in `parts`.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Part {
    Text { text: String },
    /// What a reasoning model thought before answering; shown folded, never sent back.
    Reasoning { text: String },
    /// A picture a user message sends (`GET /api/images/{image_id}`), before its text.
    Image { image_id: String, content_type: String, width: i64, height: i64 },
}

impl Part {
    /// The picture's id, if this part is one.
    pub fn image_id(&self) -> Option<&str> {
        match self {
            Part::Image { image_id, .. } => Some(image_id),
            _ => None,
        }
    }
}

/// A message's parts: the stored non-text parts (JSON), then the text.
fn parts_of(stored: Option<&str>, content: &str) -> Vec<Part> {
    let mut parts: Vec<Part> = stored.and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
    parts.retain(|p| !matches!(p, Part::Text { .. }));
    parts.push(Part::Text { text: content.to_owned() });
    parts
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
            parent_id: r.opt_text(9)?,
            sibling_ids: siblings(r.opt_text(10)?.as_deref().unwrap_or("")),
            parts: parts_of(r.opt_text(11)?.as_deref(), &r.text(3)?),
            client_id: r.opt_text(12)?,
        })
    }
}

/// `"000000000003:id3,000000000001:id1"` → `["id1", "id3"]` (ordered by seq, whatever
/// order group_concat produced).
fn siblings(concat: &str) -> Vec<String> {
    let mut pairs: Vec<(&str, &str)> = concat.split(',').filter_map(|p| p.split_once(':')).collect();
    pairs.sort();
    pairs.into_iter().map(|(_, id)| id.to_owned()).collect()
}

pub mod status {
    pub const STREAMING: &str = "streaming";
    pub const COMPLETED: &str = "completed";
    pub const ERROR: &str = "error";
    pub const INTERRUPTED: &str = "interrupted";
    pub const STOPPED: &str = "stopped";
    /// How a user message the moderation check flagged reads (stored as `completed`
    /// with `refused = 1`): kept, shown, never sent to a model.
    pub const REFUSED: &str = "refused";
}

fn message_columns() -> String {
    format!(
        "m.id, m.conversation_id, m.role, {FULL_CONTENT}, m.model, {}, m.created_at, m.updated_at, \
         m.parent_id, (SELECT group_concat(printf('%012d:%s', s.seq, s.id)) FROM messages s \
         WHERE s.conversation_id = m.conversation_id AND s.parent_id IS m.parent_id), m.parts, m.client_id",
        status_and_metadata_sql()
    )
}
/// The user's message (when `?5` is given) and the empty reply, in one statement (see
/// [`start_reply`]): `?3` is `shown` (after the active leaf), `root`, or `message` (under
/// `?4`, only if it is still in the conversation).
const START_REPLY: &str = "WITH p(parent) AS ( \
        SELECT CASE ?3 WHEN 'shown' THEN (SELECT active_leaf_id FROM conversations WHERE id = ?2) \
        WHEN 'message' THEN ?4 END \
        WHERE ?3 <> 'message' OR EXISTS (SELECT 1 FROM messages WHERE id = ?4 AND conversation_id = ?2)), \
    n(seq) AS (SELECT COALESCE(MAX(seq), 0) FROM messages WHERE conversation_id = ?2) \
    INSERT INTO messages (id, conversation_id, parent_id, seq, role, content, model, status, metadata, client_id, parts) \
    SELECT ?5, ?2, p.parent, n.seq + 1, 'user', ?6, NULL, 'completed', '{}', ?8, ?9 FROM p, n WHERE ?5 IS NOT NULL \
    UNION ALL \
    SELECT ?1, ?2, COALESCE(?5, p.parent), n.seq + 1 + (?5 IS NOT NULL), 'assistant', '', ?7, 'streaming', '{}', NULL, NULL FROM p, n \
    RETURNING id, parent_id";
/// The user message a client sent with its own id (`?2`), in a conversation (`?1`)
/// read with its owner's id.
const MESSAGE_BY_CLIENT_ID: &str = "SELECT id FROM messages WHERE conversation_id = ? AND client_id = ?";
/// A refused user message after the branch shown (`?3`: its metadata), made the
/// active leaf so the person sees it where they sent it.
const STORE_REFUSED: &str = "INSERT INTO messages (id, conversation_id, parent_id, seq, role, content, model, status, metadata, refused) \
    SELECT ?1, ?2, c.active_leaf_id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE conversation_id = ?2), \
    'user', ?4, NULL, 'completed', ?3, 1 FROM conversations c WHERE c.id = ?2 RETURNING id";
const INSERT_MESSAGE: &str = "INSERT INTO messages \
    (id, conversation_id, parent_id, seq, role, content, model, status, metadata) \
    SELECT ?, ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ? FROM messages WHERE conversation_id = ?";
/// Appends the text each writer received since its last save, unless a stop was
/// requested for its reply (or the reply is gone): `?1` is a JSON array of `[id, start,
/// text]`, one per writer (the writers of an instance save together: crate::checkin).
/// Returns the replies whose text was stored; the `message_chunks_touch` trigger
/// touches each of them (the writer's heartbeat).
const APPEND_CHUNKS: &str = "INSERT INTO message_chunks (message_id, start, text) \
    SELECT m.id, json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]') \
    FROM json_each(?1) AS j JOIN messages AS m ON m.id = json_extract(j.value, '$[0]') \
    WHERE m.stop_requested = 0 RETURNING message_id";
/// The replies of `?1` (a JSON array of ids) that exist and have no stop requested.
const STILL_GOING: &str = "SELECT id FROM messages WHERE id IN (SELECT value FROM json_each(?1)) AND stop_requested = 0";
/// The heartbeat while no text arrives; returns whether a stop was requested.
const SAVE_PARTS: &str = "UPDATE messages SET parts = ?, \
    status = CASE WHEN status = 'interrupted' THEN 'streaming' ELSE status END, \
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? AND status IN ('streaming', 'interrupted') RETURNING stop_requested";
const TOUCH_MESSAGE: &str = "UPDATE messages SET \
    status = CASE WHEN status = 'interrupted' THEN 'streaming' ELSE status END, \
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? RETURNING stop_requested";
const FINISH_MESSAGE: &str = "UPDATE messages SET content = ?, status = ?, metadata = ?, parts = ?, \
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?";
/// Stores what readers already show for stale replies of a conversation: `interrupted`,
/// with the chunks' text moved into `content`.
fn persist_interrupted_sql() -> String {
    format!(
        "UPDATE messages AS m SET status = 'interrupted', content = {FULL_CONTENT}, \
         metadata = json_set(m.metadata, '$.error', '{INTERRUPTED_SENTENCE}', '$.error_code', 'interrupted') \
         WHERE m.conversation_id = ? AND {} RETURNING id",
        stale_sql()
    )
}
const MESSAGE_IN_CONVERSATION: &str = "SELECT 1 FROM messages WHERE id = ? AND conversation_id = ?";
const COUNT_MESSAGES: &str = "SELECT COUNT(*) FROM messages WHERE conversation_id = ?";
const REQUEST_STOP: &str = "UPDATE messages SET stop_requested = 1 \
    WHERE id = ? AND conversation_id = ? AND status = 'streaming' RETURNING id";
/// A reader's poll: the text after character offset `?1` (from `content`, then from the
/// chunks that end after it, found through the key: a poll reads only what is new),
/// status, metadata.
fn read_tail_sql() -> String {
    format!(
        "SELECT substr(m.content, ?1 + 1) || COALESCE((SELECT group_concat(CASE WHEN k.start < ?1 \
         THEN substr(k.text, ?1 - k.start + 1) ELSE k.text END, '') FROM (SELECT start, text \
         FROM message_chunks WHERE message_id = ?2 AND start >= COALESCE((SELECT MAX(start) \
         FROM message_chunks WHERE message_id = ?2 AND start <= ?1), 0) ORDER BY start) k), ''), \
         {} FROM messages m WHERE m.id = ?2",
        status_and_metadata_sql()
    )
}
/// Walks from a message up to the root (at most `?2` messages; -1: all).
const PATH_CTE: &str = "WITH RECURSIVE path(id, depth) AS ( \
    SELECT ?1, 0 \
    UNION ALL \
    SELECT m.parent_id, path.depth + 1 FROM messages m JOIN path ON m.id = path.id \
    WHERE m.parent_id IS NOT NULL LIMIT ?2)";
/// Follows the newest child from a message down to a leaf.
const NEWEST_LEAF_UNDER: &str = "WITH RECURSIVE d(id, depth) AS ( \
    SELECT ?1, 0 \
    UNION ALL \
    SELECT (SELECT c.id FROM messages c WHERE c.conversation_id = ?2 AND c.parent_id = d.id \
            ORDER BY c.seq DESC LIMIT 1), d.depth + 1 FROM d WHERE d.id IS NOT NULL) \
    SELECT id FROM d WHERE id IS NOT NULL ORDER BY depth DESC LIMIT 1";
const NEWEST_ROOT: &str = "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS NULL \
    ORDER BY seq DESC LIMIT 1";
const DELETE_SUBTREE: &str = "DELETE FROM messages WHERE id IN ( \
    WITH RECURSIVE sub(id) AS ( \
        SELECT ?1 \
        UNION ALL \
        SELECT c.id FROM messages c JOIN sub ON c.parent_id = sub.id WHERE c.conversation_id = ?2) \
    SELECT id FROM sub) RETURNING id";

// The composed statements, built once per instance rather than on every query (a
// follower polls `read_tail` every 100 ms).
static GET_MESSAGE_SQL: LazyLock<String> = LazyLock::new(get_message_sql);
static PATH_SQL: LazyLock<String> = LazyLock::new(path_sql);
static PROMPT_PATH_SQL: LazyLock<String> = LazyLock::new(prompt_path_sql);
static READ_TAIL_SQL: LazyLock<String> = LazyLock::new(read_tail_sql);
static PERSIST_INTERRUPTED_SQL: LazyLock<String> = LazyLock::new(persist_interrupted_sql);

fn get_message_sql() -> String {
    format!("SELECT {} FROM messages m WHERE m.id = ? AND m.conversation_id = ?", message_columns())
}
fn path_sql() -> String {
    format!("{PATH_CTE} SELECT {} FROM path JOIN messages m ON m.id = path.id ORDER BY path.depth DESC", message_columns())
}
fn prompt_path_sql() -> String {
    format!(
        "{PATH_CTE} SELECT m.role, {FULL_CONTENT}, m.parts FROM path JOIN messages m ON m.id = path.id \
         WHERE NOT m.refused ORDER BY path.depth DESC"
    )
}

/// A message to insert.
pub struct NewMessage<'a> {
    pub id: &'a str,
    pub conversation_id: &'a str,
    pub parent_id: Option<&'a str>,
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
            m.parent_id.into(),
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

/// The branch ending at `leaf`, oldest first: at most `limit` messages (the newest ones).
pub async fn path_to(db: &impl Db, leaf: &str, limit: Option<i64>) -> Result<Vec<Message>> {
    map_rows(&db.query(&PATH_SQL, vec![leaf.into(), Value::Integer(limit.unwrap_or(-1))]).await?)
}

/// One message of a branch as a prompt needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    pub role: String,
    pub text: String,
    /// The ids of its pictures (a user message's image parts), in order.
    pub images: Vec<String>,
}

impl Turn {
    /// A turn from a row's role, text and stored parts (JSON).
    pub fn new(role: String, text: String, parts: Option<&str>) -> Turn {
        let parts: Vec<Part> = parts.and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default();
        let images = parts.iter().filter_map(Part::image_id).map(str::to_owned).collect();
        Turn { role, text, images }
    }
}

/// Every message on the branch ending at `leaf`, oldest first (refused ones left out).
pub async fn prompt_path(db: &impl Db, leaf: &str) -> Result<Vec<Turn>> {
    let rows = db.query(&PROMPT_PATH_SQL, vec![leaf.into(), Value::Integer(-1)]).await?;
    rows.iter().map(|r| Ok(Turn::new(r.text(0)?, r.text(1)?, r.opt_text(2)?.as_deref()))).collect()
}

/// The leaf reached from `id` by always taking the newest child (`id` itself if none).
pub async fn newest_leaf_under(db: &impl Db, conversation_id: &str, id: &str) -> Result<Option<String>> {
    let rows = db.query(NEWEST_LEAF_UNDER, vec![id.into(), conversation_id.into()]).await?;
    rows.first().map(|r| r.text(0)).transpose()
}

pub async fn newest_root(db: &impl Db, conversation_id: &str) -> Result<Option<String>> {
    let rows = db.query(NEWEST_ROOT, vec![conversation_id.into()]).await?;
    rows.first().map(|r| r.text(0)).transpose()
}

/// Deletes a message and everything below it; returns the ids deleted.
pub async fn delete_subtree(db: &impl Db, conversation_id: &str, id: &str) -> Result<Vec<String>> {
    let rows = db.query(DELETE_SUBTREE, vec![id.into(), conversation_id.into()]).await?;
    rows.iter().map(|r| r.text(0)).collect()
}

/// Asks the generation writing `id` to stop; false if it is not streaming.
pub async fn request_stop(db: &impl Db, conversation_id: &str, id: &str) -> Result<bool> {
    Ok(!db.query(REQUEST_STOP, vec![id.into(), conversation_id.into()]).await?.is_empty())
}

/// What a reader needs on each poll.
pub struct Tail {
    /// The text after the offset asked for.
    pub text: String,
    /// As readers see it (a stale `streaming` reply reads as `interrupted`).
    pub status: String,
    pub metadata: serde_json::Value,
}

pub async fn read_tail(db: &impl Db, id: &str, offset: i64) -> Result<Option<Tail>> {
    let rows = db.query(&READ_TAIL_SQL, vec![Value::Integer(offset), id.into()]).await?;
    rows.first()
        .map(|r| {
            Ok(Tail {
                text: r.opt_text(0)?.unwrap_or_default(),
                status: r.text(1)?,
                metadata: serde_json::from_str(&r.text(2)?).unwrap_or_else(|_| serde_json::json!({})),
            })
        })
        .transpose()
}

/// Message `id` of a conversation (read with its owner's id); `None` if it has none.
pub async fn get_message(db: &impl Db, conversation_id: &str, id: &str) -> Result<Option<Message>> {
    let rows = db.query(&GET_MESSAGE_SQL, vec![id.into(), conversation_id.into()]).await?;
    rows.first().map(Message::try_from).transpose()
}

/// Whether message `id` (still) exists in the conversation.
pub async fn message_exists(db: &impl Db, conversation_id: &str, id: &str) -> Result<bool> {
    Ok(!db.query(MESSAGE_IN_CONVERSATION, vec![id.into(), conversation_id.into()]).await?.is_empty())
}

pub async fn count_messages(db: &impl Db, conversation_id: &str) -> Result<i64> {
    let rows = db.query(COUNT_MESSAGES, vec![conversation_id.into()]).await?;
    rows.first().map(|r| r.int(0)).unwrap_or(Ok(0))
}

/// Appends `text`, which starts `start` characters into the reply (also the writer's
/// heartbeat). False: stop (a stop was requested, or the reply was deleted); the text
/// was then not stored. One writer's [`append_chunks`].
pub async fn append_chunk(db: &impl Db, id: &str, start: i64, text: &str) -> Result<bool> {
    Ok(append_chunks(db, &[(id, start, text)]).await?.contains(id))
}

/// Appends each writer's `(reply id, start, text)` in one statement, except for the
/// replies with a stop requested (or deleted); returns the ids whose text was stored.
pub async fn append_chunks(db: &impl Db, chunks: &[(&str, i64, &str)]) -> Result<std::collections::HashSet<String>> {
    let rows: Vec<serde_json::Value> = chunks.iter().map(|(id, start, text)| serde_json::json!([id, start, text])).collect();
    let rows = db.query(APPEND_CHUNKS, vec![serde_json::Value::Array(rows).to_string().into()]).await?;
    rows.iter().map(|r| r.text(0)).collect()
}

/// Of the replies `ids`, those that exist and have no stop requested (one statement).
pub async fn still_going(db: &impl Db, ids: &[&str]) -> Result<std::collections::HashSet<String>> {
    let rows = db.query(STILL_GOING, vec![serde_json::json!(ids).to_string().into()]).await?;
    rows.iter().map(|r| r.text(0)).collect()
}

/// The writer's heartbeat while no text arrives. Returns whether a stop was requested,
/// or `None` if the message no longer exists.
/// Stores a streaming reply's non-text parts so far (its reasoning) — also a heartbeat.
/// Returns whether a stop was requested, or `None` if the reply no longer streams.
pub async fn save_parts(db: &impl Db, id: &str, parts: &[Part]) -> Result<Option<bool>> {
    let parts: Vec<&Part> = parts.iter().filter(|p| !matches!(p, Part::Text { .. })).collect();
    let rows = db.query(SAVE_PARTS, vec![serde_json::to_string(&parts)?.into(), id.into()]).await?;
    rows.first().map(|r| Ok(r.int(0)? != 0)).transpose()
}

pub async fn touch_message(db: &impl Db, id: &str) -> Result<Option<bool>> {
    let rows = db.query(TOUCH_MESSAGE, vec![id.into()]).await?;
    rows.first().map(|r| Ok(r.int(0)? != 0)).transpose()
}

/// Stores a reply's final text, status and metadata. One statement: the
/// `messages_reply_ended` trigger drops its chunks and touches the conversation.
pub async fn finish_message(
    db: &impl Db,
    id: &str,
    content: &str,
    status: &str,
    metadata: &serde_json::Value,
    parts: &[Part],
) -> Result<()> {
    let parts: Vec<&Part> = parts.iter().filter(|p| !matches!(p, Part::Text { .. })).collect();
    let stored = (!parts.is_empty()).then(|| serde_json::to_string(&parts)).transpose()?;
    db.execute(FINISH_MESSAGE, vec![content.into(), status.into(), metadata.to_string().into(), stored.into(), id.into()]).await
}

/// Stores `interrupted` for the stale replies of a conversation (what readers already
/// show), moving their chunks into `content` (the `messages_reply_ended` trigger drops
/// them). Runs on write paths only; readers never write.
pub async fn persist_interrupted(db: &impl Db, conversation_id: &str) -> Result<()> {
    db.execute(&PERSIST_INTERRUPTED_SQL, vec![conversation_id.into()]).await
}

/// Where a new reply goes in a conversation's tree (see [`start_reply`]).
pub enum ReplyParent<'a> {
    /// After the last message of the branch shown, as it is when the rows are stored.
    Shown,
    /// A new branch at the root.
    Root,
    /// Under this message, if it still exists then.
    Message(&'a str),
}

/// What [`start_reply`] stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StartedReply {
    /// What the new user message (or, without one, the reply) hangs under.
    pub parent_id: Option<String>,
    /// The message the reply answers.
    pub answers: String,
}

/// Stores the user's message (if any) and the empty `streaming` reply under it, in one
/// statement (atomic on its own, so no transaction is held across round trips). The
/// parent is read by that statement, against the tree as it is at that moment, so two
/// tabs sending at once make a chain, never a lost leaf; the `messages_new_reply` trigger
/// makes the reply the conversation's active leaf and touches it. `None`: the parent
/// message was deleted meanwhile, and nothing was stored.
pub async fn start_reply(
    db: &impl Db,
    conversation_id: &str,
    parent: ReplyParent<'_>,
    user: Option<(&str, &str)>,
    reply_id: &str,
    model: &str,
) -> Result<Option<StartedReply>> {
    let user = user.map(|(id, content)| NewUserMessage { id, content, client_id: None, images: &[] });
    start_reply_with(db, conversation_id, parent, user, reply_id, model).await
}

/// A user message as a send stores it.
#[derive(Debug, Clone, Copy)]
pub struct NewUserMessage<'a> {
    pub id: &'a str,
    pub content: &'a str,
    /// The id the client made for it (`409 duplicate` on a second send with it).
    pub client_id: Option<&'a str>,
    /// The pictures it takes (attached, or copied, in the same commit).
    pub images: &'a [images::Attach],
}

/// Why [`start_reply_with`] stored nothing although its parent exists.
#[derive(Debug)]
pub enum NotStored {
    /// A message with the same client id is already in the conversation (a race the
    /// handler's check did not see).
    Duplicate,
    /// A picture was deleted, or taken by another message, meanwhile.
    ImageGone,
}

impl std::fmt::Display for NotStored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotStored::Duplicate => "a message with this client_id is already stored",
            NotStored::ImageGone => "a picture of the message is no longer available",
        })
    }
}
impl std::error::Error for NotStored {}

/// [`start_reply`] with the whole user message: its client id and its pictures. With
/// pictures, the rows and the pictures' attachment are one transaction; without, one
/// statement as before. Errors with [`NotStored`] when a client id is taken or a picture
/// is gone (nothing stored then).
pub async fn start_reply_with(
    db: &impl Db,
    conversation_id: &str,
    parent: ReplyParent<'_>,
    user: Option<NewUserMessage<'_>>,
    reply_id: &str,
    model: &str,
) -> Result<Option<StartedReply>> {
    match user {
        Some(u) if !u.images.is_empty() => {
            crate::db::transaction(db, async |db| {
                let started = insert_reply_rows(db, conversation_id, parent, Some(u), reply_id, model).await?;
                if started.is_some() {
                    for a in u.images {
                        if !images::attach(db, a, u.id).await? {
                            return Err(NotStored::ImageGone.into());
                        }
                    }
                }
                Ok(started)
            })
            .await
        }
        user => insert_reply_rows(db, conversation_id, parent, user, reply_id, model).await,
    }
}

async fn insert_reply_rows(
    db: &impl Db,
    conversation_id: &str,
    parent: ReplyParent<'_>,
    user: Option<NewUserMessage<'_>>,
    reply_id: &str,
    model: &str,
) -> Result<Option<StartedReply>> {
    let (mode, parent_id) = match parent {
        ReplyParent::Shown => ("shown", None),
        ReplyParent::Root => ("root", None),
        ReplyParent::Message(id) => ("message", Some(id)),
    };
    let user_id = user.map(|u| u.id);
    let parts = match user {
        Some(u) if !u.images.is_empty() => Some(serde_json::to_string(&u.images.iter().map(images::Attach::part).collect::<Vec<_>>())?),
        _ => None,
    };
    let rows = db
        .query(
            START_REPLY,
            vec![
                reply_id.into(),
                conversation_id.into(),
                mode.into(),
                parent_id.into(),
                user_id.into(),
                user.map(|u| u.content).into(),
                model.into(),
                user.and_then(|u| u.client_id).into(),
                parts.into(),
            ],
        )
        .await
        .map_err(|e| if format!("{e:#}").contains("messages.client_id") { NotStored::Duplicate.into() } else { e })?;
    let parent_of = |id: &str| -> Result<Option<Option<String>>> {
        rows.iter().find(|r| r.text(0).ok().as_deref() == Some(id)).map(|r| r.opt_text(1)).transpose()
    };
    let Some(reply_parent) = parent_of(reply_id)? else {
        return Ok(None);
    };
    let answers = reply_parent.clone().unwrap_or_default();
    let parent_id = match user_id {
        Some(uid) => parent_of(uid)?.context("the user message was not stored with its reply")?,
        None => reply_parent,
    };
    Ok(Some(StartedReply { parent_id, answers }))
}

/// The id of the user message stored with `client_id` in a conversation (read with its
/// owner's id), if there is one.
pub async fn message_by_client_id(db: &impl Db, conversation_id: &str, client_id: &str) -> Result<Option<String>> {
    let rows = db.query(MESSAGE_BY_CLIENT_ID, vec![conversation_id.into(), client_id.into()]).await?;
    rows.first().map(|r| r.text(0)).transpose()
}

/// Stores a user message the moderation check refused, after the branch shown, and
/// shows it (one commit). Prompts skip refused messages (`prompt_path`).
pub async fn store_refused(db: &impl Db, conversation_id: &str, id: &str, content: &str, metadata: &serde_json::Value) -> Result<()> {
    crate::db::transaction(db, async |db| {
        db.execute(STORE_REFUSED, vec![id.into(), conversation_id.into(), metadata.to_string().into(), content.into()]).await?;
        set_active_leaf(db, conversation_id, Some(id)).await
    })
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

pub async fn list_prompts(db: &impl Db, user_id: &str) -> Result<Vec<SystemPrompt>> {
    map_rows(&db.query(&list_prompts_sql(), vec![user_id.into()]).await?)
}

pub async fn get_prompt(db: &impl Db, user_id: &str, id: &str) -> Result<Option<SystemPrompt>> {
    let rows = db.query(&get_prompt_sql(), vec![id.into(), user_id.into()]).await?;
    rows.first().map(SystemPrompt::try_from).transpose()
}

pub async fn insert_prompt(db: &impl Db, user_id: &str, id: &str, name: &str, content: &str) -> Result<()> {
    db.execute(INSERT_PROMPT, vec![id.into(), user_id.into(), name.into(), content.into()])
        .await
}

pub async fn update_prompt(db: &impl Db, user_id: &str, p: &SystemPrompt) -> Result<()> {
    db.execute(
        UPDATE_PROMPT,
        vec![p.name.as_str().into(), p.content.as_str().into(), p.id.as_str().into(), user_id.into()],
    )
    .await
}

/// Makes `id` the one default prompt.
pub async fn make_default_prompt(db: &impl Db, user_id: &str, id: &str) -> Result<()> {
    db.execute(SET_DEFAULT_PROMPT, vec![user_id.into(), id.into()]).await?;
    db.execute(CLEAR_DEFAULT_PROMPT, vec![user_id.into(), id.into()]).await
}

/// Deletes a prompt unless it is the default; false if nothing was deleted.
pub async fn delete_prompt(db: &impl Db, user_id: &str, id: &str) -> Result<bool> {
    Ok(!db.query(DELETE_PROMPT, vec![id.into(), user_id.into()]).await?.is_empty())
}

// ---------- config ----------

/// Instance settings (`config`) with the user's own preferences (`?1`) in place of
/// the instance's defaults for the same keys.
const SETTINGS_FOR_USER: &str = "SELECT key, value FROM config WHERE key NOT IN \
    (SELECT key FROM user_preferences WHERE user_id = ?1) \
    UNION ALL SELECT key, value FROM user_preferences WHERE user_id = ?1";
const UPSERT_PREFERENCE: &str = "INSERT INTO user_preferences (user_id, key, value) VALUES (?, ?, ?) \
    ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value";
const UPSERT_CONFIG: &str = "INSERT INTO config (key, value) VALUES (?, ?) \
    ON CONFLICT (key) DO UPDATE SET value = excluded.value";
const DELETE_CONFIG: &str = "DELETE FROM config WHERE key = ?";


/// Every setting as `user_id` sees it (the instance's, with the user's preferences
/// instead where they set one), in one query.
pub async fn settings_for(db: &impl Db, user_id: &str) -> Result<std::collections::HashMap<String, String>> {
    let rows = db.query(SETTINGS_FOR_USER, vec![user_id.into()]).await?;
    rows.iter().map(|r| Ok((r.text(0)?, r.text(1)?))).collect()
}

pub async fn set_config(db: &impl Db, key: &str, value: &str) -> Result<()> {
    db.execute(UPSERT_CONFIG, vec![key.into(), value.into()]).await
}

pub async fn delete_config(db: &impl Db, key: &str) -> Result<()> {
    db.execute(DELETE_CONFIG, vec![key.into()]).await
}

/// Stores one of the user's own preferences (their default model, title model, theme).
pub async fn set_preference(db: &impl Db, user_id: &str, key: &str, value: &str) -> Result<()> {
    db.execute(UPSERT_PREFERENCE, vec![user_id.into(), key.into(), value.into()]).await
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
