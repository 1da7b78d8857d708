//! Plain request/response types shared by the handlers, plus small helpers for paths,
//! JSON bodies and responses.

use crate::error::{ApiError, ApiResult};
use http::{HeaderValue, StatusCode, header};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub type Request = http::Request<Vec<u8>>;
pub type Response = http::Response<Vec<u8>>;

/// Largest request body accepted, in bytes (413 above it).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Largest import file or backup accepted (`POST /api/import`, `POST /api/restore`).
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;
/// The paths that take a whole file as their body.
const FILE_PATHS: &[&str] = &["/api/import", "/api/restore"];

/// The path that takes a picture's bytes as its body (`POST /api/images`).
const IMAGE_PATH: &str = "/api/images";

/// How many bytes of a request's body a host reads for `path` (one byte more tells the
/// handler it was over): [`MAX_IMPORT_BYTES`] for imports and restores,
/// [`crate::images::MAX_IMAGE_BYTES`] for a picture's upload, else [`MAX_BODY_BYTES`].
pub fn body_limit(path: &str) -> usize {
    let path = path.trim_end_matches('/');
    if FILE_PATHS.contains(&path) {
        MAX_IMPORT_BYTES
    } else if path == IMAGE_PATH {
        crate::images::MAX_IMAGE_BYTES
    } else {
        MAX_BODY_BYTES
    }
}

/// Path segments without the query string and empty segments: `/api/a/b/` → `["api","a","b"]`.
pub fn segments(req: &Request) -> Vec<&str> {
    req.uri().path().split('/').filter(|s| !s.is_empty()).collect()
}

/// The value of query parameter `name`, if present (no percent-decoding: values are ids/flags).
pub fn query_param<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.uri().query()?.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name).then_some(v)
    })
}

/// The value of query parameter `name`, percent-decoded (`+` is a space), for free text
/// such as a search; `None` if absent. Invalid UTF-8 is replaced, never refused.
pub fn query_text(req: &Request, name: &str) -> Option<String> {
    let raw = req.uri().query()?.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name).then_some(v)
    })?;
    Some(percent_decode(raw))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses a JSON body into `T`; an empty body is read as `{}`. A body must be sent as
/// `Content-Type: application/json` (415 otherwise): a cross-site HTML form can only
/// send `text/plain`, `multipart/form-data` or `application/x-www-form-urlencoded`
/// without a CORS preflight, so no form can post to the API.
pub fn json_body<T: DeserializeOwned>(req: &Request) -> ApiResult<T> {
    json_body_limited(req, MAX_BODY_BYTES)
}

/// [`json_body`] with its own size limit (a file: [`MAX_IMPORT_BYTES`]).
pub fn json_body_limited<T: DeserializeOwned>(req: &Request, limit: usize) -> ApiResult<T> {
    let body = req.body();
    if body.len() > limit {
        return Err(ApiError::PayloadTooLarge(format!(
            "The request body is over {limit} bytes, the limit here; send a smaller file."
        )));
    }
    let blank = body.iter().all(u8::is_ascii_whitespace);
    let ct = req.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap_or("?"));
    if !blank && !ct.is_some_and(is_json_type) {
        return Err(ApiError::UnsupportedMediaType(match ct {
            Some(ct) => format!("Send the body as JSON (Content-Type: application/json), not {ct}."),
            None => "Send the body as JSON with the header Content-Type: application/json.".into(),
        }));
    }
    let text = if blank { &b"{}"[..] } else { body };
    serde_json::from_slice(text)
        .map_err(|e| ApiError::BadRequest(format!("The request body is not valid JSON for this endpoint: {e}.")))
}

/// `application/json`, with or without parameters (`; charset=utf-8`).
fn is_json_type(ct: &str) -> bool {
    ct.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

pub fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
    let mut resp = http::Response::new(body);
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

pub fn ok_json<T: Serialize>(value: &T) -> ApiResult<Response> {
    Ok(json_response(StatusCode::OK, value))
}

pub fn no_content() -> Response {
    let mut resp = http::Response::new(Vec::new());
    *resp.status_mut() = StatusCode::NO_CONTENT;
    resp
}

/// Deserializes a field that may be absent (outer `None`), `null` (`Some(None)`) or a value.
pub fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

