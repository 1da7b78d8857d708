//! `GET /api/search` (route in `library`): a person's messages and titles, by the FTS5
//! indexes. What was typed becomes a safe query in `crate::search`.

use super::Call;
use crate::error::{ApiError, ApiResult};
use crate::platform::{Platform, open_migrated};
use crate::search::{Matcher, fts_query};
use crate::store::search::{self, Archived, Filters};
use crate::web::{Request, Response, ok_json, query_param, query_text};

/// Message results per page by default, and at most.
pub const DEFAULT_RESULTS: i64 = 20;
pub const MAX_RESULTS: i64 = 50;
/// Title results (first page only).
pub const TITLE_RESULTS: i64 = 5;
/// Deepest `offset` accepted.
pub const MAX_OFFSET: i64 = crate::store::search::MAX_CANDIDATES;

fn invalid(message: String) -> ApiError {
    ApiError::Invalid { code: "invalid_query", message, extra: None }
}

fn number(req: &Request, name: &str, default: i64, range: std::ops::RangeInclusive<i64>) -> ApiResult<i64> {
    match query_param(req, name) {
        None | Some("") => Ok(default),
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| invalid(format!("`{name}` must be a whole number from {} to {}.", range.start(), range.end()))),
    }
}

/// A `YYYY-MM-DD` day.
fn day(req: &Request, name: &str) -> ApiResult<Option<String>> {
    let Some(v) = query_text(req, name).filter(|v| !v.is_empty()) else { return Ok(None) };
    let b = v.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    let ok = shape && matches!(v[5..7].parse::<u8>(), Ok(1..=12)) && matches!(v[8..10].parse::<u8>(), Ok(1..=31));
    if ok { Ok(Some(v)) } else { Err(invalid(format!("`{name}` must be a day as YYYY-MM-DD, not {v:?}."))) }
}

fn filters(req: &Request) -> ApiResult<Filters> {
    let archived = match query_param(req, "archived") {
        None | Some("") | Some("exclude") => Archived::Exclude,
        Some("include") => Archived::Include,
        Some("only") => Archived::Only,
        Some(other) => return Err(invalid(format!("`archived` must be include or only, not {other:?}."))),
    };
    let text = |name: &str| query_text(req, name).filter(|v| !v.trim().is_empty());
    Ok(Filters { archived, from: day(req, "from")?, to: day(req, "to")?, model: text("model"), folder: text("folder"), tag: text("tag") })
}

pub async fn search<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let user = call.user_id()?;
    let req = &call.req;
    let f = filters(req)?;
    let limit = number(req, "limit", DEFAULT_RESULTS, 1..=MAX_RESULTS)?;
    let offset = number(req, "offset", 0, 0..=MAX_OFFSET)?;
    let newest = match query_param(req, "sort") {
        None | Some("") | Some("relevance") => false,
        Some("newest") => true,
        Some(other) => return Err(invalid(format!("`sort` must be relevance or newest, not {other:?}."))),
    };
    let q = query_text(req, "q").unwrap_or_default();
    let Some(fts) = fts_query(&q) else {
        return ok_json(&serde_json::json!({ "titles": [], "messages": [], "has_more": false }));
    };
    let m = Matcher::new(&q);
    let db = open_migrated(p).await?;
    let titles = if offset == 0 { search::titles(&db, user, &fts, &m, &f, TITLE_RESULTS).await? } else { Vec::new() };
    let mut messages = search::messages(&db, user, &fts, &m, &f, newest, limit + 1, offset).await?;
    let has_more = messages.len() as i64 > limit;
    messages.truncate(limit as usize);
    ok_json(&serde_json::json!({ "titles": titles, "messages": messages, "has_more": has_more }))
}
