//! Provider connections (household and personal), the prices from their model lists,
//! and what replies used: per day and model, per conversation. Every query on a
//! person's data takes their user id.

use crate::db::{Db, Row, Value, map_rows};
use anyhow::Result;
use serde::Serialize;

/// A stored connection, its key still sealed.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionRow {
    pub id: String,
    /// `None`: the household's.
    pub owner_id: Option<String>,
    pub kind: String,
    pub name: String,
    pub base_url: String,
    /// Sealed (`crate::crypto`), or empty.
    pub sealed_key: String,
    pub key_hint: String,
    pub enabled: bool,
    pub created_at: String,
}

const COLUMNS: &str = "id, owner_id, kind, name, base_url, api_key, key_hint, enabled, created_at";

impl TryFrom<&Row> for ConnectionRow {
    type Error = anyhow::Error;
    fn try_from(r: &Row) -> Result<Self> {
        Ok(ConnectionRow {
            id: r.text(0)?,
            owner_id: r.opt_text(1)?,
            kind: r.text(2)?,
            name: r.text(3)?,
            base_url: r.text(4)?,
            sealed_key: r.text(5)?,
            key_hint: r.text(6)?,
            enabled: r.int(7)? != 0,
            created_at: r.text(8)?,
        })
    }
}

/// The household's connections and `?1`'s own, household first, then by name.
fn list_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM connections WHERE owner_id IS NULL OR owner_id = ?1 \
         ORDER BY owner_id IS NOT NULL, name COLLATE NOCASE, id"
    )
}
/// One connection `?2` may use (the household's or their own).
fn get_sql() -> String {
    format!("SELECT {COLUMNS} FROM connections WHERE id = ?1 AND (owner_id IS NULL OR owner_id = ?2)")
}
const INSERT: &str = "INSERT INTO connections (id, owner_id, kind, name, base_url, api_key, key_hint, enabled) \
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
/// `?7` the editor; `?8` whether they may edit the household's (an admin).
const UPDATE: &str = "UPDATE connections SET name = ?1, base_url = ?2, api_key = ?3, key_hint = ?4, enabled = ?5 \
    WHERE id = ?6 AND (owner_id = ?7 OR (owner_id IS NULL AND ?8))";
const DELETE: &str = "DELETE FROM connections WHERE id = ?1 AND (owner_id = ?2 OR (owner_id IS NULL AND ?3)) RETURNING id";
const DELETE_PRICES: &str = "DELETE FROM model_prices WHERE connection_id = ?";
const SEALED_KEYS: &str = "SELECT id, api_key FROM connections WHERE api_key <> ''";
const SET_SEALED_KEY: &str = "UPDATE connections SET api_key = ? WHERE id = ?";

pub async fn list(db: &impl Db, user_id: &str) -> Result<Vec<ConnectionRow>> {
    map_rows(&db.query(&list_sql(), vec![user_id.into()]).await?)
}

pub async fn get(db: &impl Db, user_id: &str, id: &str) -> Result<Option<ConnectionRow>> {
    db.query(&get_sql(), vec![id.into(), user_id.into()]).await?.first().map(ConnectionRow::try_from).transpose()
}

pub async fn insert(db: &impl Db, c: &ConnectionRow) -> Result<()> {
    db.execute(
        INSERT,
        vec![
            c.id.as_str().into(),
            c.owner_id.clone().into(),
            c.kind.as_str().into(),
            c.name.as_str().into(),
            c.base_url.as_str().into(),
            c.sealed_key.as_str().into(),
            c.key_hint.as_str().into(),
            Value::Integer(c.enabled as i64),
        ],
    )
    .await
}

/// Writes the editable fields of a connection `editor` may edit.
pub async fn update(db: &impl Db, editor: &str, admin: bool, c: &ConnectionRow) -> Result<()> {
    db.execute(
        UPDATE,
        vec![
            c.name.as_str().into(),
            c.base_url.as_str().into(),
            c.sealed_key.as_str().into(),
            c.key_hint.as_str().into(),
            Value::Integer(c.enabled as i64),
            c.id.as_str().into(),
            editor.into(),
            Value::Integer(admin as i64),
        ],
    )
    .await
}

/// Deletes a connection `editor` may edit, and its prices; false if there was none.
pub async fn delete(db: &impl Db, editor: &str, admin: bool, id: &str) -> Result<bool> {
    crate::db::transaction(db, async |db| {
        let gone = !db.query(DELETE, vec![id.into(), editor.into(), Value::Integer(admin as i64)]).await?.is_empty();
        if gone {
            db.execute(DELETE_PRICES, vec![id.into()]).await?;
        }
        Ok(gone)
    })
    .await
}

/// Every stored sealed key, `(id, sealed)`, for re-encryption under a new master key.
pub async fn sealed_keys(db: &impl Db) -> Result<Vec<(String, String)>> {
    db.query(SEALED_KEYS, vec![]).await?.iter().map(|r| Ok((r.text(0)?, r.text(1)?))).collect()
}

pub async fn set_sealed_key(db: &impl Db, id: &str, sealed: &str) -> Result<()> {
    db.execute(SET_SEALED_KEY, vec![sealed.into(), id.into()]).await
}

// ---------- prices ----------

const INSERT_PRICE: &str = "INSERT OR REPLACE INTO model_prices (connection_id, model, prompt_per_mtok, completion_per_mtok) \
    VALUES (?, ?, ?, ?)";
const PRICE: &str = "SELECT prompt_per_mtok, completion_per_mtok FROM model_prices WHERE connection_id = ? AND model = ?";

/// Replaces a connection's prices, `(model, prompt, completion)` in USD per million tokens.
pub async fn put_prices(db: &impl Db, connection_id: &str, prices: &[(String, f64, f64)]) -> Result<()> {
    crate::db::transaction(db, async |db| {
        db.execute(DELETE_PRICES, vec![connection_id.into()]).await?;
        for (model, prompt, completion) in prices {
            db.execute(INSERT_PRICE, vec![connection_id.into(), model.as_str().into(), (*prompt).into(), (*completion).into()]).await?;
        }
        Ok(())
    })
    .await
}

/// `(prompt, completion)` USD per million tokens of `model` on a connection, if known.
pub async fn price(db: &impl Db, connection_id: &str, model: &str) -> Result<Option<(f64, f64)>> {
    db.query(PRICE, vec![connection_id.into(), model.into()]).await?.first().map(|r| Ok((r.real(0)?, r.real(1)?))).transpose()
}

// ---------- usage ----------

/// Tokens and cost of some replies.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct UsageTotals {
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    /// USD; `None` when no reply's cost is known (a price-less model: not free, unknown).
    pub cost: Option<f64>,
    /// Some of the cost was computed from a price list, not reported by the provider.
    pub cost_estimated: bool,
    pub replies: i64,
}

impl UsageTotals {
    fn from_columns(r: &Row, i: usize) -> Result<UsageTotals> {
        Ok(UsageTotals {
            prompt_tokens: r.int(i)?,
            completion_tokens: r.int(i + 1)?,
            cost: (r.int(i + 5)? > 0).then(|| (r.real(i + 2).unwrap_or(0.0) * 1e9).round() / 1e9),
            cost_estimated: r.int(i + 3)? != 0,
            replies: r.int(i + 4)?,
        })
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DayUsage {
    pub day: String,
    #[serde(flatten)]
    pub totals: UsageTotals,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ModelUsage {
    pub model: String,
    #[serde(flatten)]
    pub totals: UsageTotals,
}

const SUMS: &str = "COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(cost), 0), \
    COALESCE(MAX(estimated), 0), COALESCE(SUM(replies), 0), COALESCE(SUM(costed), 0)";

fn by_day_sql() -> String {
    format!("SELECT day, {SUMS} FROM usage_daily WHERE user_id = ?1 AND substr(day, 1, 7) = ?2 GROUP BY day ORDER BY day")
}
fn by_model_sql() -> String {
    format!(
        "SELECT model, {SUMS} FROM usage_daily WHERE user_id = ?1 AND substr(day, 1, 7) = ?2 GROUP BY model \
         ORDER BY SUM(cost) DESC, SUM(prompt_tokens + completion_tokens) DESC, model"
    )
}
/// Every finished reply of one of `?2`'s conversations, all branches.
const CONVERSATION_USAGE: &str = "SELECT \
    COALESCE(SUM(json_extract(m.metadata, '$.prompt_tokens')), 0), \
    COALESCE(SUM(json_extract(m.metadata, '$.completion_tokens')), 0), \
    COALESCE(SUM(json_extract(m.metadata, '$.cost')), 0), \
    COALESCE(MAX(json_extract(m.metadata, '$.cost_estimated')), 0), COUNT(*), COUNT(json_extract(m.metadata, '$.cost')) \
    FROM messages m JOIN conversations c ON c.id = m.conversation_id \
    WHERE m.conversation_id = ?1 AND c.user_id = ?2 AND m.role = 'assistant' AND m.status <> 'streaming'";

/// A person's usage in a month (`YYYY-MM`): by day and by model.
pub async fn month(db: &impl Db, user_id: &str, month: &str) -> Result<(Vec<DayUsage>, Vec<ModelUsage>)> {
    let params = || vec![Value::from(user_id), Value::from(month)];
    let days = db
        .query(&by_day_sql(), params())
        .await?
        .iter()
        .map(|r| Ok(DayUsage { day: r.text(0)?, totals: UsageTotals::from_columns(r, 1)? }))
        .collect::<Result<_>>()?;
    let models = db
        .query(&by_model_sql(), params())
        .await?
        .iter()
        .map(|r| Ok(ModelUsage { model: r.text(0)?, totals: UsageTotals::from_columns(r, 1)? }))
        .collect::<Result<_>>()?;
    Ok((days, models))
}

/// What the replies of one of `user_id`'s conversations used.
pub async fn conversation(db: &impl Db, user_id: &str, conversation_id: &str) -> Result<UsageTotals> {
    let rows = db.query(CONVERSATION_USAGE, vec![conversation_id.into(), user_id.into()]).await?;
    rows.first().map(|r| UsageTotals::from_columns(r, 0)).transpose().map(Option::unwrap_or_default)
}
