//! Full-text search over a person's messages and conversation titles (the FTS5 indexes
//! of migration 9, kept by triggers). The MATCH expression comes from
//! `crate::search::fts_query` (never raw input) and is bound as a parameter; the
//! person's id filters every row in SQL.

use crate::db::{Db, Row, Value, map_rows};
use crate::search::{MARK_END, MARK_START, Segment, segments};
use anyhow::Result;
use serde::Serialize;

/// Words of context around a match in a message's snippet.
pub const SNIPPET_TOKENS: i64 = 16;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filters {
    /// Archived conversations: `false` left out, `true` included; `only`: only them.
    pub archived: Archived,
    /// Messages written on or after this UTC day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Messages written on or before this UTC day.
    pub to: Option<String>,
    /// The conversation's model.
    pub model: Option<String>,
    pub folder: Option<String>,
    pub tag: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Archived {
    #[default]
    Exclude,
    Include,
    Only,
}

impl Archived {
    fn as_sql(self) -> &'static str {
        match self {
            Archived::Exclude => "exclude",
            Archived::Include => "include",
            Archived::Only => "only",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MessageHit {
    pub message_id: String,
    pub conversation_id: String,
    pub conversation_title: String,
    pub role: String,
    pub created_at: String,
    pub model: Option<String>,
    pub archived: bool,
    pub snippet: Vec<Segment>,
}

impl TryFrom<&Row> for MessageHit {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(MessageHit {
            message_id: r.text(0)?,
            conversation_id: r.text(1)?,
            conversation_title: r.text(2)?,
            role: r.text(3)?,
            created_at: r.text(4)?,
            model: r.opt_text(5)?,
            archived: r.int(6)? != 0,
            snippet: segments(&r.text(7)?),
        })
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TitleHit {
    pub conversation_id: String,
    pub title: String,
    pub highlight: Vec<Segment>,
    pub updated_at: String,
    pub archived: bool,
}

impl TryFrom<&Row> for TitleHit {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(TitleHit {
            conversation_id: r.text(0)?,
            title: r.text(1)?,
            highlight: segments(&r.text(2)?),
            updated_at: r.text(3)?,
            archived: r.int(4)? != 0,
        })
    }
}

/// The filters on `c` (conversations) shared by both searches: `?2` user, `?3`
/// archived, `?6` model, `?7` folder, `?8` tag.
const CONVERSATION_FILTERS: &str = "c.user_id = ?2 \
    AND (?3 = 'include' OR (?3 = 'only') = (c.archived_at IS NOT NULL)) \
    AND (?6 IS NULL OR c.model = ?6) AND (?7 IS NULL OR c.folder_id = ?7) \
    AND (?8 IS NULL OR EXISTS (SELECT 1 FROM conversation_tags t WHERE t.conversation_id = c.id AND t.tag = ?8))";

fn messages_sql(newest: bool) -> String {
    format!(
        "SELECT m.id, m.conversation_id, c.title, m.role, m.created_at, m.model, c.archived_at IS NOT NULL, \
         snippet(messages_fts, 0, char({s}), char({e}), '…', {SNIPPET_TOKENS}) \
         FROM messages_fts JOIN messages m ON m.doc = messages_fts.rowid \
         JOIN conversations c ON c.id = m.conversation_id \
         WHERE messages_fts MATCH ?1 AND {CONVERSATION_FILTERS} \
         AND (?4 IS NULL OR m.created_at >= ?4) AND (?5 IS NULL OR m.created_at < date(?5, '+1 day')) \
         ORDER BY {order} LIMIT ?9 OFFSET ?10",
        s = MARK_START as u32,
        e = MARK_END as u32,
        order = if newest { "m.created_at DESC, m.id" } else { "bm25(messages_fts), m.created_at DESC" },
    )
}

fn titles_sql() -> String {
    format!(
        "SELECT c.id, c.title, highlight(conversations_fts, 0, char({s}), char({e})), c.updated_at, \
         c.archived_at IS NOT NULL \
         FROM conversations_fts JOIN conversations c ON c.doc = conversations_fts.rowid \
         WHERE conversations_fts MATCH ?1 AND {CONVERSATION_FILTERS} \
         AND (?4 IS NULL OR c.updated_at >= ?4) AND (?5 IS NULL OR c.updated_at < date(?5, '+1 day')) \
         ORDER BY bm25(conversations_fts), c.updated_at DESC LIMIT ?9",
        s = MARK_START as u32,
        e = MARK_END as u32,
    )
}

static MESSAGES_BY_RANK: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| messages_sql(false));
static MESSAGES_BY_DATE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| messages_sql(true));
static TITLES: std::sync::LazyLock<String> = std::sync::LazyLock::new(titles_sql);

fn params(fts: &str, user_id: &str, f: &Filters) -> Vec<Value> {
    vec![
        fts.into(),
        user_id.into(),
        f.archived.as_sql().into(),
        f.from.clone().into(),
        f.to.clone().into(),
        f.model.clone().into(),
        f.folder.clone().into(),
        f.tag.clone().into(),
    ]
}

/// The user's messages matching `fts` (an expression from `crate::search::fts_query`),
/// best match first or (`newest`) newest first.
pub async fn messages(db: &impl Db, user_id: &str, fts: &str, f: &Filters, newest: bool, limit: i64, offset: i64) -> Result<Vec<MessageHit>> {
    let mut p = params(fts, user_id, f);
    p.push(Value::Integer(limit));
    p.push(Value::Integer(offset));
    let sql: &str = if newest { &MESSAGES_BY_DATE } else { &MESSAGES_BY_RANK };
    map_rows(&db.query(sql, p).await?)
}

/// The user's conversations whose title matches, best match first.
pub async fn titles(db: &impl Db, user_id: &str, fts: &str, f: &Filters, limit: i64) -> Result<Vec<TitleHit>> {
    let mut p = params(fts, user_id, f);
    p.push(Value::Integer(limit));
    map_rows(&db.query(&TITLES, p).await?)
}
