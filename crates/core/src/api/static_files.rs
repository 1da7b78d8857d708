//! `static` component: serves the built frontend. Right content types, SPA fallback
//! to `index.html` for non-API paths without a file extension, long-lived caching for
//! Vite's hashed `/assets/*`, precompressed `.br`/`.gz` siblings when the browser takes
//! them, an `ETag` on every file so a browser revalidates `index.html` with a 304
//! instead of downloading it on every open, and no way out of the folder.

use crate::error::ApiError;
use crate::web::{Request, Response};
use http::{HeaderValue, Method, StatusCode, header};
use std::path::{Path, PathBuf};

/// Cache-Control for content-hashed build output under [`HASHED_PREFIX`].
pub const IMMUTABLE_CACHE: &str = "public, max-age=31536000, immutable";
/// Cache-Control for everything else (index.html must be revalidated to pick up deploys).
pub const REVALIDATE_CACHE: &str = "no-cache";
/// Where Vite writes content-hashed files.
pub const HASHED_PREFIX: &str = "/assets/";
/// The SPA entry point.
pub const INDEX: &str = "index.html";
/// Share links' pages (`/s/<token>`): the UI shows the snapshot `GET /api/shared/<token>` returns.
pub const SHARE_PREFIX: &str = "/s/";
/// Content-Security-Policy on every static response: scripts only from this origin, so
/// model output that slips into the DOM as HTML still cannot run.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; \
frame-ancestors 'none'; form-action 'self'";

pub fn handle(root: &Path, req: &Request) -> Response {
    let path = req.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        return super::not_found().into_response();
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return ApiError::MethodNotAllowed { allow: "GET, HEAD".into() }.into_response();
    }
    let header = |name| req.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    let accept = header(header::ACCEPT_ENCODING).unwrap_or("");
    let mut resp = make_response(root, path, accept);
    if path.starts_with(SHARE_PREFIX) {
        // A share link's page: never indexed, never framed (its CSP says so too).
        let h = resp.headers_mut();
        h.insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    if let Some(tags) = header(header::IF_NONE_MATCH) {
        not_modified_if_matching(&mut resp, tags);
    }
    if req.method() == Method::HEAD {
        resp.body_mut().clear();
    }
    resp
}

/// Turns a 200 into `304 Not Modified` (no body, same validators) when its `ETag` is
/// among `if_none_match` (a list, weak or strong, or `*`).
pub fn not_modified_if_matching(resp: &mut Response, if_none_match: &str) {
    let Some(etag) = resp.headers().get(header::ETAG).and_then(|v| v.to_str().ok()).map(str::to_owned) else { return };
    if resp.status() != StatusCode::OK {
        return;
    }
    let matches = if_none_match.split(',').map(|t| t.trim().trim_start_matches("W/")).any(|t| t == "*" || t == etag);
    if matches {
        *resp.status_mut() = StatusCode::NOT_MODIFIED;
        resp.body_mut().clear();
        resp.headers_mut().remove(header::CONTENT_LENGTH);
    }
}

/// A strong validator for the bytes sent: 64-bit FNV-1a of the content, its length, and
/// the encoding (a gzip and a brotli copy of one file are different representations).
pub fn etag(bytes: &[u8], encoding: Option<&str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    match encoding {
        Some(enc) => format!("\"{hash:016x}-{:x}-{enc}\"", bytes.len()),
        None => format!("\"{hash:016x}-{:x}\"", bytes.len()),
    }
}

/// The response for `GET path` from files under `root` (pure apart from reading files).
pub fn make_response(root: &Path, path: &str, accept_encoding: &str) -> Response {
    let Some(rel) = safe_relative_path(path) else {
        return not_found();
    };
    let file = if rel.as_os_str().is_empty() { root.join(INDEX) } else { root.join(&rel) };
    if is_file_inside(root, &file) {
        return file_response(&file, path.starts_with(HASHED_PREFIX), accept_encoding);
    }
    // Unknown path: a client-side route gets the app; a missing asset gets 404.
    let last = path.rsplit('/').next().unwrap_or("");
    let index = root.join(INDEX);
    if !last.contains('.') && is_file_inside(root, &index) {
        return file_response(&index, false, accept_encoding);
    }
    not_found()
}

fn not_found() -> Response {
    let mut resp = http::Response::new(b"Not found".to_vec());
    *resp.status_mut() = StatusCode::NOT_FOUND;
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    resp
}

/// Decodes `%XX`, then accepts only plain segments: no `..`, `.`, backslashes, NULs or
/// drive letters. `/` → empty path.
pub fn safe_relative_path(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    let mut out = PathBuf::new();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." || seg.contains('\\') || seg.contains('\0') || seg.contains(':') {
            return None;
        }
        out.push(seg);
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn is_file_inside(root: &Path, file: &Path) -> bool {
    if !file.is_file() {
        return false;
    }
    // Natively, also refuse symlinks that lead out of the folder. (In a Spin component
    // the folder is the whole file system the component can see.)
    #[cfg(not(target_family = "wasm"))]
    {
        match (root.canonicalize(), file.canonicalize()) {
            (Ok(r), Ok(f)) => f.starts_with(r),
            _ => false,
        }
    }
    #[cfg(target_family = "wasm")]
    {
        let _ = root;
        true
    }
}

fn file_response(file: &Path, hashed: bool, accept_encoding: &str) -> Response {
    let mut encoding = None;
    let mut bytes = None;
    for (enc, ext) in [("br", "br"), ("gzip", "gz")] {
        if accepts(accept_encoding, enc) {
            let mut name = file.as_os_str().to_owned();
            name.push(format!(".{ext}"));
            if let Ok(b) = std::fs::read(PathBuf::from(name)) {
                encoding = Some(enc);
                bytes = Some(b);
                break;
            }
        }
    }
    let bytes = match bytes {
        Some(b) => b,
        None => match std::fs::read(file) {
            Ok(b) => b,
            Err(_) => return not_found(),
        },
    };
    let tag = etag(&bytes, encoding);
    let mut resp = http::Response::new(bytes);
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(file)));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if hashed { IMMUTABLE_CACHE } else { REVALIDATE_CACHE }),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Some(enc) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(enc));
    }
    resp
}

fn accepts(accept_encoding: &str, enc: &str) -> bool {
    accept_encoding.split(',').any(|part| {
        let mut it = part.split(';');
        let name = it.next().unwrap_or("").trim();
        let q_zero = it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
        name.eq_ignore_ascii_case(enc) && !q_zero
    })
}

/// Content type by file extension.
pub fn content_type(file: &Path) -> &'static str {
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        "wasm" => "application/wasm",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}
