//! `settings` component: health, settings (API key write-only), the provider's model
//! list (cached for an hour) and system prompts.

use super::routes::{Access, Route};
use super::{Call, connections, not_found};
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::platform::{Platform, open_migrated};
use crate::secret::Secret;
use crate::settings::{Settings, keys};
use crate::store;
use crate::validate;
use crate::web::{Request, Response, json_body, json_response, no_content, ok_json, query_param};
use http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

/// How long a provider's model list is served from the cache, in seconds.
pub const MODELS_CACHE_SECS: i64 = 3600;
/// Largest `/models` answer read from the provider, in bytes (OpenRouter's is ~1 MB).
pub const MAX_MODELS_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The routes of the `settings` component.
pub static ROUTES: &[Route] = &[
    Route::new(Method::GET, "/api/health", Access::Public, "health"),
    Route::new(Method::GET, "/api/openapi.json", Access::Public, "openapi"),
    Route::new(Method::GET, "/api/settings", Access::User, "get"),
    Route::new(Method::PATCH, "/api/settings", Access::User, "patch"),
    Route::new(Method::GET, "/api/settings/models", Access::User, "models"),
    Route::new(Method::GET, "/api/settings/connections", Access::User, "list_connections"),
    Route::new(Method::POST, "/api/settings/connections", Access::User, "create_connection"),
    Route::new(Method::POST, "/api/settings/connections/test", Access::User, "test_draft_connection"),
    Route::new(Method::PATCH, "/api/settings/connections/{id}", Access::User, "patch_connection"),
    Route::new(Method::DELETE, "/api/settings/connections/{id}", Access::User, "delete_connection"),
    Route::new(Method::POST, "/api/settings/connections/{id}/test", Access::User, "test_connection"),
    Route::new(Method::GET, "/api/settings/prompts", Access::User, "list_prompts"),
    Route::new(Method::POST, "/api/settings/prompts", Access::User, "create_prompt"),
    Route::new(Method::GET, "/api/settings/prompts/{id}", Access::User, "get_prompt"),
    Route::new(Method::PATCH, "/api/settings/prompts/{id}", Access::User, "patch_prompt"),
    Route::new(Method::DELETE, "/api/settings/prompts/{id}", Access::User, "delete_prompt"),
];

pub async fn dispatch<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let req = &call.req;
    match call.matched.route.name {
        "health" => return health(p).await,
        "openapi" => return Ok(openapi(req)),
        _ => {}
    }
    let auth = call.auth()?;
    let user = auth.user_id();
    let id = call.param(0);
    match call.matched.route.name {
        "get" => get_settings(p, auth).await,
        "patch" => patch_settings(p, auth, req).await,
        "models" => connections::models(p, auth, query_param(req, "refresh").is_some()).await,
        "list_connections" => connections::list(p, auth).await,
        "create_connection" => connections::create(p, auth, req).await,
        "test_draft_connection" => connections::test(p, auth, None, req).await,
        "patch_connection" => connections::patch(p, auth, id, req).await,
        "delete_connection" => connections::delete(p, auth, id).await,
        "test_connection" => connections::test(p, auth, Some(id), req).await,
        "list_prompts" => list_prompts(p, user).await,
        "create_prompt" => create_prompt(p, user, req).await,
        "get_prompt" => get_prompt(p, user, id).await,
        "patch_prompt" => patch_prompt(p, user, id, req).await,
        "delete_prompt" => delete_prompt(p, user, id).await,
        _ => Err(not_found()),
    }
}

async fn health<P: Platform>(p: &P) -> ApiResult<Response> {
    match async {
        let db = open_migrated(p).await?;
        Settings::instance(p, &db).await
    }
    .await
    {
        Ok(s) => ok_json(&json!({
            "status": "ok",
            "version": env!("CARGO_PKG_VERSION"),
            "api_key_configured": s.api_key_configured(),
        })),
        Err(e) => {
            eprintln!("nexus: health check: {e:#}");
            Ok(json_response(
                StatusCode::SERVICE_UNAVAILABLE,
                &json!({ "status": "error", "error": "The database cannot be opened; see the server log." }),
            ))
        }
    }
}

/// The machine-readable contract (OpenAPI 3.1), `docs/openapi.json` as built in. Tests
/// check it against the route tables and the real answers (crates/testhost/tests/openapi.rs).
pub const OPENAPI_DOCUMENT: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json"));

/// `GET /api/openapi.json`: the document, with an `ETag` (a 304 when `If-None-Match`
/// holds it), revalidated like the UI's files.
fn openapi(req: &Request) -> Response {
    use super::static_files::{REVALIDATE_CACHE, etag, not_modified_if_matching};
    use http::{HeaderValue, header};
    let body = OPENAPI_DOCUMENT.as_bytes();
    let mut resp = http::Response::new(if req.method() == Method::HEAD { Vec::new() } else { body.to_vec() });
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE_CACHE));
    if let Ok(tag) = HeaderValue::from_str(&etag(body, None)) {
        h.insert(header::ETAG, tag);
    }
    if let Some(tags) = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        not_modified_if_matching(&mut resp, tags);
    }
    resp
}

async fn get_settings<P: Platform>(p: &P, auth: &Auth) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    ok_json(&Settings::load(p, &db, auth.user_id()).await?.view(auth.user.is_admin()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsPatch {
    default_model: Option<String>,
    title_model: Option<String>,
    theme: Option<String>,
    /// Empty string: back to the `openrouter_base_url` variable.
    openrouter_base_url: Option<String>,
    /// Empty string or null: forget the stored key (the variable applies again).
    #[serde(default, deserialize_with = "crate::web::double_option")]
    openrouter_api_key: Option<Option<Secret>>,
    /// `openai` or `anthropic`.
    provider_protocol: Option<String>,
    /// Whether members may add their own provider connections (admins only).
    allow_member_connections: Option<bool>,
    /// Whether each message is first put to OpenAI's moderation endpoint (admins only).
    moderation: Option<bool>,
}

async fn patch_settings<P: Platform>(p: &P, auth: &Auth, req: &Request) -> ApiResult<Response> {
    let patch: SettingsPatch = json_body(req)?;
    // The provider connection is the household's: only an admin changes it.
    if (patch.openrouter_base_url.is_some()
        || patch.openrouter_api_key.is_some()
        || patch.provider_protocol.is_some()
        || patch.allow_member_connections.is_some()
        || patch.moderation.is_some())
        && !auth.user.is_admin()
    {
        return Err(ApiError::Forbidden {
            code: "admin_only",
            message: "Only an admin can change the server's provider connection or who may add connections; your own preferences (models, theme) you can change.".into(),
        });
    }
    let user = auth.user_id();
    // Validate everything before writing anything.
    let default_model = patch.default_model.as_deref().map(validate::model_id).transpose()?;
    let title_model = match patch.title_model.as_deref().map(str::trim) {
        Some("") => Some(String::new()),
        Some(m) => Some(validate::model_id(m)?),
        None => None,
    };
    let theme = patch.theme.as_deref().map(validate::theme).transpose()?;
    let base_url = match patch.openrouter_base_url.as_deref().map(str::trim) {
        Some("") => Some(String::new()),
        Some(u) => Some(validate::base_url(u)?),
        None => None,
    };
    let api_key = match patch.openrouter_api_key {
        Some(Some(k)) => {
            let k = validate::api_key(k.expose())?;
            // Stored only encrypted: without a master key, nothing is stored.
            let master = crate::crypto::Keys::load(p).await.map_err(|m| ApiError::Conflict(m).with_code("encryption_key_invalid"))?;
            match master.seal(keys::API_KEY, &k)? {
                Some(sealed) => Some(sealed),
                None => {
                    return Err(ApiError::Conflict(
                        "Nexus stores API keys only encrypted, and no encryption_key is set. Put one in .env \
                         (SPIN_VARIABLE_ENCRYPTION_KEY=… made with `openssl rand -base64 32`) and restart; or set \
                         the key itself as SPIN_VARIABLE_OPENROUTER_API_KEY instead."
                            .into(),
                    )
                    .with_code("encryption_key_missing"));
                }
            }
        }
        Some(None) => Some(String::new()),
        None => None,
    };
    let protocol = match patch.provider_protocol.as_deref() {
        Some(s) => Some(
            crate::provider::Protocol::parse(s)
                .ok_or_else(|| ApiError::BadRequest("`provider_protocol` is \"openai\" or \"anthropic\".".into()))?,
        ),
        None => None,
    };
    let db = open_migrated(p).await?;
    if let Some(pr) = protocol {
        store::set_config(&db, keys::PROTOCOL, pr.as_str()).await?;
    }
    if let Some(on) = patch.moderation {
        store::set_config(&db, crate::moderation::ENABLED_KEY, if on { "true" } else { "false" }).await?;
    }
    if let Some(allow) = patch.allow_member_connections {
        store::set_config(&db, crate::connections::ALLOW_MEMBERS_KEY, if allow { "true" } else { "false" }).await?;
    }
    for (key, value) in [
        (keys::DEFAULT_MODEL, default_model),
        (keys::TITLE_MODEL, title_model),
        (keys::THEME, theme),
    ] {
        if let Some(v) = value {
            store::set_preference(&db, user, key, &v).await?;
        }
    }
    for (key, value) in [(keys::BASE_URL, base_url), (keys::API_KEY, api_key)] {
        match value.as_deref() {
            Some("") => store::delete_config(&db, key).await?,
            Some(v) => store::set_config(&db, key, v).await?,
            None => {}
        }
    }
    ok_json(&Settings::load(p, &db, user).await?.view(auth.user.is_admin()))
}

// ---------- prompts ----------

fn no_such_prompt(id: &str) -> ApiError {
    ApiError::NotFound(format!("No system prompt has the id {id:?}."))
}

async fn list_prompts<P: Platform>(p: &P, user: &str) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    ok_json(&json!({ "prompts": store::list_prompts(&db, user).await? }))
}

async fn get_prompt<P: Platform>(p: &P, user: &str, id: &str) -> ApiResult<Response> {
    let id = validate::path_id(id, "system prompt")?;
    let db = open_migrated(p).await?;
    ok_json(&store::get_prompt(&db, user, id).await?.ok_or_else(|| no_such_prompt(id))?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PromptBody {
    name: Option<String>,
    content: Option<String>,
    is_default: Option<bool>,
}

async fn create_prompt<P: Platform>(p: &P, user: &str, req: &Request) -> ApiResult<Response> {
    let body: PromptBody = json_body(req)?;
    let name = validate::prompt_name(body.name.as_deref().unwrap_or(""))?;
    let content = validate::prompt_content(body.content.as_deref().unwrap_or(""))?;
    let db = open_migrated(p).await?;
    let id = uuid::Uuid::new_v4().to_string();
    store::insert_prompt(&db, user, &id, &name, &content).await?;
    if body.is_default == Some(true) {
        store::make_default_prompt(&db, user, &id).await?;
    }
    let prompt = store::get_prompt(&db, user, &id).await?.ok_or_else(|| no_such_prompt(&id))?;
    Ok(json_response(StatusCode::CREATED, &prompt))
}

async fn patch_prompt<P: Platform>(p: &P, user: &str, id: &str, req: &Request) -> ApiResult<Response> {
    let id = validate::path_id(id, "system prompt")?;
    let body: PromptBody = json_body(req)?;
    let db = open_migrated(p).await?;
    let mut prompt = store::get_prompt(&db, user, id).await?.ok_or_else(|| no_such_prompt(id))?;
    if let Some(n) = &body.name {
        prompt.name = validate::prompt_name(n)?;
    }
    if let Some(c) = &body.content {
        prompt.content = validate::prompt_content(c)?;
    }
    match body.is_default {
        Some(true) => store::make_default_prompt(&db, user, id).await?,
        Some(false) if prompt.is_default => {
            return Err(ApiError::Conflict(
                "This is the default prompt; make another prompt the default instead (PATCH it with \"is_default\": true).".into(),
            ));
        }
        _ => {}
    }
    store::update_prompt(&db, user, &prompt).await?;
    ok_json(&store::get_prompt(&db, user, id).await?.ok_or_else(|| no_such_prompt(id))?)
}

async fn delete_prompt<P: Platform>(p: &P, user: &str, id: &str) -> ApiResult<Response> {
    let id = validate::path_id(id, "system prompt")?;
    let db = open_migrated(p).await?;
    let prompt = store::get_prompt(&db, user, id).await?.ok_or_else(|| no_such_prompt(id))?;
    if prompt.is_default {
        return Err(ApiError::Conflict(
            "The default system prompt cannot be deleted. Make another prompt the default first.".into(),
        ));
    }
    if store::delete_prompt(&db, user, id).await? { Ok(no_content()) } else { Err(no_such_prompt(id)) }
}

