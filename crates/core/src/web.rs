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

/// How much of a declared body a host reserves before any of it has arrived. A client
/// may declare a length up to the path's limit (1 GiB for a restore) before anyone knows
/// who it is; the rest is reserved, in one allocation of exactly the declared length,
/// only once this much has really arrived.
pub const UPFRONT_BODY_RESERVE: usize = 8 * 1024 * 1024;

/// Reads a request's body as a host receives it, chunk by chunk: into one allocation of
/// its `Content-Length` (a large file is not copied through a buffer that doubles: a
/// 200 MB backup would otherwise pass through 256 MB plus the 128 MB it was copied from),
/// reserved [`UPFRONT_BODY_RESERVE`] at first and the rest once that much has arrived;
/// keeping at most one byte past the path's limit ([`body_limit`]; the core answers 413).
/// A body declared over the limit is kept not at all, and the request is marked
/// [`BodyOverLimit`]. What is past the limit is read and dropped by the host, so a client
/// still sending gets the 413 instead of a connection closed under it.
pub struct BodyReader {
    buf: Vec<u8>,
    /// The declared length, when there is one within the limit.
    declared: Option<usize>,
    limit: usize,
    keep: bool,
    over_declared: bool,
}

impl BodyReader {
    /// For a request to `path` with these headers.
    pub fn new(path: &str, headers: &http::HeaderMap) -> Self {
        Self::with_reserve(body_limit(path), headers, UPFRONT_BODY_RESERVE)
    }

    fn with_reserve(limit: usize, headers: &http::HeaderMap, upfront: usize) -> Self {
        let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
        let over_declared = declared.is_some_and(|n| n > limit as u64);
        let declared = declared.filter(|_| !over_declared).map(|n| n as usize);
        BodyReader { buf: Vec::with_capacity(declared.unwrap_or(0).min(upfront)), declared, limit, keep: !over_declared, over_declared }
    }

    /// Takes the next chunk received.
    pub fn push(&mut self, chunk: &[u8]) {
        if !self.keep {
            return;
        }
        let needed = self.buf.len() + chunk.len();
        if needed > self.buf.capacity()
            && let Some(n) = self.declared
        {
            self.buf.reserve_exact(n.max(needed).min(self.limit + 1) - self.buf.len());
        }
        self.buf.extend_from_slice(chunk);
        if self.buf.len() > self.limit {
            self.buf.truncate(self.limit + 1);
            self.keep = false;
        }
    }

    /// The request with the body kept (marked [`BodyOverLimit`] if it was declared over).
    pub fn finish(self, parts: http::request::Parts) -> Request {
        let mut req = http::Request::from_parts(parts, self.buf);
        if self.over_declared {
            req.extensions_mut().insert(BodyOverLimit);
        }
        req
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

    fn read(limit: usize, length: Option<&str>, upfront: usize, chunks: &[&[u8]]) -> (Request, Vec<usize>) {
        let (parts, _) = request(b"", length).into_parts();
        let mut r = BodyReader::with_reserve(limit, &parts.headers, upfront);
        let mut capacities = vec![r.buf.capacity()];
        for c in chunks {
            r.push(c);
            capacities.push(r.buf.capacity());
        }
        (r.finish(parts), capacities)
    }

    #[test]
    fn a_body_is_reserved_a_little_first_then_its_declared_length_once_that_has_arrived() {
        let (req, caps) = read(100, Some("20"), 4, &[b"abcd", b"efgh", b"ijklmnopqrst"]);
        assert_eq!(req.body().as_slice(), b"abcdefghijklmnopqrst");
        assert_eq!(caps, vec![4, 4, 20, 20], "4 up front; the declared 20 in one step once past it");
        assert!(req.extensions().get::<BodyOverLimit>().is_none());
        // A small declared body: all of it at once.
        assert_eq!(read(100, Some("3"), 4, &[b"abc"]).1, vec![3, 3]);
    }

    #[test]
    fn a_body_declared_over_the_limit_is_kept_not_at_all_and_marked() {
        let (req, caps) = read(10, Some("11"), 4, &[b"0123456789", b"x"]);
        assert_eq!((req.body().len(), caps), (0, vec![0, 0, 0]));
        assert!(req.extensions().get::<BodyOverLimit>().is_some());
    }

    #[test]
    fn a_body_longer_than_declared_or_chunked_keeps_one_byte_past_the_limit() {
        let (req, _) = read(10, None, 4, &[b"0123456", b"789ab", b"cdef"]);
        assert_eq!(req.body().as_slice(), b"0123456789a", "chunked: grows, cut at limit + 1");
        let (req, _) = read(10, Some("5"), 4, &[b"01234", b"56789abc"]);
        assert_eq!(req.body().len(), 11, "more than declared: still cut at limit + 1");
        assert!(req.extensions().get::<BodyOverLimit>().is_none());
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
