//! The one API error type, mapped to a status code and a
//! `{"error": "<sentence>", "code": "<machine-readable>"}` body at the edge. Internal errors are logged with their context and reach the client only as a
//! generic sentence: no internal text, no secrets.

use crate::web::{Response, json_response};
use http::StatusCode;

#[derive(Debug)]
pub enum ApiError {
    /// 400: the request is malformed or a field is invalid; the text says which and why.
    BadRequest(String),
    /// 403: a state-changing request from another site (see `api::check_same_origin`).
    Forbidden { code: &'static str, message: String },
    /// 404: an id or path that does not exist.
    NotFound(String),
    /// 405: the path exists but not with this method; `allow` lists the methods it takes.
    MethodNotAllowed { allow: &'static str },
    /// 409: the request conflicts with the current state (e.g. deleting the default prompt).
    Conflict(String),
    /// 413: the body or a field is over its documented limit.
    PayloadTooLarge(String),
    /// 415: a body that is not JSON where JSON is required.
    UnsupportedMediaType(String),
    /// 502: the model provider failed or could not be reached.
    BadGateway(String),
    /// 500: anything else; logged, never shown.
    Internal(anyhow::Error),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::BadGateway(_) => StatusCode::BAD_GATEWAY,
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
            | ApiError::Forbidden { message: m, .. } => m.clone(),
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
            ApiError::Forbidden { code, .. } => code,
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
        let body = serde_json::json!({ "error": self.message(), "code": self.code() });
        let mut resp = json_response(self.status(), &body);
        if let ApiError::MethodNotAllowed { allow } = self {
            resp.headers_mut().insert(http::header::ALLOW, http::HeaderValue::from_static(allow));
        }
        resp
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(e)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
