//! Export, import, backup and restore (routes in `library`).

use super::Call;
use crate::error::{ApiError, ApiResult};
use crate::platform::Platform;
use crate::web::Response;

fn todo() -> ApiError {
    ApiError::NotFound("Not built yet.".into())
}

pub async fn export_all<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}
pub async fn export_one<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}
pub async fn import<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}
pub async fn backup<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}
pub async fn restore<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}
