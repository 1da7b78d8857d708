//! Pictures in the chat: uploads, their attachment to the message that sends them,
//! reading them back (by their owner, through a share link's snapshot, for a provider
//! request, for an export), deleting and sweeping them.
//!
//! The only module that reads or writes `images.data`. Every query takes the owner's id,
//! or reaches it through the message a picture is attached to (`ATTACH`, `COPY`): another
//! person's picture id finds nothing.

use super::Part;
use crate::db::{Db, Row, Value};
use anyhow::{Context, Result, anyhow};
use serde::Serialize;

/// Unattached pictures older than this are deleted (swept on each upload).
pub const UNATTACHED_TTL_HOURS: i64 = 24;

const INSERT: &str = "INSERT INTO images (id, user_id, content_type, bytes, width, height, data, sha256) \
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING created_at";
/// An import's picture, attached to its message at once, with its own date.
/// (The same first eight values as [`INSERT`], in the same order: [`NewImage::values`].)
const INSERT_IMPORTED: &str = "INSERT INTO images (id, user_id, content_type, bytes, width, height, data, sha256, message_id, created_at) \
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, strftime('%Y-%m-%dT%H:%M:%fZ','now')))";
const ID_TAKEN: &str = "SELECT 1 FROM images WHERE id = ?";
/// Housekeeping for every account (it reads nothing back): pictures uploaded and
/// never sent, older than [`UNATTACHED_TTL_HOURS`] (index `images_unattached`).
fn sweep_sql() -> String {
    format!(
        "DELETE FROM images WHERE message_id IS NULL AND created_at < \
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-{UNATTACHED_TTL_HOURS} hours')"
    )
}
const SELECT_META: &str = "SELECT id, content_type, bytes, width, height, sha256, created_at, message_id \
    FROM images WHERE id = ? AND user_id = ?";
const SELECT_BLOB: &str = "SELECT content_type, sha256, data FROM images WHERE id = ? AND user_id = ?";
const DELETE_UNATTACHED: &str = "DELETE FROM images WHERE id = ? AND user_id = ? AND message_id IS NULL RETURNING id";
/// Takes an unattached picture for a message, if the picture's owner owns the message's
/// conversation.
const ATTACH: &str = "UPDATE images SET message_id = ?1 WHERE id = ?2 AND message_id IS NULL \
    AND user_id = (SELECT c.user_id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?1) \
    RETURNING id";
/// A picture another message already has (an edited message sent again with it) is
/// copied for the new message, which then owns its copy.
const COPY: &str = "INSERT INTO images (id, user_id, message_id, content_type, bytes, width, height, data, sha256) \
    SELECT ?3, i.user_id, ?1, i.content_type, i.bytes, i.width, i.height, i.data, i.sha256 FROM images i \
    WHERE i.id = ?2 AND i.user_id = (SELECT c.user_id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?1) \
    RETURNING id";
/// The pictures of a conversation's messages (export), read with the owner's id.
const FOR_CONVERSATION: &str = "SELECT i.id, i.message_id, i.content_type, i.width, i.height, i.created_at, i.data \
    FROM images i JOIN messages m ON m.id = i.message_id JOIN conversations c ON c.id = m.conversation_id \
    WHERE m.conversation_id = ? AND c.user_id = ? AND i.user_id = c.user_id ORDER BY m.seq, i.created_at, i.id";

/// How many pictures the person's conversations (or the one `?2`) have and their bytes
/// (an export sizes its file with it).
const EXPORT_SIZE: &str = "SELECT COUNT(*), COALESCE(SUM(i.bytes), 0) \
    FROM images i JOIN messages m ON m.id = i.message_id JOIN conversations c ON c.id = m.conversation_id \
    WHERE c.user_id = ?1 AND (?2 IS NULL OR c.id = ?2) AND i.user_id = c.user_id";

/// What a client learns about a picture (`POST /api/images`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImageMeta {
    pub id: String,
    pub content_type: String,
    pub bytes: i64,
    pub width: i64,
    pub height: i64,
    #[serde(skip)]
    pub sha256: String,
    pub created_at: String,
    /// The message it is attached to (`None`: uploaded, not sent yet).
    #[serde(skip)]
    pub message_id: Option<String>,
}

impl TryFrom<&Row> for ImageMeta {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(ImageMeta {
            id: r.text(0)?,
            content_type: r.text(1)?,
            bytes: r.int(2)?,
            width: r.int(3)?,
            height: r.int(4)?,
            sha256: r.text(5)?,
            created_at: r.text(6)?,
            message_id: r.opt_text(7)?,
        })
    }
}

/// A picture's bytes as they are served or sent to a provider.
#[derive(Debug, Clone, PartialEq)]
pub struct Blob {
    pub content_type: String,
    pub sha256: String,
    pub data: Vec<u8>,
}

/// A picture a sent message takes: `source` as it is (`copy` false: it was not sent
/// yet), or a copy under the new id `id` (it belongs to an earlier message).
#[derive(Debug, Clone, PartialEq)]
pub struct Attach {
    pub source: String,
    pub id: String,
    pub copy: bool,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
}

impl Attach {
    /// Its part in the message's `parts`.
    pub fn part(&self) -> Part {
        Part::Image { image_id: self.id.clone(), content_type: self.content_type.clone(), width: self.width, height: self.height }
    }
}

/// A new upload, checked ([`crate::images::sniff`]).
pub struct NewImage<'a> {
    pub id: &'a str,
    pub content_type: &'a str,
    pub width: u32,
    pub height: u32,
    pub data: &'a [u8],
    pub sha256: &'a str,
}

impl NewImage<'_> {
    /// The values of [`INSERT`]'s columns (also the first eight of [`INSERT_IMPORTED`]).
    fn values(&self, user_id: &str) -> Vec<Value> {
        vec![
            self.id.into(),
            user_id.into(),
            self.content_type.into(),
            Value::Integer(self.data.len() as i64),
            Value::Integer(self.width.into()),
            Value::Integer(self.height.into()),
            Value::Blob(self.data.to_vec()),
            self.sha256.into(),
        ]
    }
}

/// Stores an upload of `user_id`'s; returns its `created_at`.
pub async fn insert(db: &impl Db, user_id: &str, img: &NewImage<'_>) -> Result<String> {
    let rows = db.query(INSERT, img.values(user_id)).await.context("storing a picture")?;
    rows.first().map(|r| r.text(0)).transpose()?.ok_or_else(|| anyhow!("the picture was not stored"))
}

/// Deletes every account's unattached pictures older than [`UNATTACHED_TTL_HOURS`].
pub async fn sweep_unattached(db: &impl Db) -> Result<()> {
    db.execute(&sweep_sql(), vec![]).await
}

/// `user_id`'s picture `id` (without its bytes), if they have one.
pub async fn meta(db: &impl Db, user_id: &str, id: &str) -> Result<Option<ImageMeta>> {
    let rows = db.query(SELECT_META, vec![id.into(), user_id.into()]).await?;
    rows.first().map(ImageMeta::try_from).transpose()
}

/// `user_id`'s picture `id` with its bytes, if they have one.
pub async fn blob(db: &impl Db, user_id: &str, id: &str) -> Result<Option<Blob>> {
    let rows = db.query(SELECT_BLOB, vec![id.into(), user_id.into()]).await?;
    rows.first()
        .map(|r| Ok(Blob { content_type: r.text(0)?, sha256: r.text(1)?, data: r.blob(2)? }))
        .transpose()
}

/// Deletes `user_id`'s picture `id` if no message has it; false if nothing was deleted.
pub async fn delete_unattached(db: &impl Db, user_id: &str, id: &str) -> Result<bool> {
    Ok(!db.query(DELETE_UNATTACHED, vec![id.into(), user_id.into()]).await?.is_empty())
}

/// Attaches (or copies) a picture for message `message_id`, whose conversation must
/// belong to the picture's owner. False: the picture is gone (or taken meanwhile).
pub async fn attach(db: &impl Db, a: &Attach, message_id: &str) -> Result<bool> {
    let rows = if a.copy {
        db.query(COPY, vec![message_id.into(), a.source.as_str().into(), a.id.as_str().into()]).await?
    } else {
        db.query(ATTACH, vec![message_id.into(), a.source.as_str().into()]).await?
    };
    Ok(!rows.is_empty())
}

/// A picture of an exported conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub id: String,
    pub message_id: String,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
    pub created_at: String,
    pub data: Vec<u8>,
}

/// The pictures of one of `user_id`'s conversations, in message order.
pub async fn for_conversation(db: &impl Db, user_id: &str, conversation_id: &str) -> Result<Vec<Stored>> {
    let rows = db.query(FOR_CONVERSATION, vec![conversation_id.into(), user_id.into()]).await?;
    rows.iter()
        .map(|r| {
            Ok(Stored {
                id: r.text(0)?,
                message_id: r.text(1)?,
                content_type: r.text(2)?,
                width: r.int(3)?,
                height: r.int(4)?,
                created_at: r.text(5)?,
                data: r.blob(6)?,
            })
        })
        .collect()
}

/// `(pictures, bytes)` of `user_id`'s conversations, or of the one `only`.
pub async fn export_size(db: &impl Db, user_id: &str, only: Option<&str>) -> Result<(i64, i64)> {
    let rows = db.query(EXPORT_SIZE, vec![user_id.into(), only.into()]).await?;
    match rows.first() {
        Some(r) => Ok((r.int(0)?, r.int(1)?)),
        None => Ok((0, 0)),
    }
}

/// Whether any account has a picture with this id (an import keeps ids that are free).
pub async fn id_taken(db: &impl Db, id: &str) -> Result<bool> {
    Ok(!db.query(ID_TAKEN, vec![id.into()]).await?.is_empty())
}

/// Stores an imported picture for `user_id`, attached to its (imported) message.
pub async fn insert_imported(db: &impl Db, user_id: &str, message_id: &str, img: &NewImage<'_>, created_at: Option<&str>) -> Result<()> {
    let mut values = img.values(user_id);
    values.extend([message_id.into(), created_at.into()]);
    db.execute(INSERT_IMPORTED, values).await.context("storing an imported picture")
}
