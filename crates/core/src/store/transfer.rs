//! Export, import, backup and restore: the queries.
//!
//! Export and import queries take the person's id like every other query on their
//! data. Backup and restore are the instance's (an admin's, or a restore before
//! anyone can sign in) and go over every table.

use super::{FULL_CONTENT, INTERRUPTED_SENTENCE, Part, parts_of, stale_sql};
use crate::db::{Db, Row, Value, map_rows};
use crate::transfer::{ExportConversation, ExportMessage};
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::sync::LazyLock;

// ---------- export ----------

/// The person's conversations (`?2`: only that one; NULL: all), newest activity first,
/// with their prompt's text, folder's name and tags.
const EXPORT_CONVERSATIONS: &str = "SELECT c.id, c.title, c.model, \
    (SELECT p.content FROM system_prompts p WHERE p.id = c.system_prompt_id AND p.user_id = c.user_id), \
    c.created_at, c.updated_at, c.archived_at, c.pinned_at, \
    (SELECT f.name FROM folders f WHERE f.id = c.folder_id AND f.user_id = c.user_id), \
    (SELECT json_group_array(t.tag) FROM (SELECT tag FROM conversation_tags WHERE conversation_id = c.id ORDER BY tag) t), \
    c.params, c.connection_id, c.active_leaf_id \
    FROM conversations c WHERE c.user_id = ?1 AND (?2 IS NULL OR c.id = ?2) ORDER BY c.updated_at DESC, c.id";

impl TryFrom<&Row> for ExportConversation {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(ExportConversation {
            id: r.text(0)?,
            title: r.text(1)?,
            model: r.text(2)?,
            system_prompt: r.opt_text(3)?,
            created_at: r.text(4)?,
            updated_at: r.text(5)?,
            archived_at: r.opt_text(6)?,
            pinned_at: r.opt_text(7)?,
            folder: r.opt_text(8)?,
            tags: serde_json::from_str(&r.opt_text(9)?.unwrap_or_else(|| "[]".into())).context("reading tags")?,
            params: serde_json::from_str(&r.text(10)?).unwrap_or_default(),
            connection_id: r.opt_text(11)?,
            active_leaf_id: r.opt_text(12)?,
            messages: Vec::new(),
            images: Vec::new(),
        })
    }
}

/// Every message of the person's conversations (`?2` as above), the whole text of a
/// reply still being written, status and metadata as readers see them (a stale
/// `streaming` reply reads as `interrupted`), in the order they were written.
fn export_messages_sql() -> String {
    let stale = stale_sql();
    format!(
        "SELECT m.conversation_id, m.id, m.parent_id, m.role, {FULL_CONTENT}, m.parts, m.model, \
         CASE WHEN {stale} THEN 'interrupted' ELSE m.status END, \
         CASE WHEN {stale} THEN json_set(m.metadata, '$.error', '{INTERRUPTED_SENTENCE}', '$.error_code', 'interrupted') ELSE m.metadata END, \
         m.refused, m.created_at, m.updated_at \
         FROM messages m JOIN conversations c ON c.id = m.conversation_id \
         WHERE c.user_id = ?1 AND (?2 IS NULL OR c.id = ?2) ORDER BY m.conversation_id, m.seq"
    )
}
static EXPORT_MESSAGES_SQL: LazyLock<String> = LazyLock::new(export_messages_sql);

/// A message with the conversation it belongs to.
pub struct ExportedMessage {
    pub conversation_id: String,
    pub message: ExportMessage,
}

impl TryFrom<&Row> for ExportedMessage {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        let content = r.text(4)?;
        Ok(ExportedMessage {
            conversation_id: r.text(0)?,
            message: ExportMessage {
                id: r.text(1)?,
                parent_id: r.opt_text(2)?,
                role: r.text(3)?,
                parts: parts_of(r.opt_text(5)?.as_deref(), &content),
                content,
                model: r.opt_text(6)?,
                status: r.text(7)?,
                metadata: serde_json::from_str(&r.text(8)?).unwrap_or_else(|_| serde_json::json!({})),
                refused: r.int(9)? != 0,
                created_at: r.text(10)?,
                updated_at: r.text(11)?,
            },
        })
    }
}

const EXPORT_FOLDERS: &str = "SELECT name FROM folders WHERE user_id = ? ORDER BY name, id";
const EXPORT_TEMPLATES: &str = "SELECT name, content FROM prompt_templates WHERE owner_id = ? ORDER BY name, id";

/// The person's conversations (or the one `only`), without their messages.
pub async fn export_conversations(db: &impl Db, user_id: &str, only: Option<&str>) -> Result<Vec<ExportConversation>> {
    map_rows(&db.query(EXPORT_CONVERSATIONS, vec![user_id.into(), only.into()]).await?)
}

/// The messages of the person's conversations (or of the one `only`).
pub async fn export_messages(db: &impl Db, user_id: &str, only: Option<&str>) -> Result<Vec<ExportedMessage>> {
    map_rows(&db.query(&EXPORT_MESSAGES_SQL, vec![user_id.into(), only.into()]).await?)
}

/// The names of the person's folders.
pub async fn export_folders(db: &impl Db, user_id: &str) -> Result<Vec<String>> {
    db.query(EXPORT_FOLDERS, vec![user_id.into()]).await?.iter().map(|r| r.text(0)).collect()
}

/// The person's own templates, `(name, content)`.
pub async fn export_templates(db: &impl Db, user_id: &str) -> Result<Vec<(String, String)>> {
    db.query(EXPORT_TEMPLATES, vec![user_id.into()]).await?.iter().map(|r| Ok((r.text(0)?, r.text(1)?))).collect()
}

// ---------- import ----------

/// Whether the person has this conversation already: imported from the same source, or
/// (`?3`, a Nexus export of their own) the very conversation.
const ALREADY_IMPORTED: &str = "SELECT 1 FROM conversations WHERE user_id = ?1 AND (import_key = ?2 OR id = ?3) LIMIT 1";
/// Whether any conversation (anyone's) has this id: a kept id must be free.
const CONVERSATION_ID_TAKEN: &str = "SELECT 1 FROM conversations WHERE id = ?";
/// Which of these ids (a JSON array) any message already has.
const MESSAGE_IDS_TAKEN: &str = "SELECT m.id FROM json_each(?) j JOIN messages m ON m.id = j.value";
const PROMPT_BY_CONTENT: &str = "SELECT id FROM system_prompts WHERE user_id = ? AND content = ? ORDER BY is_default DESC, created_at, id LIMIT 1";
const HAS_TEMPLATE: &str = "SELECT 1 FROM prompt_templates WHERE owner_id = ? AND name = ? AND content = ? LIMIT 1";
const INSERT_TEMPLATE: &str = "INSERT INTO prompt_templates (id, owner_id, name, content) VALUES (?, ?, ?, ?)";
/// An imported conversation as it was: its dates, archive and pin, its branch shown
/// (`active_leaf_id` has no foreign key: its messages follow in the same commit). A
/// connection is kept only if it still exists and is the household's or the person's.
const INSERT_IMPORTED_CONVERSATION: &str = "INSERT INTO conversations \
    (id, user_id, title, title_is_default, model, system_prompt_id, created_at, updated_at, archived_at, pinned_at, \
     folder_id, params, connection_id, active_leaf_id, import_key) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
     (SELECT id FROM connections WHERE id = ?13 AND (owner_id IS NULL OR owner_id = ?2)), ?14, ?15)";
/// Tags (a JSON array) of a conversation of the person's.
const INSERT_TAGS: &str = "INSERT OR IGNORE INTO conversation_tags (conversation_id, tag) \
    SELECT ?1, j.value FROM json_each(?2) j WHERE EXISTS (SELECT 1 FROM conversations WHERE id = ?1 AND user_id = ?3)";
/// A conversation's messages in one statement (a JSON array of objects, parents first;
/// `seq` is the position). Never `streaming`, so `messages_new_reply` does not fire; the
/// full-text trigger indexes each one; no usage trigger fires (they fire when a reply
/// ends, on UPDATE): imports do not count as usage.
const INSERT_IMPORTED_MESSAGES: &str = "INSERT INTO messages \
    (id, conversation_id, parent_id, seq, role, content, model, status, metadata, parts, refused, created_at, updated_at) \
    SELECT json_extract(j.value, '$.id'), ?1, json_extract(j.value, '$.parent_id'), j.key + 1, \
        json_extract(j.value, '$.role'), json_extract(j.value, '$.content'), json_extract(j.value, '$.model'), \
        json_extract(j.value, '$.status'), json_extract(j.value, '$.metadata'), json_extract(j.value, '$.parts'), \
        json_extract(j.value, '$.refused'), json_extract(j.value, '$.created_at'), json_extract(j.value, '$.updated_at') \
    FROM json_each(?2) j WHERE EXISTS (SELECT 1 FROM conversations WHERE id = ?1 AND user_id = ?3) ORDER BY j.key";

pub async fn already_imported(db: &impl Db, user_id: &str, import_key: &str, own_id: Option<&str>) -> Result<bool> {
    Ok(!db.query(ALREADY_IMPORTED, vec![user_id.into(), import_key.into(), own_id.into()]).await?.is_empty())
}

pub async fn conversation_id_taken(db: &impl Db, id: &str) -> Result<bool> {
    Ok(!db.query(CONVERSATION_ID_TAKEN, vec![id.into()]).await?.is_empty())
}

pub async fn message_ids_taken(db: &impl Db, ids: &[&str]) -> Result<HashSet<String>> {
    let rows = db.query(MESSAGE_IDS_TAKEN, vec![serde_json::to_string(ids)?.into()]).await?;
    rows.iter().map(|r| r.text(0)).collect()
}

/// The person's folder with this name (compared without case, as folders are), made if
/// they have none.
pub async fn folder_named(db: &impl Db, user_id: &str, name: &str) -> Result<String> {
    if let Some(id) = super::folders::named(db, user_id, name).await? {
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().to_string();
    super::folders::insert(db, user_id, &id, name).await?;
    Ok(id)
}

/// The person's system prompt with exactly this text, if any.
pub async fn prompt_with_content(db: &impl Db, user_id: &str, content: &str) -> Result<Option<String>> {
    db.query(PROMPT_BY_CONTENT, vec![user_id.into(), content.into()]).await?.first().map(|r| r.text(0)).transpose()
}

/// Adds a personal template unless the person has one with the same name and text.
pub async fn add_template(db: &impl Db, user_id: &str, name: &str, content: &str) -> Result<bool> {
    if !db.query(HAS_TEMPLATE, vec![user_id.into(), name.into(), content.into()]).await?.is_empty() {
        return Ok(false);
    }
    let id = uuid::Uuid::new_v4().to_string();
    db.execute(INSERT_TEMPLATE, vec![id.into(), user_id.into(), name.into(), content.into()]).await?;
    Ok(true)
}

/// A conversation to store, its references resolved.
pub struct ImportedConversation<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub model: &'a str,
    pub system_prompt_id: Option<&'a str>,
    pub created_at: &'a str,
    pub updated_at: &'a str,
    pub archived_at: Option<&'a str>,
    pub pinned_at: Option<&'a str>,
    pub folder_id: Option<&'a str>,
    pub params: &'a crate::provider::Params,
    pub connection_id: Option<&'a str>,
    pub active_leaf_id: Option<&'a str>,
    pub import_key: Option<&'a str>,
}

pub async fn insert_imported_conversation(db: &impl Db, user_id: &str, c: &ImportedConversation<'_>) -> Result<()> {
    db.execute(
        INSERT_IMPORTED_CONVERSATION,
        vec![
            c.id.into(),
            user_id.into(),
            c.title.into(),
            Value::Integer((c.title == super::DEFAULT_TITLE) as i64),
            c.model.into(),
            c.system_prompt_id.into(),
            c.created_at.into(),
            c.updated_at.into(),
            c.archived_at.into(),
            c.pinned_at.into(),
            c.folder_id.into(),
            serde_json::to_string(c.params)?.into(),
            c.connection_id.into(),
            c.active_leaf_id.into(),
            c.import_key.into(),
        ],
    )
    .await
    .context("inserting an imported conversation")
}

pub async fn insert_tags(db: &impl Db, user_id: &str, conversation_id: &str, tags: &[String]) -> Result<()> {
    if tags.is_empty() {
        return Ok(());
    }
    db.execute(INSERT_TAGS, vec![conversation_id.into(), serde_json::to_string(tags)?.into(), user_id.into()]).await
}

/// A message to store (ids resolved).
#[derive(serde::Serialize)]
pub struct ImportedMessage<'a> {
    pub id: &'a str,
    pub parent_id: Option<&'a str>,
    pub role: &'a str,
    pub content: &'a str,
    pub model: Option<&'a str>,
    pub status: &'a str,
    /// JSON text.
    pub metadata: String,
    /// JSON text of the non-text parts, or null.
    pub parts: Option<String>,
    pub refused: i64,
    pub created_at: &'a str,
    pub updated_at: &'a str,
}

impl<'a> ImportedMessage<'a> {
    pub fn parts_json(parts: &[Part]) -> Result<Option<String>> {
        Ok((!parts.is_empty()).then(|| serde_json::to_string(parts)).transpose()?)
    }
}

/// Stores a conversation's messages (parents first) in one statement.
pub async fn insert_imported_messages(db: &impl Db, user_id: &str, conversation_id: &str, messages: &[ImportedMessage<'_>]) -> Result<()> {
    if messages.is_empty() {
        return Ok(());
    }
    db.execute(INSERT_IMPORTED_MESSAGES, vec![conversation_id.into(), serde_json::to_string(messages)?.into(), user_id.into()])
        .await
        .context("inserting imported messages")
}

// ---------- backup and restore ----------
//
// These statements name tables and columns, which SQL cannot take as parameters: the
// names come from `sqlite_master` and `pragma_table_info` of this database (a restore
// takes a backup's names only when they are among those), and are quoted as SQL
// identifiers ("…", inner quotes doubled). Values are always bound parameters.

/// The tables a backup holds: all but SQLite's own, the full-text indexes and their
/// shadow tables (rebuilt from the messages and titles) and the model list cache.
const BACKUP_TABLES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' \
    AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'messages\\_fts%' ESCAPE '\\' \
    AND name NOT LIKE 'conversations\\_fts%' ESCAPE '\\' AND name <> 'models_cache' ORDER BY name";
const TABLE_COLUMNS: &str = "SELECT name FROM pragma_table_info(?) ORDER BY cid";
const DEFER_FOREIGN_KEYS: &str = "PRAGMA defer_foreign_keys = ON";
/// A row that names a missing parent, checked before a restore commits.
const FOREIGN_KEY_PROBLEM: &str = "SELECT \"table\", parent FROM pragma_foreign_key_check LIMIT 1";
const REBUILD_MESSAGES_FTS: &str = "INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')";
const REBUILD_CONVERSATIONS_FTS: &str = "INSERT INTO conversations_fts (conversations_fts) VALUES ('rebuild')";

/// `name` as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn select_all_sql(table: &str, columns: &[String]) -> String {
    let cols: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
    format!("SELECT {} FROM {}", cols.join(", "), quoted(table))
}

fn delete_all_sql(table: &str) -> String {
    format!("DELETE FROM {}", quoted(table))
}

fn insert_row_sql(table: &str, columns: &[&str]) -> String {
    let cols: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
    let marks = vec!["?"; columns.len()].join(", ");
    format!("INSERT INTO {} ({}) VALUES ({marks})", quoted(table), cols.join(", "))
}

/// The tables a backup holds (and a restore fills), by name.
pub async fn backup_tables(db: &impl Db) -> Result<Vec<String>> {
    db.query(BACKUP_TABLES, vec![]).await?.iter().map(|r| r.text(0)).collect()
}

/// A table's columns, in order.
pub async fn table_columns(db: &impl Db, table: &str) -> Result<Vec<String>> {
    db.query(TABLE_COLUMNS, vec![table.into()]).await?.iter().map(|r| r.text(0)).collect()
}

/// Every row of a table (`table` and `columns` from [`backup_tables`] and [`table_columns`]).
pub async fn all_rows(db: &impl Db, table: &str, columns: &[String]) -> Result<Vec<Vec<Value>>> {
    Ok(db.query(&select_all_sql(table, columns), vec![]).await?.into_iter().map(|r| r.0).collect())
}

/// Foreign keys are checked at the commit, not per row (inside a transaction).
pub async fn defer_foreign_keys(db: &impl Db) -> Result<()> {
    db.execute(DEFER_FOREIGN_KEYS, vec![]).await
}

pub async fn delete_all(db: &impl Db, table: &str) -> Result<()> {
    db.execute(&delete_all_sql(table), vec![]).await
}

/// Inserts rows into a table (`table` and `columns` checked against [`backup_tables`]
/// and [`table_columns`] by the caller).
pub async fn insert_rows(db: &impl Db, table: &str, columns: &[&str], rows: Vec<Vec<Value>>) -> Result<()> {
    let sql = insert_row_sql(table, columns);
    for row in rows {
        db.execute(&sql, row).await.with_context(|| format!("restoring a row of {table}"))?;
    }
    Ok(())
}

/// `(table, parent)` of a row whose parent is missing, if any.
pub async fn foreign_key_problem(db: &impl Db) -> Result<Option<(String, String)>> {
    db.query(FOREIGN_KEY_PROBLEM, vec![]).await?.first().map(|r| Ok((r.text(0)?, r.text(1)?))).transpose()
}

/// Rebuilds both full-text indexes from the messages and titles.
pub async fn rebuild_search_index(db: &impl Db) -> Result<()> {
    db.execute(REBUILD_MESSAGES_FTS, vec![]).await?;
    db.execute(REBUILD_CONVERSATIONS_FTS, vec![]).await
}

/// Tables a restore fills first, so that their insert triggers find nothing to change:
/// a chunk's `message_chunks_touch` would touch its reply, a `streaming` reply's
/// `messages_new_reply` would touch its conversation (their rows come later).
pub const RESTORE_FIRST: &[&str] = &["message_chunks", "messages"];
/// Columns a restore leaves to the insert triggers: each row's `doc` (the full-text key)
/// is numbered anew as it is inserted (a kept number could collide with one given
/// meanwhile); the indexes are rebuilt afterwards.
pub const RENUMBERED: &[(&str, &str)] = &[("messages", "doc"), ("conversations", "doc")];
