//! Who is calling. [`authenticate`] runs once per request in the core's single entry
//! point (`api::handle`), before any route: a session cookie or an API token becomes an
//! [`Auth`], and only routes marked public in a route table run without one. Handlers
//! get the user from it and pass the user's id into every query (`store`).

pub mod password;
pub mod token;

use crate::db::Db;
use crate::secret::Secret;
use crate::store::accounts as q;
use crate::web::Request;
use anyhow::Result;
use serde::Serialize;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "nexus_session";
/// A session lives this long after its last use (sliding: each use, at most once per
/// [`SESSION_REFRESH_SECS`], pushes its end out again).
pub const SESSION_DAYS: i64 = 30;
/// How often a session's last-seen time (and end) is written: at most once per hour
/// per session, so authentication is a read on almost every request.
pub const SESSION_REFRESH_SECS: i64 = 3600;
/// A header a cross-site HTML form cannot send (and a cross-site script cannot send
/// without a CORS preflight Nexus refuses): proof that a cookie-authenticated request
/// that changes something comes from Nexus's own pages (see `api::check_same_origin`).
pub const CSRF_HEADER: &str = "x-requested-with";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Member,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "member" => Some(Role::Member),
            _ => None,
        }
    }
}

/// A signed-in person, as the API shows them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub role: Role,
    pub created_at: String,
}

impl User {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// How a request proved who it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Credential {
    /// The session cookie; `id` is the session's public id.
    Session { id: String },
    /// `Authorization: Bearer nx_…`; `id` is the token's public id.
    ApiToken { id: String },
}

/// An authenticated request.
#[derive(Debug, Clone)]
pub struct Auth {
    pub user: User,
    pub credential: Credential,
    /// A `Set-Cookie` to send back when the session's end moved (sliding expiry).
    pub refreshed_cookie: Option<String>,
}

impl Auth {
    pub fn user_id(&self) -> &str {
        &self.user.id
    }
    pub fn by_cookie(&self) -> bool {
        matches!(self.credential, Credential::Session { .. })
    }
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers().get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|h| {
        h.split(';').find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k.trim() == name).then(|| v.trim())
        })
    })
}

/// Whether the request reached Nexus over https (directly or through a proxy that says so).
pub fn is_https(req: &Request) -> bool {
    req.uri().scheme_str() == Some("https")
        || req.headers().get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// `Set-Cookie` for a new or refreshed session token.
pub fn session_cookie(req: &Request, token: &Secret) -> String {
    let secure = if is_https(req) { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        token.expose(),
        SESSION_DAYS * 86400
    )
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(req: &Request) -> String {
    let secure = if is_https(req) { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// The user behind the request's API token or session cookie; `None` if it carries
/// neither, or one that is unknown, expired, revoked, or whose user is disabled.
pub async fn authenticate(db: &impl Db, req: &Request) -> Result<Option<Auth>> {
    let bearer = req
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    if let Some(t) = bearer {
        let Some(t) = t.strip_prefix(token::API_TOKEN_PREFIX) else { return Ok(None) };
        return Ok(q::user_by_api_token(db, &token::digest(t)).await?.map(|(user, id)| Auth {
            user,
            credential: Credential::ApiToken { id },
            refreshed_cookie: None,
        }));
    }
    let Some(t) = cookie(req, SESSION_COOKIE).filter(|t| !t.is_empty()) else { return Ok(None) };
    let Some(found) = q::user_by_session(db, &token::digest(t)).await? else { return Ok(None) };
    let refreshed_cookie = if found.needs_refresh {
        q::refresh_session(db, &found.session_id).await?;
        Some(session_cookie(req, &Secret::new(t)))
    } else {
        None
    };
    Ok(Some(Auth { user: found.user, credential: Credential::Session { id: found.session_id }, refreshed_cookie }))
}
