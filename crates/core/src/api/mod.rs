//! The HTTP API, one module per Spin component. [`handle`] is the single entry point
//! both hosts call: the CORS policy, the component's route table, authentication and
//! the route's access rule, the same-origin check, then the handler.

pub mod accounts;
pub mod connections;
pub mod conversations;
pub mod library;
pub mod folders;
pub mod images;
pub mod search;
pub mod shares;
pub mod templates;
pub mod transfer;
pub mod messages;
pub mod routes;
pub mod settings;
pub mod static_files;

use crate::auth::{self, Auth};
use crate::error::{ApiError, ApiResult};
use crate::platform::{Platform, VAR_CORS_ORIGINS, open_migrated};
use crate::web::{Request, Response};
use http::{HeaderValue, Method, header};
use routes::{Access, Matched, Route};
use std::path::PathBuf;

pub use messages::StreamJob;

/// The Spin components and what each serves.
#[derive(Debug, Clone)]
pub enum Component {
    /// `/api/conversations/...`
    Conversations,
    /// `/api/conversations/:id/messages/...`
    Messages,
    /// `/api/settings/...` and `/api/health`
    Settings,
    /// `/api/auth/...`, `/api/users/...`, `/api/admin/...`
    Accounts,
    /// Search, folders, tags, templates, export/import, shares, backup/restore.
    Library,
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
            "accounts" => Some(Component::Accounts),
            "library" => Some(Component::Library),
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

impl From<ApiResult<Response>> for Reply {
    fn from(r: ApiResult<Response>) -> Reply {
        Reply::Full(r.unwrap_or_else(ApiError::into_response))
    }
}

impl From<ApiResult<Reply>> for Reply {
    fn from(r: ApiResult<Reply>) -> Reply {
        r.unwrap_or_else(|e| Reply::Full(e.into_response()))
    }
}

/// A request on its way to a handler: the route it matched and who sent it (always
/// `Some` for routes that are not [`Access::Public`]).
pub struct Call {
    pub matched: Matched,
    pub auth: Option<Auth>,
    pub req: Request,
}

impl Call {
    /// The authenticated caller (401 on a public route called without one).
    pub fn auth(&self) -> ApiResult<&Auth> {
        self.auth.as_ref().ok_or_else(ApiError::unauthenticated)
    }
    /// The caller's user id: what every query on their data is filtered by.
    pub fn user_id(&self) -> ApiResult<&str> {
        Ok(self.auth()?.user_id())
    }
    /// Path parameter `i`.
    pub fn param(&self, i: usize) -> &str {
        self.matched.param(i)
    }
}

/// One component's routes. Each Spin component calls [`handle`] with its own (a unit
/// struct below), so it compiles only its own handlers: the others are never referenced
/// and the linker drops them. [`Component`] picks one at run time (the test host).
#[allow(async_fn_in_trait)]
pub trait Routes {
    /// The route table [`handle`] matches against (and tests read).
    fn table(&self) -> &'static [Route];
    /// Runs the handler of the matched route.
    async fn dispatch<P: Platform>(&self, p: &P, call: Call) -> Reply;
}

/// `/api/conversations/...`
pub struct ConversationsApi;
/// `/api/conversations/:id/messages/...`
pub struct MessagesApi;
/// `/api/settings/...` and `/api/health`
pub struct SettingsApi;
/// `/api/auth/...`, `/api/users/...`, `/api/admin/...`
pub struct AccountsApi;
/// Search, folders, tags, templates, export/import, shares, backup/restore.
pub struct LibraryApi;
/// Everything else: the built frontend under `root`.
pub struct StaticFiles {
    pub root: PathBuf,
}

impl Routes for ConversationsApi {
    fn table(&self) -> &'static [Route] {
        conversations::ROUTES
    }
    async fn dispatch<P: Platform>(&self, p: &P, call: Call) -> Reply {
        conversations::dispatch(p, &call).await.into()
    }
}

impl Routes for MessagesApi {
    fn table(&self) -> &'static [Route] {
        messages::ROUTES
    }
    async fn dispatch<P: Platform>(&self, p: &P, call: Call) -> Reply {
        messages::dispatch(p, &call).await.into()
    }
}

impl Routes for SettingsApi {
    fn table(&self) -> &'static [Route] {
        settings::ROUTES
    }
    async fn dispatch<P: Platform>(&self, p: &P, call: Call) -> Reply {
        settings::dispatch(p, &call).await.into()
    }
}

impl Routes for AccountsApi {
    fn table(&self) -> &'static [Route] {
        accounts::ROUTES
    }
    async fn dispatch<P: Platform>(&self, p: &P, call: Call) -> Reply {
        accounts::dispatch(p, &call).await.into()
    }
}

impl Routes for LibraryApi {
    fn table(&self) -> &'static [Route] {
        library::ROUTES
    }
    async fn dispatch<P: Platform>(&self, p: &P, call: Call) -> Reply {
        library::dispatch(p, &call).await.into()
    }
}

/// The static UI: every path, public.
pub static STATIC_ROUTES: &[Route] = &[Route::new(Method::GET, "/...", Access::Public, "file")];

impl Routes for StaticFiles {
    fn table(&self) -> &'static [Route] {
        STATIC_ROUTES
    }
    async fn dispatch<P: Platform>(&self, _p: &P, call: Call) -> Reply {
        Reply::Full(static_files::handle(&self.root, &call.req))
    }
}

impl Routes for Component {
    fn table(&self) -> &'static [Route] {
        match self {
            Component::Conversations => ConversationsApi.table(),
            Component::Messages => MessagesApi.table(),
            Component::Settings => SettingsApi.table(),
            Component::Accounts => AccountsApi.table(),
            Component::Library => LibraryApi.table(),
            Component::Static { .. } => STATIC_ROUTES,
        }
    }
    async fn dispatch<P: Platform>(&self, p: &P, call: Call) -> Reply {
        match self {
            Component::Conversations => ConversationsApi.dispatch(p, call).await,
            Component::Messages => MessagesApi.dispatch(p, call).await,
            Component::Settings => SettingsApi.dispatch(p, call).await,
            Component::Accounts => AccountsApi.dispatch(p, call).await,
            Component::Library => LibraryApi.dispatch(p, call).await,
            Component::Static { root } => Reply::Full(static_files::handle(root, &call.req)),
        }
    }
}

/// Finds the route, authenticates the caller unless the route is public, and checks
/// the route's access rule and the same-origin rule. Nothing past this sees a request
/// without the user its route needs.
async fn admit<P: Platform>(p: &P, table: &'static [Route], req: &Request, origin_allowed: bool) -> ApiResult<(Matched, Option<Auth>)> {
    let matched = routes::find(table, req.method(), req.uri().path())?;
    let auth = match matched.route.access {
        Access::Public => None,
        Access::User | Access::Admin => {
            let db = open_migrated(p).await?;
            let auth = auth::authenticate(&db, req).await?.ok_or_else(ApiError::unauthenticated)?;
            if matched.route.access == Access::Admin && !auth.user.is_admin() {
                return Err(ApiError::admin_only());
            }
            Some(auth)
        }
    };
    check_same_origin(req, origin_allowed, auth.as_ref().is_some_and(Auth::by_cookie))?;
    Ok((matched, auth))
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
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type, authorization, x-requested-with"));
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
            return Reply::Full(resp);
        }
    let (matched, auth) = match admit(p, routes.table(), &req, allowed_origin.is_some()).await {
        Ok(admitted) => admitted,
        Err(e) => return Reply::Full(with_cors(e.into_response(), allowed_origin.as_deref())),
    };
    let refreshed = auth.as_ref().and_then(|a| a.refreshed_cookie.clone());
    let reply = routes.dispatch(p, Call { matched, auth, req }).await;
    // A sliding session's new end goes back with whatever the handler answered.
    let reply = match (reply, refreshed) {
        (Reply::Full(mut resp), Some(cookie)) => {
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                resp.headers_mut().append(header::SET_COOKIE, v);
            }
            Reply::Full(resp)
        }
        (Reply::Stream { mut headers, job }, Some(cookie)) => {
            headers.push(("set-cookie".into(), cookie));
            Reply::Stream { headers, job }
        }
        (reply, None) => reply,
    };
    match (reply, allowed_origin) {
        (Reply::Full(resp), Some(o)) => Reply::Full(with_cors(resp, Some(&o))),
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
/// reverse proxy). Origins in `cors_allowed_origins` pass. A request authenticated by
/// the session cookie (which a browser attaches to cross-site requests too) must prove
/// it comes from Nexus's pages: same-origin by those headers, or the
/// [`auth::CSRF_HEADER`] header that a cross-site form cannot send. Other requests
/// without either header (curl, scripts with a token) pass. With JSON-only bodies
/// (415 otherwise) no cross-site form can change anything.
fn check_same_origin(req: &Request, origin_allowed: bool, by_cookie: bool) -> Result<(), ApiError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || origin_allowed {
        return Ok(());
    }
    let h = req.headers();
    let get = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let fetch_site = get("sec-fetch-site");
    let same = if matches!(fetch_site, Some("same-origin" | "none")) {
        true
    } else {
        match get("origin") {
            None => !matches!(fetch_site, Some("cross-site" | "same-site")) && (!by_cookie || get(auth::CSRF_HEADER).is_some()),
            Some(origin) => {
                let authority = origin.split_once("://").map(|(_, a)| a).unwrap_or("");
                let named = |host: Option<&str>| host.is_some_and(|host| !authority.is_empty() && host.eq_ignore_ascii_case(authority));
                named(get("host")) || named(get("x-forwarded-host")) || named(req.uri().authority().map(|a| a.as_str()))
            }
        }
    };
    if same {
        Ok(())
    } else {
        Err(ApiError::Forbidden {
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
        h.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
}

fn with_cors(mut resp: Response, origin: Option<&str>) -> Response {
    if let Some(o) = origin {
        add_cors(&mut resp, o);
    }
    resp
}

/// 404 for a conversation id that does not exist.
pub(crate) fn no_such_conversation(id: &str) -> crate::error::ApiError {
    crate::error::ApiError::NotFound(format!("No conversation has the id {id:?}; it may have been deleted."))
}

/// The user's conversation with the id from the URL, or 404 (also when it is someone
/// else's: the same answer as for an id that does not exist).
pub(crate) async fn load_conversation(
    db: &impl crate::db::Db,
    user_id: &str,
    id: &str,
) -> crate::error::ApiResult<crate::store::Conversation> {
    let id = crate::validate::path_id(id, "conversation")?;
    crate::store::get_conversation(db, user_id, id).await?.ok_or_else(|| no_such_conversation(id))
}

/// 404 for an unknown API path.
pub(crate) fn not_found() -> crate::error::ApiError {
    crate::error::ApiError::NotFound("There is no such API endpoint; see docs/api.md.".into())
}

