//! `conversations` component: list, create, read, rename/re-model, delete.

use super::not_found;
use crate::error::{ApiError, ApiResult};
use crate::platform::{Platform, open_migrated};
use crate::store;
use crate::validate;
use crate::web::{Request, Response, double_option, json_body, no_content, ok_json};
use http::{Method, StatusCode};
use serde::Deserialize;

pub async fn handle<P: Platform>(p: &P, req: Request) -> Response {
    route(p, &req).await.unwrap_or_else(ApiError::into_response)
}

async fn route<P: Platform>(p: &P, req: &Request) -> ApiResult<Response> {
    let segs = crate::web::segments(req);
    match (req.method(), segs.as_slice()) {
        (&Method::GET, ["api", "conversations"]) => list(p).await,
        (&Method::POST, ["api", "conversations"]) => create(p, req).await,
        (_, ["api", "conversations"]) => Err(ApiError::MethodNotAllowed { allow: "GET, POST" }),
        (&Method::GET, ["api", "conversations", id]) => get(p, id, req).await,
        (&Method::PATCH, ["api", "conversations", id]) => patch(p, id, req).await,
        (&Method::DELETE, ["api", "conversations", id]) => delete(p, id).await,
        (_, ["api", "conversations", _]) => Err(ApiError::MethodNotAllowed { allow: "GET, PATCH, DELETE" }),
        _ => Err(not_found()),
    }
}

async fn list<P: Platform>(p: &P) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let conversations = store::list_conversations(&db).await?;
    ok_json(&serde_json::json!({ "conversations": conversations }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    model: Option<String>,
    system_prompt_id: Option<String>,
}

async fn create<P: Platform>(p: &P, req: &Request) -> ApiResult<Response> {
    let body: CreateBody = json_body(req)?;
    let db = open_migrated(p).await?;
    let model = match body.model {
        Some(m) => validate::model_id(&m)?,
        None => crate::settings::default_model(&db).await?,
    };
    if let Some(pid) = &body.system_prompt_id {
        check_prompt(&db, pid).await?;
    }
    let id = uuid::Uuid::new_v4().to_string();
    store::insert_conversation(&db, &id, &model, body.system_prompt_id.as_deref()).await?;
    let conversation = super::load_conversation(&db, &id).await?;
    Ok(crate::web::json_response(StatusCode::CREATED, &conversation))
}

async fn check_prompt(db: &impl crate::db::Db, id: &str) -> ApiResult<()> {
    match store::get_prompt(db, id).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::BadRequest(format!(
            "`system_prompt_id`: no system prompt has the id {id:?}. List them with GET /api/settings/prompts."
        ))),
    }
}

async fn get<P: Platform>(p: &P, id: &str, req: &Request) -> ApiResult<Response> {
    let limit = super::messages::limit_param(req)?;
    let db = open_migrated(p).await?;
    let conversation = super::load_conversation(&db, id).await?;
    ok_json(&super::messages::conversation_page(&db, &conversation, limit).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatchBody {
    title: Option<String>,
    model: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    system_prompt_id: Option<Option<String>>,
}

async fn patch<P: Platform>(p: &P, id: &str, req: &Request) -> ApiResult<Response> {
    let body: PatchBody = json_body(req)?;
    let db = open_migrated(p).await?;
    let mut c = super::load_conversation(&db, id).await?;
    if let Some(t) = body.title {
        c.title = validate::title(&t)?;
        c.title_is_default = false;
    }
    if let Some(m) = body.model {
        c.model = validate::model_id(&m)?;
    }
    if let Some(pid) = body.system_prompt_id {
        if let Some(pid) = &pid {
            check_prompt(&db, pid).await?;
        }
        c.system_prompt_id = pid;
    }
    store::update_conversation(&db, &c).await?;
    let c = super::load_conversation(&db, &c.id).await?;
    ok_json(&c)
}

async fn delete<P: Platform>(p: &P, id: &str) -> ApiResult<Response> {
    let id = validate::path_id(id, "conversation")?;
    let db = open_migrated(p).await?;
    if store::delete_conversation(&db, id).await? {
        Ok(no_content())
    } else {
        Err(super::no_such_conversation(id))
    }
}
