//! `conversations` component: list, create, read, rename/re-model, delete.

use super::not_found;
use super::Call;
use super::routes::{Access, Route};
use crate::connections::{self, caller};
use crate::error::{ApiError, ApiResult};
use crate::provider::Params;
use crate::platform::{Platform, open_migrated};
use crate::store;
use crate::validate;
use crate::household;
use crate::store::household::{Limits, get_limits, usage};
use crate::store::folders::Bulk;
use crate::store::{FolderFilter, ListQuery};
use crate::web::{Request, Response, double_option, json_body, no_content, ok_json, query_param, query_text};
use http::{Method, StatusCode};
use serde::Deserialize;

/// The routes of the `conversations` component.
pub static ROUTES: &[Route] = &[
    Route::new(Method::GET, "/api/conversations", Access::User, "list"),
    Route::new(Method::POST, "/api/conversations", Access::User, "create"),
    Route::new(Method::POST, "/api/conversations/bulk", Access::User, "bulk"),
    Route::new(Method::GET, "/api/conversations/{id}", Access::User, "get"),
    Route::new(Method::PATCH, "/api/conversations/{id}", Access::User, "patch"),
    Route::new(Method::DELETE, "/api/conversations/{id}", Access::User, "delete"),
];

pub async fn dispatch<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let user = call.user_id()?;
    let req = &call.req;
    match call.matched.route.name {
        "list" => list(p, user, req).await,
        "create" => create(p, call.auth()?, req).await,
        "bulk" => bulk(p, user, req).await,
        "get" => get(p, user, call.param(0), req).await,
        "patch" => patch(p, call.auth()?, call.param(0), req).await,
        "delete" => delete(p, user, call.param(0)).await,
        _ => Err(not_found()),
    }
}

/// Conversations per page of the list by default, and at most.
pub const DEFAULT_LIST_PAGE: i64 = 50;
pub const MAX_LIST_PAGE: i64 = 200;

fn invalid_query(message: String) -> ApiError {
    ApiError::Invalid { code: "invalid_query", message, extra: None }
}

/// The list's query: `limit`, `cursor`, `folder`, `tag`, `archived`.
fn list_query(req: &Request) -> ApiResult<ListQuery> {
    let limit = match query_param(req, "limit") {
        None => DEFAULT_LIST_PAGE,
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_LIST_PAGE).contains(n))
            .ok_or_else(|| invalid_query(format!("`limit` must be a whole number from 1 to {MAX_LIST_PAGE}.")))?,
    };
    let after = match query_text(req, "cursor").filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => match c.split_once('|') {
            Some((at, id)) if !at.is_empty() && !id.is_empty() => Some((at.to_owned(), id.to_owned())),
            _ => return Err(invalid_query("`cursor` is not one this server gave; start again from the first page.".into())),
        },
    };
    let folder = match query_text(req, "folder").as_deref() {
        None | Some("") => FolderFilter::Any,
        Some("none") => FolderFilter::None,
        Some(id) => FolderFilter::In(id.to_owned()),
    };
    let tag = query_text(req, "tag").filter(|t| !t.trim().is_empty()).map(|t| validate::tag(&t)).transpose()?;
    Ok(ListQuery { archived: query_param(req, "archived") == Some("true"), folder, tag, after, limit })
}

/// One page of the list (see docs/api.md): the pinned ones separately on the first page.
async fn list<P: Platform>(p: &P, user: &str, req: &Request) -> ApiResult<Response> {
    let q = list_query(req)?;
    let db = open_migrated(p).await?;
    if let FolderFilter::In(id) = &q.folder
        && store::folders::get(&db, user, id).await?.is_none()
    {
        return Err(super::folders::no_such_folder(id));
    }
    let mut conversations = store::list_page(&db, user, &q).await?;
    let next_cursor = if conversations.len() as i64 > q.limit {
        conversations.truncate(q.limit as usize);
        conversations.last().map(|c| format!("{}|{}", c.updated_at, c.id))
    } else {
        None
    };
    let pinned = if q.after.is_none() { store::list_pinned(&db, user, &q).await? } else { Vec::new() };
    ok_json(&serde_json::json!({ "conversations": conversations, "next_cursor": next_cursor, "pinned": pinned }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BulkBody {
    ids: Vec<String>,
    action: String,
    #[serde(default, deserialize_with = "double_option")]
    folder_id: Option<Option<String>>,
    tag: Option<String>,
}

/// One change to many conversations, in one commit; ids that are not the caller's are
/// skipped.
async fn bulk<P: Platform>(p: &P, user: &str, req: &Request) -> ApiResult<Response> {
    let body: BulkBody = json_body(req)?;
    if body.ids.is_empty() || body.ids.len() > validate::MAX_BULK_IDS {
        return Err(ApiError::BadRequest(format!("`ids` must name 1 to {} conversations.", validate::MAX_BULK_IDS)));
    }
    let needs_tag = || -> ApiResult<String> {
        validate::tag(body.tag.as_deref().ok_or_else(|| ApiError::BadRequest("This action needs `tag`.".into()))?)
    };
    let change = match body.action.as_str() {
        "move" => Bulk::Move(body.folder_id.clone().ok_or_else(|| {
            ApiError::BadRequest("`move` needs `folder_id` (a folder's id, or null for no folder).".into())
        })?),
        "tag" => Bulk::Tag(needs_tag()?),
        "untag" => Bulk::Untag(needs_tag()?),
        "pin" => Bulk::Pin(true),
        "unpin" => Bulk::Pin(false),
        "archive" => Bulk::Archive(true),
        "unarchive" => Bulk::Archive(false),
        "delete" => Bulk::Delete,
        other => {
            return Err(ApiError::BadRequest(format!(
                "`action` {other:?} is not one of move, tag, untag, pin, unpin, archive, unarchive, delete."
            )));
        }
    };
    let db = open_migrated(p).await?;
    if let Bulk::Move(Some(folder)) = &change
        && store::folders::get(&db, user, folder).await?.is_none()
    {
        return Err(super::folders::no_such_folder(folder));
    }
    let limits = get_limits(&db, user).await?.effective();
    let ids = body.ids;
    let outcome = crate::db::transaction(&db, async |db| {
        let (owned, archived) = store::folders::owned(db, user, &ids).await?;
        if change == Bulk::Archive(false) && archived > 0 {
            // Bringing chats back counts against the chat limit like starting them.
            let active = usage(db, user).await?.active_chats;
            if let Err(e) = household::check_chat_count(&limits, active + archived - 1) {
                return Ok(Err(e));
            }
        }
        store::folders::apply(db, user, &ids, &change).await?;
        Ok(Ok(owned))
    })
    .await?;
    ok_json(&serde_json::json!({ "changed": outcome? }))
}


#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    model: Option<String>,
    system_prompt_id: Option<String>,
    /// `null`, absent or "default": the server connection.
    connection_id: Option<String>,
    params: Option<Params>,
}

/// The sampling parameters, checked against their ranges.
fn checked_params(params: Params) -> ApiResult<Params> {
    match params.problem() {
        Some(problem) => Err(ApiError::BadRequest(problem).with_code("invalid_params")),
        None => Ok(params),
    }
}

async fn create<P: Platform>(p: &P, auth: &crate::auth::Auth, req: &Request) -> ApiResult<Response> {
    let user = auth.user_id();
    let body: CreateBody = json_body(req)?;
    let params = checked_params(body.params.unwrap_or_default())?;
    let db = open_migrated(p).await?;
    let connection_id = connections::stored_id(body.connection_id.as_deref());
    connections::check_usable(&db, &caller(&db, auth).await?, connection_id).await?;
    let limits = get_limits(&db, user).await?.effective();
    household::check_chat_count(&limits, usage(&db, user).await?.active_chats)?;
    let model = match body.model {
        Some(m) => validate::model_id(&m)?,
        None => default_allowed_model(&limits, crate::settings::default_model(&db, user).await?),
    };
    household::check_model(&limits, &model)?;
    if let Some(pid) = &body.system_prompt_id {
        check_prompt(&db, user, pid).await?;
    }
    let id = uuid::Uuid::new_v4().to_string();
    store::insert_conversation(&db, user, &id, &model, body.system_prompt_id.as_deref(), connection_id, &params).await?;
    let conversation = super::load_conversation(&db, user, &id).await?;
    Ok(crate::web::json_response(StatusCode::CREATED, &conversation))
}

/// The user's default model, or the first model an admin allows them if that is not one.
fn default_allowed_model(limits: &Limits, default: String) -> String {
    match &limits.allowed_models {
        Some(list) if !list.contains(&default) && !list.is_empty() => list[0].clone(),
        _ => default,
    }
}

async fn check_prompt(db: &impl crate::db::Db, user: &str, id: &str) -> ApiResult<()> {
    match store::get_prompt(db, user, id).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::BadRequest(format!(
            "`system_prompt_id`: no system prompt has the id {id:?}. List them with GET /api/settings/prompts."
        ))),
    }
}

async fn get<P: Platform>(p: &P, user: &str, id: &str, req: &Request) -> ApiResult<Response> {
    let limit = super::messages::limit_param(req)?;
    let db = open_migrated(p).await?;
    let conversation = super::load_conversation(&db, user, id).await?;
    ok_json(&super::messages::conversation_page(&db, user, &conversation, limit).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatchBody {
    title: Option<String>,
    model: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    system_prompt_id: Option<Option<String>>,
    /// Archive (true) or bring back (false).
    archived: Option<bool>,
    /// `null` or "default": the server connection.
    #[serde(default, deserialize_with = "double_option")]
    connection_id: Option<Option<String>>,
    /// Replaces the parameters (`{}`: the provider's defaults).
    params: Option<Params>,
    /// A folder of the caller's, or `null` for none.
    #[serde(default, deserialize_with = "double_option")]
    folder_id: Option<Option<String>>,
    pinned: Option<bool>,
    /// Replaces the tags.
    tags: Option<Vec<String>>,
}

async fn patch<P: Platform>(p: &P, auth: &crate::auth::Auth, id: &str, req: &Request) -> ApiResult<Response> {
    let user = auth.user_id();
    let body: PatchBody = json_body(req)?;
    let params = body.params.map(checked_params).transpose()?;
    let tags = body.tags.as_deref().map(validate::tags).transpose()?;
    let db = open_migrated(p).await?;
    let mut c = super::load_conversation(&db, user, id).await?;
    if let Some(t) = body.title {
        c.title = validate::title(&t)?;
        c.title_is_default = false;
    }
    let limits = get_limits(&db, user).await?.effective();
    if let Some(m) = body.model {
        c.model = validate::model_id(&m)?;
        household::check_model(&limits, &c.model)?;
    }
    // Bringing a chat back counts against the chat limit like starting one.
    if body.archived == Some(false) && c.archived_at.is_some() {
        household::check_chat_count(&limits, usage(&db, user).await?.active_chats)?;
    }
    if let Some(pid) = body.system_prompt_id {
        if let Some(pid) = &pid {
            check_prompt(&db, user, pid).await?;
        }
        c.system_prompt_id = pid;
    }
    if let Some(cid) = body.connection_id {
        let cid = connections::stored_id(cid.as_deref()).map(str::to_owned);
        connections::check_usable(&db, &caller(&db, auth).await?, cid.as_deref()).await?;
        c.connection_id = cid;
    }
    if let Some(params) = params {
        c.params = params;
    }
    if let Some(Some(folder)) = &body.folder_id
        && store::folders::get(&db, user, folder).await?.is_none()
    {
        return Err(super::folders::no_such_folder(folder));
    }
    crate::db::transaction(&db, async |db| {
        store::update_conversation(db, user, &c).await?;
        if let Some(a) = body.archived {
            store::set_archived(db, user, &c.id, a).await?;
        }
        if let Some(folder) = &body.folder_id {
            store::folders::set_folder(db, user, &c.id, folder.as_deref()).await?;
        }
        if let Some(pinned) = body.pinned {
            store::folders::set_pinned(db, user, &c.id, pinned).await?;
        }
        if let Some(tags) = &tags {
            store::folders::set_tags(db, user, &c.id, tags).await?;
        }
        Ok(())
    })
    .await?;
    let c = super::load_conversation(&db, user, &c.id).await?;
    ok_json(&c)
}

async fn delete<P: Platform>(p: &P, user: &str, id: &str) -> ApiResult<Response> {
    let id = validate::path_id(id, "conversation")?;
    let db = open_migrated(p).await?;
    if store::delete_conversation(&db, user, id).await? {
        Ok(no_content())
    } else {
        Err(super::no_such_conversation(id))
    }
}
