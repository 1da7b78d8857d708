//! Read-only share links (routes in `library`).

use super::Call;
use crate::error::{ApiError, ApiResult};
use crate::platform::Platform;
use crate::web::Response;

fn todo() -> ApiError {
    ApiError::NotFound("Not built yet.".into())
}

pub async fn list<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}

pub async fn create<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}

pub async fn delete<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}

pub async fn shared<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}
