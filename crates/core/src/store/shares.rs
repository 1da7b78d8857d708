//! Read-only share links: a snapshot of a conversation's branch, opened by its token.
//! The owner lists and revokes theirs (queries take their id); the public read takes
//! only the token and returns only the snapshot.

use crate::db::{Db, Row, map_rows};
use anyhow::Result;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Share {
    pub id: String,
    pub token: String,
    pub conversation_id: String,
    pub title: String,
    pub created_at: String,
    pub expires_at: Option<String>,
}

impl TryFrom<&Row> for Share {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(Share {
            id: r.text(0)?,
            token: r.text(1)?,
            conversation_id: r.text(2)?,
            title: r.text(3)?,
            created_at: r.text(4)?,
            expires_at: r.opt_text(5)?,
        })
    }
}

/// What the public page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub title: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    /// The stored snapshot (JSON: model and messages).
    pub body: String,
    /// Whose share it is (its pictures are read as theirs; never shown).
    pub owner: String,
}

const INSERT: &str = "INSERT INTO shares (id, token, user_id, conversation_id, title, snapshot, expires_at) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?7 IS NULL THEN NULL \
    ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || ?7 || ' days') END)";
const LIST: &str = "SELECT id, token, conversation_id, title, created_at, expires_at FROM shares \
    WHERE user_id = ? AND (?2 IS NULL OR conversation_id = ?2) ORDER BY created_at DESC, id";
const GET: &str = "SELECT id, token, conversation_id, title, created_at, expires_at FROM shares WHERE id = ? AND user_id = ?";
const DELETE: &str = "DELETE FROM shares WHERE id = ? AND user_id = ? RETURNING id";
/// A live share by its token: not expired (revoked ones are deleted).
const BY_TOKEN: &str = "SELECT title, created_at, expires_at, snapshot, user_id FROM shares WHERE token = ? \
    AND (expires_at IS NULL OR expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";

#[allow(clippy::too_many_arguments)]
pub async fn insert(
    db: &impl Db,
    user_id: &str,
    id: &str,
    token: &str,
    conversation_id: &str,
    title: &str,
    snapshot: &str,
    expires_in_days: Option<i64>,
) -> Result<()> {
    db.execute(
        INSERT,
        vec![id.into(), token.into(), user_id.into(), conversation_id.into(), title.into(), snapshot.into(), expires_in_days.into()],
    )
    .await
}

/// The user's shares (of one conversation, if given), newest first.
pub async fn list(db: &impl Db, user_id: &str, conversation_id: Option<&str>) -> Result<Vec<Share>> {
    map_rows(&db.query(LIST, vec![user_id.into(), conversation_id.into()]).await?)
}

pub async fn get(db: &impl Db, user_id: &str, id: &str) -> Result<Option<Share>> {
    db.query(GET, vec![id.into(), user_id.into()]).await?.first().map(Share::try_from).transpose()
}

/// Revokes one of the user's shares.
pub async fn delete(db: &impl Db, user_id: &str, id: &str) -> Result<bool> {
    Ok(!db.query(DELETE, vec![id.into(), user_id.into()]).await?.is_empty())
}

/// The snapshot a live token opens.
pub async fn by_token(db: &impl Db, token: &str) -> Result<Option<Snapshot>> {
    db.query(BY_TOKEN, vec![token.into()])
        .await?
        .first()
        .map(|r| Ok(Snapshot { title: r.text(0)?, created_at: r.text(1)?, expires_at: r.opt_text(2)?, body: r.text(3)?, owner: r.text(4)? }))
        .transpose()
}
