//! Pictures in the chat, served by the `messages` component: upload (the raw bytes, not
//! JSON), read back by their owner, delete one not sent yet. A share link's pictures are
//! served by `library` (`api/shares.rs`) with [`image_response`].

use super::Call;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::images::{ALLOWED_TYPES, MAX_IMAGE_BYTES, sniff};
use crate::platform::{Platform, open_migrated};
use crate::store::images::{self as store, Blob, NewImage};
use crate::validate;
use crate::web::{Request, Response, json_response, no_content};
use http::{HeaderValue, StatusCode, header};
use sha2::{Digest, Sha256};

/// How long a browser may keep a picture (its bytes never change under its id).
pub const IMAGE_CACHE_CONTROL: &str = "private, max-age=31536000, immutable";
/// A picture is never a document: no scripts, no plugins, even if opened on its own.
pub const IMAGE_CSP: &str = "default-src 'none'; sandbox";

pub async fn upload<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let user = call.user_id()?;
    let body = call.req.body();
    if crate::web::body_over(&call.req, MAX_IMAGE_BYTES) {
        return Err(ApiError::coded(
            StatusCode::PAYLOAD_TOO_LARGE,
            "image_too_large",
            format!("The picture is over {} MiB, the most Nexus takes; make it smaller and upload it again.", MAX_IMAGE_BYTES / (1024 * 1024)),
        ));
    }
    if body.is_empty() {
        return Err(ApiError::BadRequest("The body is empty; send the picture's bytes with Content-Type: image/png (or jpeg, webp, gif).".into()));
    }
    let declared = call.req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let sniffed = sniff(body).filter(|_| declared.trim().to_ascii_lowercase().starts_with("image/"));
    let Some(sniffed) = sniffed else {
        return Err(unsupported());
    };
    let id = uuid::Uuid::new_v4().to_string();
    let sha256 = hex(&Sha256::digest(body));
    let db = open_migrated(p).await?;
    store::sweep_unattached(&db).await?;
    let img = NewImage { id: &id, content_type: sniffed.content_type, width: sniffed.width, height: sniffed.height, data: body, sha256: &sha256 };
    let created_at = store::insert(&db, user, &img).await?;
    Ok(json_response(
        StatusCode::CREATED,
        &serde_json::json!({
            "id": id, "content_type": sniffed.content_type, "bytes": body.len(),
            "width": sniffed.width, "height": sniffed.height, "created_at": created_at,
        }),
    ))
}

fn unsupported() -> ApiError {
    ApiError::coded(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_image",
        format!(
            "This is not a picture Nexus takes: send the bytes of a {} with its Content-Type (SVG and other formats are not taken).",
            ALLOWED_TYPES.iter().map(|t| t.trim_start_matches("image/").to_uppercase()).collect::<Vec<_>>().join(", ")
        ),
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn no_such_image(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no picture with the id {id:?}."))
}

pub async fn get<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let user = call.user_id()?;
    let id = validate::path_id(call.param(0), "picture")?;
    let db = open_migrated(p).await?;
    let blob = store::blob(&db, user, id).await?.ok_or_else(|| no_such_image(id))?;
    Ok(image_response(&call.req, blob, &[]))
}

pub async fn delete<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let user = call.user_id()?;
    let id = validate::path_id(call.param(0), "picture")?;
    let db = open_migrated(p).await?;
    if store::delete_unattached(&db, user, id).await? {
        return Ok(no_content());
    }
    match in_use(&db, user, id).await? {
        true => Err(ApiError::ConflictCode {
            code: "image_in_use",
            message: "This picture was sent with a message; delete the message to delete the picture.".into(),
        }),
        false => Err(no_such_image(id)),
    }
}

async fn in_use(db: &impl Db, user: &str, id: &str) -> ApiResult<bool> {
    Ok(store::meta(db, user, id).await?.is_some_and(|m| m.message_id.is_some()))
}

/// A picture's bytes with the headers every picture is served with (type as sniffed,
/// `ETag` its SHA-256, cached for a year, never sniffed or run as a document), or `304`
/// when `If-None-Match` names its ETag; `extra` adds headers (a share's `X-Robots-Tag`).
pub fn image_response(req: &Request, blob: Blob, extra: &[(&'static str, &'static str)]) -> Response {
    let etag = format!("\"{}\"", blob.sha256);
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').map(|t| t.trim().trim_start_matches("W/")).any(|t| t == etag || t == "*"));
    let mut resp = if fresh {
        let mut r = http::Response::new(Vec::new());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        http::Response::new(blob.data)
    };
    let h = resp.headers_mut();
    if !fresh && let Ok(v) = HeaderValue::from_str(&blob.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMAGE_CACHE_CONTROL));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(IMAGE_CSP));
    for (k, v) in extra {
        h.insert(*k, HeaderValue::from_static(v));
    }
    resp
}
