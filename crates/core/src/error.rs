//! The one API error type, mapped to a status code and a
//! `{"error": "<sentence>", "code": "<machine-readable>"}` body at the edge. Internal errors are logged with their context and reach the client only as a
//! generic sentence: no internal text, no secrets.

use crate::web::{Response, json_response};
use http::StatusCode;

#[derive(Debug)]
pub enum ApiError {
    /// 400: the request is malformed or a field is invalid; the text says which and why.
    BadRequest(String),
    /// 400 with its own code, and fields beside `error` and `code` (e.g. which variable to set).
    Invalid { code: &'static str, message: String, extra: Option<serde_json::Map<String, serde_json::Value>> },
    /// 401: no valid session or API token (`code` "unauthenticated"), or a wrong
    /// username or password (`bad_credentials`).
    Unauthorized { code: &'static str, message: String },
    /// 403: a state-changing request from another site (`cross_site`, see
    /// `api::check_same_origin`), a route for admins (`admin_only`), a limit, …
    Forbidden { code: &'static str, message: String },
    /// 404: an id or path that does not exist.
    NotFound(String),
    /// 405: the path exists but not with this method; `allow` lists the methods it takes.
    MethodNotAllowed { allow: String },
    /// 409: the request conflicts with the current state (e.g. deleting the default prompt).
    Conflict(String),
    /// 409 with a more precise code than `conflict` (`username_taken`, `last_admin`, …).
    ConflictCode { code: &'static str, message: String },
    /// 413: the body or a field is over its documented limit.
    PayloadTooLarge(String),
    /// 415: a body that is not JSON where JSON is required.
    UnsupportedMediaType(String),
    /// 429: too many attempts or requests; try again after `retry_after` seconds
    /// (sent as `Retry-After`).
    TooManyRequests { code: &'static str, message: String, retry_after: u64 },
    /// 502: the model provider failed or could not be reached.
    BadGateway(String),
    /// Any 4xx with its own code and fields beside `error` and `code` (`413
    /// image_too_large`, `415 unsupported_image`, `409 duplicate` with `message_id`, …).
    Status { status: StatusCode, code: &'static str, message: String, extra: Option<serde_json::Map<String, serde_json::Value>> },
    /// 500: anything else; logged, never shown.
    Internal(anyhow::Error),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) | ApiError::Invalid { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) | ApiError::ConflictCode { .. } => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::BadGateway(_) => StatusCode::BAD_GATEWAY,
            ApiError::Status { status, .. } => *status,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The sentence shown to the person using the API.
    pub fn message(&self) -> String {
        match self {
            ApiError::BadRequest(m)
            | ApiError::NotFound(m)
            | ApiError::Conflict(m)
            | ApiError::PayloadTooLarge(m)
            | ApiError::UnsupportedMediaType(m)
            | ApiError::BadGateway(m)
            | ApiError::Forbidden { message: m, .. }
            | ApiError::Invalid { message: m, .. }
            | ApiError::Status { message: m, .. }
            | ApiError::Unauthorized { message: m, .. }
            | ApiError::ConflictCode { message: m, .. }
            | ApiError::TooManyRequests { message: m, .. } => m.clone(),
            ApiError::MethodNotAllowed { allow } => {
                format!("This path does not accept that method; it accepts {allow}.")
            }
            ApiError::Internal(_) => {
                "Something went wrong on the server; the details are in the server log.".into()
            }
        }
    }

    /// The machine-readable reason, for a UI to act on or translate.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Forbidden { code, .. }
            | ApiError::Invalid { code, .. }
            | ApiError::Status { code, .. }
            | ApiError::Unauthorized { code, .. }
            | ApiError::ConflictCode { code, .. }
            | ApiError::TooManyRequests { code, .. } => code,
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::Conflict(_) => "conflict",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::BadGateway(_) => "bad_gateway",
            ApiError::Internal(_) => "internal",
        }
    }

    pub fn into_response(self) -> Response {
        if let ApiError::Internal(e) = &self {
            eprintln!("nexus: internal error: {e:#}");
        }
        let mut body = serde_json::json!({ "error": self.message(), "code": self.code() });
        if let ApiError::Invalid { extra: Some(extra), .. } | ApiError::Status { extra: Some(extra), .. } = &self {
            for (k, v) in extra {
                body[k] = v.clone();
            }
        }
        let mut resp = json_response(self.status(), &body);
        match &self {
            ApiError::MethodNotAllowed { allow } => {
                if let Ok(v) = http::HeaderValue::from_str(allow) {
                    resp.headers_mut().insert(http::header::ALLOW, v);
                }
            }
            ApiError::TooManyRequests { retry_after, .. } => {
                resp.headers_mut().insert(http::header::RETRY_AFTER, http::HeaderValue::from(*retry_after));
            }
            _ => {}
        }
        resp
    }
}

impl ApiError {
    /// The same conflict with a precise code.
    pub fn with_code(self, code: &'static str) -> ApiError {
        match self {
            ApiError::Conflict(message) => ApiError::ConflictCode { code, message },
            ApiError::BadRequest(message) => ApiError::Invalid { code, message, extra: None },
            other => other,
        }
    }

    /// A 4xx with its own `code` (and no extra fields).
    pub fn coded(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Status { status, code, message: message.into(), extra: None }
    }

    /// 401 for a request without a valid session or token.
    pub fn unauthenticated() -> ApiError {
        ApiError::Unauthorized {
            code: "unauthenticated",
            message: "Sign in first: this request carries no valid session or API token (it may have expired or been signed out).".into(),
        }
    }

    /// 403 for a member on an admin's route.
    pub fn admin_only() -> ApiError {
        ApiError::Forbidden { code: "admin_only", message: "Only an admin of this Nexus can do this.".into() }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(e)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
