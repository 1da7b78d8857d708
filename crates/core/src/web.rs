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
/// Largest import file accepted (`POST /api/import`), for a Nexus export. It is read in
/// place: the conversations' texts are read one at a time and each picture's base64 stays
/// in the file until its row is stored, so an import holds the file plus its texts and
/// one picture (about 1.1× the file at its peak, measured with `bench/import.sh`); the
/// export that makes such a file holds it and one conversation's pictures (the process
/// 1.6–2.3× the file with the host's copy of the response). A wasm32 instance
/// has at most 4 GiB of linear memory, which never shrinks while the instance lives: the
/// same 1 GiB as a restore.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024 * 1024;
/// Largest import file accepted from another app (ChatGPT's `conversations.json`, an
/// Open WebUI export): those are read into a JSON tree first (about 3× the file in
/// memory) and carry no pictures.
pub const MAX_OTHER_IMPORT_BYTES: usize = 64 * 1024 * 1024;
/// Largest backup accepted (`POST /api/restore`). A backup carries every picture
/// (base64: a third more than the bytes); a restore keeps the file plus one row at a
/// time in memory (about 1.1× the file at its peak, measured with `bench/restore.sh`),
/// and a wasm32 instance has at most 4 GiB of linear memory, which never shrinks while
/// the instance lives.
pub const MAX_RESTORE_BYTES: usize = 1024 * 1024 * 1024;
const IMPORT_PATH: &str = "/api/import";
const RESTORE_PATH: &str = "/api/restore";

/// The path that takes a picture's bytes as its body (`POST /api/images`).
const IMAGE_PATH: &str = "/api/images";

/// How many bytes of a request's body a host reads for `path` (one byte more tells the
/// handler it was over): [`MAX_IMPORT_BYTES`] for imports, [`MAX_RESTORE_BYTES`] for
/// restores, [`crate::images::MAX_IMAGE_BYTES`] for a picture's upload, else
/// [`MAX_BODY_BYTES`].
pub fn body_limit(path: &str) -> usize {
    let path = path.trim_end_matches('/');
    if path == IMPORT_PATH {
        MAX_IMPORT_BYTES
    } else if path == RESTORE_PATH {
        MAX_RESTORE_BYTES
    } else if path == IMAGE_PATH {
        crate::images::MAX_IMAGE_BYTES
    } else {
        MAX_BODY_BYTES
    }
}

/// Put in a request's extensions by a host that kept none of its body because its
/// `Content-Length` was over the path's limit ([`body_capacity`] said `None`; the bytes
/// are read and dropped, so the client gets the answer): the handler answers 413 as for
/// a body it kept, without the instance's memory first growing by a file it will refuse.
/// A client cannot set it.
#[derive(Clone, Copy, Debug)]
pub struct BodyOverLimit;

/// The room a host reserves for a body before reading it: its `Content-Length`, so a
/// large file is read into one allocation instead of a buffer that doubles (a 200 MB
/// backup would otherwise pass through 256 MB plus the 128 MB it was copied from);
/// without the header (chunked), 0 and the buffer grows. `None`: the declared length is
/// over `limit`, so the host keeps nothing and marks the request [`BodyOverLimit`].
pub fn body_capacity(headers: &http::HeaderMap, limit: usize) -> Option<usize> {
    match headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok()) {
        Some(n) if n > limit as u64 => None,
        Some(n) => Some(n as usize),
        None => Some(0),
    }
}

/// True when the request's body is over `limit`: longer than it, or declared longer and
/// not kept ([`BodyOverLimit`]).
pub fn body_over(req: &Request, limit: usize) -> bool {
    req.body().len() > limit || req.extensions().get::<BodyOverLimit>().is_some()
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
    serde_json::from_slice(json_bytes(req, limit)?)
        .map_err(|e| ApiError::BadRequest(format!("The request body is not valid JSON for this endpoint: {e}.")))
}

/// The body's bytes once its size (413 over `limit`) and type (415 unless JSON) are
/// checked, not parsed yet (a blank body reads as `{}`): for handlers that read a large
/// file in parts, borrowing from it.
pub fn json_bytes(req: &Request, limit: usize) -> ApiResult<&[u8]> {
    let body = req.body();
    if body_over(req, limit) {
        return Err(ApiError::PayloadTooLarge(format!(
            "The request body is over {limit} bytes ({} MiB), the limit here; send a smaller file.",
            limit / (1024 * 1024)
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
    Ok(if blank { &b"{}"[..] } else { body })
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


#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &[u8], length: Option<&str>) -> Request {
        let mut b = http::Request::builder().method("POST").uri("/api/restore").header("content-type", "application/json");
        if let Some(n) = length {
            b = b.header("content-length", n);
        }
        b.body(body.to_vec()).unwrap()
    }

    #[test]
    fn each_file_path_has_its_limit() {
        assert_eq!(body_limit("/api/restore"), MAX_RESTORE_BYTES);
        assert_eq!(body_limit("/api/restore/"), MAX_RESTORE_BYTES);
        assert_eq!(body_limit("/api/import"), MAX_IMPORT_BYTES);
        assert_eq!(body_limit("/api/images"), crate::images::MAX_IMAGE_BYTES);
        assert_eq!(body_limit("/api/conversations"), MAX_BODY_BYTES);
    }

    #[test]
    fn a_body_is_read_into_its_declared_length_unless_that_is_over_the_limit() {
        let h = request(b"", Some("10")).headers().clone();
        assert_eq!(body_capacity(&h, 10), Some(10));
        assert_eq!(body_capacity(&h, 9), None);
        assert_eq!(body_capacity(request(b"", None).headers(), 9), Some(0), "chunked: read, growing");
    }

    #[test]
    fn a_body_over_the_limit_read_or_not_is_refused_with_413() {
        assert_eq!(json_bytes(&request(b"{\"a\": 1}", None), 8).unwrap(), b"{\"a\": 1}");
        let e = json_bytes(&request(b"{\"a\": 12}", None), 8).unwrap_err();
        assert!(matches!(e, ApiError::PayloadTooLarge(_)), "{e:?}");
        let mut unread = request(b"", Some("9"));
        unread.extensions_mut().insert(BodyOverLimit);
        assert!(matches!(json_bytes(&unread, 8), Err(ApiError::PayloadTooLarge(_))));
        assert_eq!(json_bytes(&request(b" \n", None), 8).unwrap(), b"{}");
    }
}
