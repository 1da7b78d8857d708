//! Read-only share links (routes in `library`): a snapshot of the branch a
//! conversation shows, opened at `/s/<token>` without signing in. The token (256 random
//! bits) is the only key; the public answer holds the snapshot and nothing else.

use super::Call;
use crate::error::{ApiError, ApiResult};
use crate::platform::{Platform, open_migrated};
use crate::store::{self, shares};
use crate::validate;
use crate::web::{Response, json_body, json_response, no_content, ok_json, query_text};
use http::{HeaderValue, StatusCode, header};
use serde::Deserialize;
use serde_json::{Value, json};

/// Longest expiry a link may be given, in days.
pub const MAX_EXPIRY_DAYS: i64 = 365;

fn share_json(s: &shares::Share) -> Value {
    json!({
        "id": s.id, "token": s.token, "url": format!("/s/{}", s.token), "conversation_id": s.conversation_id,
        "title": s.title, "created_at": s.created_at, "expires_at": s.expires_at,
    })
}

fn no_such_share(id: &str) -> ApiError {
    ApiError::NotFound(format!("You have no share link with the id {id:?}; it may have been revoked."))
}

/// `?conversation_id=` narrows the list to one conversation's links.
pub async fn list<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let of = query_text(&call.req, "conversation_id").filter(|c| !c.is_empty());
    let list = shares::list(&db, call.user_id()?, of.as_deref()).await?;
    ok_json(&json!({ "shares": list.iter().map(share_json).collect::<Vec<_>>() }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    conversation_id: String,
    expires_in_days: Option<i64>,
}

pub async fn create<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let user = call.user_id()?;
    let body: CreateBody = json_body(&call.req)?;
    if let Some(d) = body.expires_in_days
        && !(1..=MAX_EXPIRY_DAYS).contains(&d)
    {
        return Err(ApiError::BadRequest(format!("`expires_in_days` must be 1 to {MAX_EXPIRY_DAYS}, or null for no expiry.")));
    }
    let db = open_migrated(p).await?;
    let c = super::load_conversation(&db, user, &body.conversation_id).await?;
    let branch = match &c.active_leaf_id {
        Some(leaf) => store::path_to(&db, leaf, None).await?,
        None => Vec::new(),
    };
    let messages: Vec<Value> = branch
        .iter()
        .filter(|m| m.status != "refused")
        .map(|m| json!({ "role": m.role, "content": m.content, "parts": m.parts, "model": m.model, "created_at": m.created_at }))
        .collect();
    if messages.is_empty() {
        return Err(ApiError::Invalid {
            code: "empty_conversation",
            message: "This conversation has no messages yet; write one before sharing it.".into(),
            extra: None,
        });
    }
    let snapshot = json!({ "model": c.model, "messages": messages }).to_string();
    let id = uuid::Uuid::new_v4().to_string();
    let (token, _) = crate::auth::token::new_token();
    shares::insert(&db, user, &id, token.expose(), &c.id, &c.title, &snapshot, body.expires_in_days).await?;
    let share = shares::get(&db, user, &id).await?.ok_or_else(|| no_such_share(&id))?;
    Ok(json_response(StatusCode::CREATED, &share_json(&share)))
}

pub async fn delete<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let id = validate::path_id(call.param(0), "share")?;
    let db = open_migrated(p).await?;
    if shares::delete(&db, call.user_id()?, id).await? { Ok(no_content()) } else { Err(no_such_share(id)) }
}

fn gone() -> ApiError {
    ApiError::NotFound("This link does not exist, was revoked by its owner, or has expired.".into())
}

/// The live snapshot a token opens, or 404.
async fn snapshot(db: &impl crate::db::Db, token: &str) -> ApiResult<shares::Snapshot> {
    // A token is 64 hex characters; anything else is not one (and is not looked up).
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(gone());
    }
    shares::by_token(db, token).await?.ok_or_else(gone)
}

/// A picture of a share's snapshot (public, like the snapshot): only one of its
/// messages' image parts, read as the share owner's; anything else is 404.
pub async fn shared_image<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let snap = snapshot(&db, call.param(0)).await?;
    let image_id = call.param(1);
    let no_picture = || ApiError::NotFound("This shared conversation has no picture with that id.".into());
    let body: Value = serde_json::from_str(&snap.body).map_err(anyhow::Error::from)?;
    let in_snapshot = body["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["parts"].as_array())
        .flatten()
        .any(|part| part["type"] == "image" && part["image_id"] == image_id);
    if !in_snapshot {
        return Err(no_picture());
    }
    let blob = store::images::blob(&db, &snap.owner, image_id).await?.ok_or_else(no_picture)?;
    Ok(super::images::image_response(&call.req, blob, &[("x-robots-tag", "noindex"), ("referrer-policy", "no-referrer")]))
}

/// The public snapshot, with headers that keep it out of search engines and frames.
pub async fn shared<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let snap = snapshot(&db, call.param(0)).await?;
    let body: Value = serde_json::from_str(&snap.body).map_err(anyhow::Error::from)?;
    let mut resp = json_response(
        StatusCode::OK,
        &json!({ "title": snap.title, "model": body["model"], "created_at": snap.created_at,
                 "expires_at": snap.expires_at, "messages": body["messages"] }),
    );
    let h = resp.headers_mut();
    h.insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(resp)
}
