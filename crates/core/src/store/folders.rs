//! Folders, tags and pins: how a person arranges their conversations. Every query takes
//! the person's id; a conversation or folder of someone else is never touched.

use crate::db::{Db, Row, Value, map_rows};
use anyhow::Result;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Folder {
    pub id: String,
    pub name: String,
    pub created_at: String,
    /// Conversations in it that are not archived.
    pub conversation_count: i64,
}

impl TryFrom<&Row> for Folder {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(Folder { id: r.text(0)?, name: r.text(1)?, created_at: r.text(2)?, conversation_count: r.int(3)? })
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TagCount {
    pub name: String,
    pub count: i64,
}

impl TryFrom<&Row> for TagCount {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(TagCount { name: r.text(0)?, count: r.int(1)? })
    }
}

const LIST_FOLDERS: &str = "SELECT f.id, f.name, f.created_at, \
    (SELECT COUNT(*) FROM conversations c WHERE c.folder_id = f.id AND c.archived_at IS NULL) \
    FROM folders f WHERE f.user_id = ? ORDER BY f.name COLLATE NOCASE, f.id";
const GET_FOLDER: &str = "SELECT f.id, f.name, f.created_at, \
    (SELECT COUNT(*) FROM conversations c WHERE c.folder_id = f.id AND c.archived_at IS NULL) \
    FROM folders f WHERE f.id = ? AND f.user_id = ?";
const FOLDER_NAMED: &str = "SELECT id FROM folders WHERE user_id = ? AND name = ? COLLATE NOCASE ORDER BY created_at, id LIMIT 1";
const INSERT_FOLDER: &str = "INSERT INTO folders (id, user_id, name) VALUES (?, ?, ?)";
const RENAME_FOLDER: &str = "UPDATE folders SET name = ? WHERE id = ? AND user_id = ? RETURNING id";
const DELETE_FOLDER: &str = "DELETE FROM folders WHERE id = ? AND user_id = ? RETURNING id";

const LIST_TAGS: &str = "SELECT t.tag, COUNT(*) FROM conversation_tags t \
    JOIN conversations c ON c.id = t.conversation_id WHERE c.user_id = ? \
    GROUP BY t.tag ORDER BY t.tag COLLATE NOCASE";
const CLEAR_TAGS: &str = "DELETE FROM conversation_tags WHERE conversation_id = \
    (SELECT id FROM conversations WHERE id = ? AND user_id = ?)";
const ADD_TAG: &str = "INSERT OR IGNORE INTO conversation_tags (conversation_id, tag) \
    SELECT id, ? FROM conversations WHERE id = ? AND user_id = ?";

const SET_FOLDER: &str = "UPDATE conversations SET folder_id = ? WHERE id = ? AND user_id = ?";
const SET_PINNED: &str = "UPDATE conversations SET pinned_at = CASE WHEN ?1 THEN \
    COALESCE(pinned_at, strftime('%Y-%m-%dT%H:%M:%fZ','now')) END WHERE id = ?2 AND user_id = ?3";

// Bulk changes: `?1` a JSON array of conversation ids, `?2` the user; ids that are not
// the user's match nothing.
const BULK_OWNED: &str = "SELECT COUNT(*) FROM conversations WHERE id IN (SELECT value FROM json_each(?1)) AND user_id = ?2";
const BULK_MOVE: &str = "UPDATE conversations SET folder_id = ?3 WHERE id IN (SELECT value FROM json_each(?1)) AND user_id = ?2";
const BULK_PIN: &str = "UPDATE conversations SET pinned_at = CASE WHEN ?3 THEN \
    COALESCE(pinned_at, strftime('%Y-%m-%dT%H:%M:%fZ','now')) END \
    WHERE id IN (SELECT value FROM json_each(?1)) AND user_id = ?2";
const BULK_ARCHIVE: &str = "UPDATE conversations SET archived_at = CASE WHEN ?3 THEN \
    COALESCE(archived_at, strftime('%Y-%m-%dT%H:%M:%fZ','now')) END \
    WHERE id IN (SELECT value FROM json_each(?1)) AND user_id = ?2";
const BULK_TAG: &str = "INSERT OR IGNORE INTO conversation_tags (conversation_id, tag) \
    SELECT id, ?3 FROM conversations WHERE id IN (SELECT value FROM json_each(?1)) AND user_id = ?2";
const BULK_UNTAG: &str = "DELETE FROM conversation_tags WHERE tag = ?3 AND conversation_id IN \
    (SELECT id FROM conversations WHERE id IN (SELECT value FROM json_each(?1)) AND user_id = ?2)";
const BULK_DELETE: &str = "DELETE FROM conversations WHERE id IN (SELECT value FROM json_each(?1)) AND user_id = ?2";
/// How many of the ids are archived conversations of the user (bringing them back
/// counts against the chat limit).
const BULK_ARCHIVED: &str = "SELECT COUNT(*) FROM conversations WHERE id IN (SELECT value FROM json_each(?1)) \
    AND user_id = ?2 AND archived_at IS NOT NULL";

pub async fn list(db: &impl Db, user_id: &str) -> Result<Vec<Folder>> {
    map_rows(&db.query(LIST_FOLDERS, vec![user_id.into()]).await?)
}

pub async fn get(db: &impl Db, user_id: &str, id: &str) -> Result<Option<Folder>> {
    db.query(GET_FOLDER, vec![id.into(), user_id.into()]).await?.first().map(Folder::try_from).transpose()
}

/// The id of the user's folder with this name (case-insensitive), if any.
pub async fn named(db: &impl Db, user_id: &str, name: &str) -> Result<Option<String>> {
    db.query(FOLDER_NAMED, vec![user_id.into(), name.into()]).await?.first().map(|r| r.text(0)).transpose()
}

pub async fn insert(db: &impl Db, user_id: &str, id: &str, name: &str) -> Result<()> {
    db.execute(INSERT_FOLDER, vec![id.into(), user_id.into(), name.into()]).await
}

/// Renames one of the user's folders; false if they have none with that id.
pub async fn rename(db: &impl Db, user_id: &str, id: &str, name: &str) -> Result<bool> {
    Ok(!db.query(RENAME_FOLDER, vec![name.into(), id.into(), user_id.into()]).await?.is_empty())
}

/// Deletes one of the user's folders (its conversations stay, in no folder).
pub async fn delete(db: &impl Db, user_id: &str, id: &str) -> Result<bool> {
    Ok(!db.query(DELETE_FOLDER, vec![id.into(), user_id.into()]).await?.is_empty())
}

pub async fn tags(db: &impl Db, user_id: &str) -> Result<Vec<TagCount>> {
    map_rows(&db.query(LIST_TAGS, vec![user_id.into()]).await?)
}

/// Replaces the tags of one of the user's conversations (call inside a transaction).
pub async fn set_tags(db: &impl Db, user_id: &str, conversation_id: &str, tags: &[String]) -> Result<()> {
    db.execute(CLEAR_TAGS, vec![conversation_id.into(), user_id.into()]).await?;
    for tag in tags {
        db.execute(ADD_TAG, vec![tag.as_str().into(), conversation_id.into(), user_id.into()]).await?;
    }
    Ok(())
}

/// Puts one of the user's conversations in a folder (`None`: in none). The folder must
/// be the user's: the caller checks it with [`get`].
pub async fn set_folder(db: &impl Db, user_id: &str, conversation_id: &str, folder_id: Option<&str>) -> Result<()> {
    db.execute(SET_FOLDER, vec![folder_id.into(), conversation_id.into(), user_id.into()]).await
}

pub async fn set_pinned(db: &impl Db, user_id: &str, conversation_id: &str, pinned: bool) -> Result<()> {
    db.execute(SET_PINNED, vec![Value::Integer(pinned as i64), conversation_id.into(), user_id.into()]).await
}

/// A change to many of a person's conversations at once.
#[derive(Debug, Clone, PartialEq)]
pub enum Bulk {
    Move(Option<String>),
    Tag(String),
    Untag(String),
    Pin(bool),
    Archive(bool),
    Delete,
}

fn ids_json(ids: &[String]) -> Value {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()).into()
}

/// How many of `ids` are the user's conversations (and how many of those archived).
pub async fn owned(db: &impl Db, user_id: &str, ids: &[String]) -> Result<(i64, i64)> {
    let owned = db.query(BULK_OWNED, vec![ids_json(ids), user_id.into()]).await?;
    let archived = db.query(BULK_ARCHIVED, vec![ids_json(ids), user_id.into()]).await?;
    Ok((owned[0].int(0)?, archived[0].int(0)?))
}

/// Applies one change to those of `ids` that are the user's conversations (call inside
/// a transaction, after [`owned`]).
pub async fn apply(db: &impl Db, user_id: &str, ids: &[String], change: &Bulk) -> Result<()> {
    let mut params = vec![ids_json(ids), user_id.into()];
    let sql = match change {
        Bulk::Move(folder) => {
            params.push(folder.clone().into());
            BULK_MOVE
        }
        Bulk::Tag(tag) => {
            params.push(tag.as_str().into());
            BULK_TAG
        }
        Bulk::Untag(tag) => {
            params.push(tag.as_str().into());
            BULK_UNTAG
        }
        Bulk::Pin(on) => {
            params.push(Value::Integer(*on as i64));
            BULK_PIN
        }
        Bulk::Archive(on) => {
            params.push(Value::Integer(*on as i64));
            BULK_ARCHIVE
        }
        Bulk::Delete => BULK_DELETE,
    };
    db.execute(sql, params).await
}

