//! The HTTP API, one module per Spin component. [`handle`] is the single entry point
//! both hosts call: it applies the CORS policy and runs the component's route table.

pub mod conversations;
pub mod messages;
pub mod settings;
pub mod static_files;

use crate::platform::{Platform, VAR_CORS_ORIGINS};
use crate::web::{Request, Response};
use http::{HeaderValue, Method, header};
use std::path::PathBuf;

pub use messages::StreamJob;

/// The four Spin components and what each serves.
#[derive(Debug, Clone)]
pub enum Component {
    /// `/api/conversations/...`
    Conversations,
    /// `/api/conversations/:id/messages/...`
    Messages,
    /// `/api/settings/...` and `/api/health`
    Settings,
    /// Everything else: the built frontend under `root`.
    Static { root: PathBuf },
}

impl Component {
    /// The component for a `spin.toml` component id.
    pub fn from_id(id: &str, static_root: PathBuf) -> Option<Component> {
        match id {
            "conversations" => Some(Component::Conversations),
            "messages" => Some(Component::Messages),
            "settings" => Some(Component::Settings),
            "static" => Some(Component::Static { root: static_root }),
            _ => None,
        }
    }
}

/// What a handler answers: a whole response, or a stream the host must run.
pub enum Reply {
    Full(Response),
    /// A server-sent event stream: the host sends `headers` with status 200, then spawns
    /// `job.run(platform, sink)` writing into the response body.
    Stream { headers: Vec<(String, String)>, job: StreamJob },
}

/// One component's route table. Each Spin component calls [`handle`] with its own
/// (a unit struct below), so it compiles only its own handlers: the others are never
/// referenced and the linker drops them (smaller components, less memory in Spin).
/// [`Component`] picks one at run time (the test host serves all four).
#[allow(async_fn_in_trait)]
pub trait Routes {
    async fn route<P: Platform>(&self, p: &P, req: Request) -> Reply;
}

/// `/api/conversations/...`
pub struct ConversationsApi;
/// `/api/conversations/:id/messages/...`
pub struct MessagesApi;
/// `/api/settings/...` and `/api/health`
pub struct SettingsApi;
/// Everything else: the built frontend under `root`.
pub struct StaticFiles {
    pub root: PathBuf,
}

impl Routes for ConversationsApi {
    async fn route<P: Platform>(&self, p: &P, req: Request) -> Reply {
        Reply::Full(conversations::handle(p, req).await)
    }
}

impl Routes for MessagesApi {
    async fn route<P: Platform>(&self, p: &P, req: Request) -> Reply {
        messages::handle(p, req).await
    }
}

impl Routes for SettingsApi {
    async fn route<P: Platform>(&self, p: &P, req: Request) -> Reply {
        Reply::Full(settings::handle(p, req).await)
    }
}

impl Routes for StaticFiles {
    async fn route<P: Platform>(&self, _p: &P, req: Request) -> Reply {
        Reply::Full(static_files::handle(&self.root, &req))
    }
}

impl Routes for Component {
    async fn route<P: Platform>(&self, p: &P, req: Request) -> Reply {
        match self {
            Component::Conversations => ConversationsApi.route(p, req).await,
            Component::Messages => MessagesApi.route(p, req).await,
            Component::Settings => SettingsApi.route(p, req).await,
            Component::Static { root } => Reply::Full(static_files::handle(root, &req)),
        }
    }
}

/// The entry point both hosts call: the CORS policy and the same-origin check, then the
/// component's routes.
pub async fn handle<P: Platform, R: Routes>(routes: &R, p: &P, req: Request) -> Reply {
    let origin = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()).map(str::to_owned);
    let allowed_origin = match origin {
        Some(o) if origin_allowed(p, &o).await => Some(o),
        _ => None,
    };
    if req.method() == Method::OPTIONS
        && let Some(o) = &allowed_origin {
            let mut resp = crate::web::no_content();
            add_cors(&mut resp, o);
            let h = resp.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, PATCH, DELETE"));
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type"));
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
            return Reply::Full(resp);
        }
    if let Err(e) = check_same_origin(&req, allowed_origin.is_some()) {
        return Reply::Full(e.into_response());
    }
    let reply = routes.route(p, req).await;
    match (reply, allowed_origin) {
        (Reply::Full(mut resp), Some(o)) => {
            add_cors(&mut resp, &o);
            Reply::Full(resp)
        }
        (Reply::Stream { mut headers, job }, Some(o)) => {
            headers.push(("access-control-allow-origin".into(), o));
            headers.push(("vary".into(), "Origin".into()));
            Reply::Stream { headers, job }
        }
        (reply, None) => reply,
    }
}

/// Refuses a state-changing request (anything but GET, HEAD, OPTIONS) that a browser
/// sent from another site (CSRF): by `Sec-Fetch-Site` where the browser sends it, else
/// by `Origin` against the `Host` the request was sent to (or `X-Forwarded-Host` from a
/// reverse proxy). Origins in `cors_allowed_origins` pass; requests without either
/// header (curl, scripts) pass. Together with JSON-only bodies this closes the CSRF
/// hole before cookie sessions exist.
fn check_same_origin(req: &Request, origin_allowed: bool) -> Result<(), crate::error::ApiError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || origin_allowed {
        return Ok(());
    }
    let h = req.headers();
    let get = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let fetch_site = get("sec-fetch-site");
    if matches!(fetch_site, Some("same-origin" | "none")) {
        return Ok(());
    }
    let same = match get("origin") {
        None => !matches!(fetch_site, Some("cross-site" | "same-site")),
        Some(origin) => {
            let authority = origin.split_once("://").map(|(_, a)| a).unwrap_or("");
            let named = |host: Option<&str>| host.is_some_and(|host| !authority.is_empty() && host.eq_ignore_ascii_case(authority));
            named(get("host")) || named(get("x-forwarded-host")) || named(req.uri().authority().map(|a| a.as_str()))
        }
    };
    if same {
        Ok(())
    } else {
        Err(crate::error::ApiError::Forbidden {
            code: "cross_site",
            message: "This request came from another site, so Nexus refused it. Use Nexus from its own address, \
                      or add that site to the cors_allowed_origins variable."
                .into(),
        })
    }
}

/// True if `origin` is in the `cors_allowed_origins` list (exact match; no wildcards).
async fn origin_allowed<P: Platform>(p: &P, origin: &str) -> bool {
    let Some(list) = p.variable(VAR_CORS_ORIGINS).await else { return false };
    list.split(',').map(|s| s.trim().trim_end_matches('/')).any(|allowed| !allowed.is_empty() && allowed != "*" && allowed == origin)
}

fn add_cors(resp: &mut Response, origin: &str) {
    if let Ok(v) = HeaderValue::from_str(origin) {
        let h = resp.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
}

/// 404 for a conversation id that does not exist.
pub(crate) fn no_such_conversation(id: &str) -> crate::error::ApiError {
    crate::error::ApiError::NotFound(format!("No conversation has the id {id:?}; it may have been deleted."))
}

/// The conversation with the id from the URL, or 404.
pub(crate) async fn load_conversation(
    db: &impl crate::db::Db,
    id: &str,
) -> crate::error::ApiResult<crate::store::Conversation> {
    let id = crate::validate::path_id(id, "conversation")?;
    crate::store::get_conversation(db, id).await?.ok_or_else(|| no_such_conversation(id))
}

/// 404 for an unknown API path.
pub(crate) fn not_found() -> crate::error::ApiError {
    crate::error::ApiError::NotFound("There is no such API endpoint; see docs/api.md.".into())
}

