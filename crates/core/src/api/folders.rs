//! Folders and tags (routes in `library`).

use super::Call;
use crate::error::{ApiError, ApiResult};
use crate::platform::Platform;
use crate::web::Response;

fn todo() -> ApiError {
    ApiError::NotFound("Not built yet.".into())
}

pub async fn list_folders<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}

pub async fn create_folder<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}

pub async fn rename_folder<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}

pub async fn delete_folder<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}

pub async fn list_tags<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}
