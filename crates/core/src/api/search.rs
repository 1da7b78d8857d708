//! Full-text search over a person's messages and titles (route in `library`).

use super::Call;
use crate::error::{ApiError, ApiResult};
use crate::platform::Platform;
use crate::web::Response;

fn todo() -> ApiError {
    ApiError::NotFound("Not built yet.".into())
}

pub async fn search<P: Platform>(_p: &P, _call: &Call) -> ApiResult<Response> {
    Err(todo())
}
