//! Prompt templates: a person's own (`owner_id`) and the household's (`owner_id` NULL).
//! A person sees their own and the household's; only the owner changes their own, only
//! admins the household's (the handler checks the role, the SQL the owner).

use crate::db::{Db, Row, map_rows};
use anyhow::Result;

#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub id: String,
    /// `None`: the household's.
    pub owner_id: Option<String>,
    pub name: String,
    pub content: String,
    pub updated_at: String,
}

impl TryFrom<&Row> for Template {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(Template { id: r.text(0)?, owner_id: r.opt_text(1)?, name: r.text(2)?, content: r.text(3)?, updated_at: r.text(4)? })
    }
}

const LIST: &str = "SELECT id, owner_id, name, content, updated_at FROM prompt_templates \
    WHERE owner_id IS NULL OR owner_id = ? ORDER BY owner_id IS NOT NULL, name COLLATE NOCASE, id";
const GET: &str = "SELECT id, owner_id, name, content, updated_at FROM prompt_templates \
    WHERE id = ? AND (owner_id IS NULL OR owner_id = ?)";
const INSERT: &str = "INSERT INTO prompt_templates (id, owner_id, name, content) VALUES (?, ?, ?, ?)";
const UPDATE: &str = "UPDATE prompt_templates SET name = ?, content = ?, \
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? AND (owner_id IS NULL OR owner_id = ?)";
const DELETE: &str = "DELETE FROM prompt_templates WHERE id = ? AND (owner_id IS NULL OR owner_id = ?) RETURNING id";

/// The household's templates, then the user's, each by name.
pub async fn list(db: &impl Db, user_id: &str) -> Result<Vec<Template>> {
    map_rows(&db.query(LIST, vec![user_id.into()]).await?)
}

/// One template the user can see.
pub async fn get(db: &impl Db, user_id: &str, id: &str) -> Result<Option<Template>> {
    db.query(GET, vec![id.into(), user_id.into()]).await?.first().map(Template::try_from).transpose()
}

/// Stores a template: the user's (`household` false) or the household's.
pub async fn insert(db: &impl Db, user_id: &str, household: bool, id: &str, name: &str, content: &str) -> Result<()> {
    let owner = if household { None } else { Some(user_id) };
    db.execute(INSERT, vec![id.into(), owner.into(), name.into(), content.into()]).await
}

/// Changes a template the user can see (the caller has checked they may change it).
pub async fn update(db: &impl Db, user_id: &str, t: &Template) -> Result<()> {
    db.execute(UPDATE, vec![t.name.as_str().into(), t.content.as_str().into(), t.id.as_str().into(), user_id.into()]).await
}

pub async fn delete(db: &impl Db, user_id: &str, id: &str) -> Result<bool> {
    Ok(!db.query(DELETE, vec![id.into(), user_id.into()]).await?.is_empty())
}
