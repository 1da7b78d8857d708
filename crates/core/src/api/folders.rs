//! Folders and tags (routes in `library`). A conversation's folder, pin and tags are
//! set through `PATCH /api/conversations/{id}` and `POST /api/conversations/bulk`.

use super::Call;
use crate::error::{ApiError, ApiResult};
use crate::platform::{Platform, open_migrated};
use crate::store::folders;
use crate::validate;
use crate::web::{Response, json_body, json_response, no_content, ok_json};
use http::StatusCode;
use serde::Deserialize;

/// 404 for a folder id that is not the caller's.
pub(crate) fn no_such_folder(id: &str) -> ApiError {
    ApiError::NotFound(format!("You have no folder with the id {id:?}; it may have been deleted."))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FolderBody {
    name: String,
}

fn folder_exists(name: &str) -> ApiError {
    ApiError::ConflictCode { code: "folder_exists", message: format!("You already have a folder named {name:?}.") }
}

pub async fn list_folders<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    ok_json(&serde_json::json!({ "folders": folders::list(&db, call.user_id()?).await? }))
}

pub async fn create_folder<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let user = call.user_id()?;
    let body: FolderBody = json_body(&call.req)?;
    let name = validate::short_name(&body.name, "name", validate::MAX_FOLDER_NAME_CHARS)?;
    let db = open_migrated(p).await?;
    let id = uuid::Uuid::new_v4().to_string();
    let created = crate::db::transaction(&db, async |db| {
        if folders::named(db, user, &name).await?.is_some() {
            return Ok(false);
        }
        folders::insert(db, user, &id, &name).await?;
        Ok(true)
    })
    .await?;
    if !created {
        return Err(folder_exists(&name));
    }
    let folder = folders::get(&db, user, &id).await?.ok_or_else(|| no_such_folder(&id))?;
    Ok(json_response(StatusCode::CREATED, &folder))
}

pub async fn rename_folder<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let user = call.user_id()?;
    let id = validate::path_id(call.param(0), "folder")?;
    let body: FolderBody = json_body(&call.req)?;
    let name = validate::short_name(&body.name, "name", validate::MAX_FOLDER_NAME_CHARS)?;
    let db = open_migrated(p).await?;
    if folders::named(&db, user, &name).await?.is_some_and(|other| other != id) {
        return Err(folder_exists(&name));
    }
    if !folders::rename(&db, user, id, &name).await? {
        return Err(no_such_folder(id));
    }
    ok_json(&folders::get(&db, user, id).await?.ok_or_else(|| no_such_folder(id))?)
}

pub async fn delete_folder<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let id = validate::path_id(call.param(0), "folder")?;
    let db = open_migrated(p).await?;
    if folders::delete(&db, call.user_id()?, id).await? { Ok(no_content()) } else { Err(no_such_folder(id)) }
}

pub async fn list_tags<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    ok_json(&serde_json::json!({ "tags": folders::tags(&db, call.user_id()?).await? }))
}
