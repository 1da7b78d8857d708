//! Full-text search over a person's messages and conversation titles (the FTS5 indexes
//! of migration 9, kept by triggers). The MATCH expression comes from
//! `crate::search::fts_query` (never raw input) and is bound as a parameter; the
//! person's id filters every row in SQL.

use crate::db::{Db, Row, Value};
use crate::search::{Matcher, Segment};
use anyhow::Result;
use serde::Serialize;

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

impl MessageHit {
    fn from_row(r: &Row, m: &Matcher) -> Result<Self> {
        Ok(MessageHit {
            message_id: r.text(0)?,
            conversation_id: r.text(1)?,
            conversation_title: r.text(2)?,
            role: r.text(3)?,
            created_at: r.text(4)?,
            model: r.opt_text(5)?,
            archived: r.int(6)? != 0,
            snippet: m.snippet(&r.text(7)?),
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

impl TitleHit {
    fn from_row(r: &Row, m: &Matcher) -> Result<Self> {
        let title = r.text(1)?;
        Ok(TitleHit {
            conversation_id: r.text(0)?,
            highlight: m.highlight(&title),
            title,
            updated_at: r.text(2)?,
            archived: r.int(3)? != 0,
        })
    }
}

/// The filters on `c` (conversations) shared by both searches: `?2` user, `?3`
/// archived, `?6` model, `?7` folder, `?8` tag.
const CONVERSATION_FILTERS: &str = "c.user_id = ?2 \
    AND (?3 = 'include' OR (?3 = 'only') = (c.archived_at IS NOT NULL)) \
    AND (?6 IS NULL OR c.model = ?6) AND (?7 IS NULL OR c.folder_id = ?7) \
    AND (?8 IS NULL OR EXISTS (SELECT 1 FROM conversation_tags t WHERE t.conversation_id = c.id AND t.tag = ?8))";

/// Matching messages ranked (or sorted by date) are taken from at most this many of the
/// newest matches: a word in nearly every message (or a short prefix) costs the same as
/// a rare one — the newest thousand are ranked, not all of them.
pub const MAX_CANDIDATES: i64 = 1000;

/// The candidates: the newest matches (FTS5 walks its index by `doc` descending and
/// stops at the limit), each with its bm25 score; then one page of them, best first or
/// newest first; then their rows. `?9` limit, `?10` offset.
fn messages_sql(newest: bool) -> String {
    format!(
        "WITH hits AS (SELECT messages_fts.rowid AS doc, bm25(messages_fts) AS score \
            FROM messages_fts JOIN messages m ON m.doc = messages_fts.rowid \
            JOIN conversations c ON c.id = m.conversation_id \
            WHERE messages_fts MATCH ?1 AND {CONVERSATION_FILTERS} \
            AND (?4 IS NULL OR m.created_at >= ?4) AND (?5 IS NULL OR m.created_at < date(?5, '+1 day')) \
            ORDER BY messages_fts.rowid DESC LIMIT {MAX_CANDIDATES}), \
         page AS (SELECT doc, score FROM hits ORDER BY {order} LIMIT ?9 OFFSET ?10) \
         SELECT m.id, m.conversation_id, c.title, m.role, m.created_at, m.model, c.archived_at IS NOT NULL, m.content \
         FROM page JOIN messages m ON m.doc = page.doc JOIN conversations c ON c.id = m.conversation_id \
         ORDER BY {outer}",
        order = if newest { "doc DESC" } else { "score, doc DESC" },
        outer = if newest { "page.doc DESC" } else { "page.score, page.doc DESC" },
    )
}

fn titles_sql() -> String {
    format!(
        "WITH hits AS (SELECT conversations_fts.rowid AS doc, bm25(conversations_fts) AS score \
            FROM conversations_fts JOIN conversations c ON c.doc = conversations_fts.rowid \
            WHERE conversations_fts MATCH ?1 AND {CONVERSATION_FILTERS} \
            AND (?4 IS NULL OR c.updated_at >= ?4) AND (?5 IS NULL OR c.updated_at < date(?5, '+1 day')) \
            ORDER BY conversations_fts.rowid DESC LIMIT {MAX_CANDIDATES}), \
         page AS (SELECT doc, score FROM hits ORDER BY score, doc DESC LIMIT ?9) \
         SELECT c.id, c.title, c.updated_at, c.archived_at IS NOT NULL \
         FROM page JOIN conversations c ON c.doc = page.doc ORDER BY page.score, page.doc DESC"
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
/// best match first or (`newest`) newest first; snippets marked by `m`.
#[allow(clippy::too_many_arguments)]
pub async fn messages(db: &impl Db, user_id: &str, fts: &str, m: &Matcher, f: &Filters, newest: bool, limit: i64, offset: i64) -> Result<Vec<MessageHit>> {
    let mut p = params(fts, user_id, f);
    p.push(Value::Integer(limit));
    p.push(Value::Integer(offset));
    let sql: &str = if newest { &MESSAGES_BY_DATE } else { &MESSAGES_BY_RANK };
    db.query(sql, p).await?.iter().map(|r| MessageHit::from_row(r, m)).collect()
}

/// The user's conversations whose title matches, best match first.
pub async fn titles(db: &impl Db, user_id: &str, fts: &str, m: &Matcher, f: &Filters, limit: i64) -> Result<Vec<TitleHit>> {
    let mut p = params(fts, user_id, f);
    p.push(Value::Integer(limit));
    db.query(&TITLES, p).await?.iter().map(|r| TitleHit::from_row(r, m)).collect()
}
