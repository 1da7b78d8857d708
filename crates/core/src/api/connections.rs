//! Provider connections (served by the `settings` component): list, add, change,
//! remove, test; and the one model list over every connection a person may use.

use super::settings::{MAX_MODELS_BODY_BYTES, MODELS_CACHE_SECS};
use crate::auth::Auth;
use crate::connections::{self, Caller, Connection, Scope, aad, allowed_hosts, caller, check_host, no_such_connection};
use crate::crypto::Keys;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::platform::{BodyStream, Platform, open_migrated};
use crate::provider::{self, KINDS, Kind, ModelInfo, Provider};
use crate::secret::Secret;
use crate::settings::{Settings, mask};
use crate::store::{self, connections::ConnectionRow};
use crate::validate;
use crate::web::{Request, Response, json_body, json_response, no_content, ok_json};
use http::StatusCode;
use serde::Deserialize;
use serde_json::json;

/// How many model ids a successful test shows.
pub const TEST_SAMPLE: usize = 5;

pub async fn list<P: Platform>(p: &P, auth: &Auth) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let caller = caller(&db, auth).await?;
    let settings = Settings::load(p, &db, caller.user_id).await?;
    let all = connections::visible(p, &db, &caller, &settings).await?;
    ok_json(&json!({
        "connections": all.iter().map(|c| c.view(&caller)).collect::<Vec<_>>(),
        "allow_member_connections": caller.members_may_add,
        "can_add": caller.may_add(),
        "kinds": KINDS,
        "allowed_hosts": allowed_hosts(p).await,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewConnection {
    kind: Option<String>,
    name: Option<String>,
    base_url: Option<String>,
    api_key: Option<Secret>,
    scope: Option<String>,
    enabled: Option<bool>,
}

/// A new connection's fields, checked (kind, URL, allowed host, key); the key not yet sealed.
struct Draft {
    kind: Kind,
    name: String,
    base_url: String,
    key: Option<String>,
}

async fn draft<P: Platform>(p: &P, body: &NewConnection) -> ApiResult<Draft> {
    let kind_text = body.kind.as_deref().unwrap_or("");
    let kind = Kind::parse(kind_text).ok_or_else(|| {
        let all: Vec<&str> = KINDS.iter().map(|k| k.kind.as_str()).collect();
        ApiError::BadRequest(format!("`kind` must be one of {}; it is {kind_text:?}.", all.join(", "))).with_code("invalid_kind")
    })?;
    let info = kind.info();
    let base_url = match (body.base_url.as_deref().map(str::trim).filter(|u| !u.is_empty()), info.base_url) {
        (Some(u), _) => validate::base_url(u).map_err(|e| ApiError::BadRequest(e.message()).with_code("invalid_base_url"))?,
        (None, Some(default)) => default.to_owned(),
        (None, None) => {
            return Err(ApiError::BadRequest(
                "An OpenAI-compatible server needs its `base_url`, e.g. http://localhost:11434/v1 for Ollama.".into(),
            )
            .with_code("invalid_base_url"));
        }
    };
    check_host(&allowed_hosts(p).await, &base_url)?;
    let key = match &body.api_key {
        Some(k) if !k.expose().trim().is_empty() => Some(validate::api_key(k.expose())?),
        _ => None,
    };
    if key.is_none() && info.needs_key {
        return Err(ApiError::BadRequest(format!("{} needs an API key: paste it in `api_key`.", info.label)).with_code("api_key_required"));
    }
    let name = match body.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => connection_name(n)?,
        None => info.label.split(" (").next().unwrap_or(info.label).to_owned(),
    };
    Ok(Draft { kind, name, base_url, key })
}

fn connection_name(name: &str) -> ApiResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > connections::MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ApiError::BadRequest(format!(
            "`name` must be 1 to {} characters of text.",
            connections::MAX_NAME_CHARS
        )));
    }
    Ok(name.to_owned())
}

/// `key` sealed for connection `id`; 409 without a master key (nothing is stored then).
async fn seal<P: Platform>(p: &P, id: &str, key: &str) -> ApiResult<(String, String)> {
    let master = Keys::load(p).await.map_err(|m| ApiError::Conflict(m).with_code("encryption_key_invalid"))?;
    match master.seal(&aad(id), key)? {
        Some(sealed) => Ok((sealed, mask(key))),
        None => Err(ApiError::Conflict(
            "Nexus stores API keys only encrypted, and no encryption_key is set. Put one in .env \
             (SPIN_VARIABLE_ENCRYPTION_KEY=… made with `openssl rand -base64 32`) and restart Nexus."
                .into(),
        )
        .with_code("encryption_key_missing")),
    }
}

pub async fn create<P: Platform>(p: &P, auth: &Auth, req: &Request) -> ApiResult<Response> {
    let body: NewConnection = json_body(req)?;
    let db = open_migrated(p).await?;
    let caller = caller(&db, auth).await?;
    let scope = match body.scope.as_deref() {
        None => if caller.admin { Scope::Household } else { Scope::Personal },
        Some("household") => Scope::Household,
        Some("personal") => Scope::Personal,
        Some(other) => return Err(ApiError::BadRequest(format!("`scope` is \"household\" or \"personal\"; it is {other:?}."))),
    };
    if scope == Scope::Household && !caller.admin {
        return Err(ApiError::Forbidden {
            code: "admin_only",
            message: "Only an admin can add a connection for the whole household; add it for yourself (\"scope\": \"personal\").".into(),
        });
    }
    if !caller.may_add() {
        return Err(ApiError::Forbidden {
            code: "member_connections_off",
            message: "An admin has not allowed members to add their own provider connections; ask them to, or to add one for the household.".into(),
        });
    }
    let d = draft(p, &body).await?;
    let id = uuid::Uuid::new_v4().to_string();
    let (sealed_key, key_hint) = match &d.key {
        Some(k) => seal(p, &id, k).await?,
        None => (String::new(), String::new()),
    };
    let row = ConnectionRow {
        id: id.clone(),
        owner_id: (scope == Scope::Personal).then(|| caller.user_id.to_owned()),
        kind: d.kind.as_str().into(),
        name: d.name,
        base_url: d.base_url,
        sealed_key,
        key_hint,
        enabled: body.enabled.unwrap_or(true),
        created_at: String::new(),
    };
    store::connections::insert(&db, &row).await?;
    let c = connections::find(p, &db, &caller, &id).await?;
    Ok(json_response(StatusCode::CREATED, &c.view(&caller)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionPatch {
    name: Option<String>,
    base_url: Option<String>,
    #[serde(default, deserialize_with = "crate::web::double_option")]
    api_key: Option<Option<Secret>>,
    enabled: Option<bool>,
}

/// A stored connection `caller` may edit, as stored; 404 otherwise (also for the server
/// connection, which is changed with `PATCH /api/settings`).
async fn editable_row(db: &impl Db, caller: &Caller<'_>, id: &str) -> ApiResult<ConnectionRow> {
    let id = validate::path_id(id, "connection")?;
    if id == connections::SERVER_ID {
        return Err(ApiError::Conflict(
            "The server connection is changed in Settings (PATCH /api/settings: openrouter_base_url, openrouter_api_key, provider_protocol).".into(),
        ));
    }
    let row = store::connections::get(db, caller.user_id, id).await?.ok_or_else(|| no_such_connection(id))?;
    let c = Connection::from_row(&Err(String::new()), row.clone());
    if !c.editable_by(caller) {
        return Err(if c.scope == Scope::Household { ApiError::admin_only() } else { no_such_connection(id) });
    }
    Ok(row)
}

pub async fn patch<P: Platform>(p: &P, auth: &Auth, id: &str, req: &Request) -> ApiResult<Response> {
    let body: ConnectionPatch = json_body(req)?;
    let db = open_migrated(p).await?;
    let caller = caller(&db, auth).await?;
    let mut row = editable_row(&db, &caller, id).await?;
    if let Some(n) = &body.name {
        row.name = connection_name(n)?;
    }
    if let Some(u) = &body.base_url {
        let u = validate::base_url(u.trim()).map_err(|e| ApiError::BadRequest(e.message()).with_code("invalid_base_url"))?;
        check_host(&allowed_hosts(p).await, &u)?;
        row.base_url = u;
    }
    match &body.api_key {
        Some(Some(k)) if !k.expose().trim().is_empty() => {
            let k = validate::api_key(k.expose())?;
            (row.sealed_key, row.key_hint) = seal(p, &row.id, &k).await?;
        }
        Some(_) => {
            if Kind::parse(&row.kind).is_some_and(|k| k.info().needs_key) {
                return Err(ApiError::BadRequest("This provider needs an API key; paste a new one instead of removing it.".into())
                    .with_code("api_key_required"));
            }
            row.sealed_key.clear();
            row.key_hint.clear();
        }
        None => {}
    }
    if let Some(e) = body.enabled {
        row.enabled = e;
    }
    store::connections::update(&db, caller.user_id, caller.admin, &row).await?;
    ok_json(&connections::find(p, &db, &caller, &row.id).await?.view(&caller))
}

pub async fn delete<P: Platform>(p: &P, auth: &Auth, id: &str) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let caller = caller(&db, auth).await?;
    let row = editable_row(&db, &caller, id).await?;
    if store::connections::delete(&db, caller.user_id, caller.admin, &row.id).await? {
        Ok(no_content())
    } else {
        Err(no_such_connection(&row.id))
    }
}

/// Tests a saved connection (`id`) or, without one, the draft in the body: lists its models.
pub async fn test<P: Platform>(p: &P, auth: &Auth, id: Option<&str>, req: &Request) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let caller = caller(&db, auth).await?;
    let provider = match id {
        Some(id) if validate::path_id(id, "connection")? == connections::SERVER_ID => {
            Settings::load(p, &db, caller.user_id).await?.provider()
        }
        Some(id) => {
            let c = connections::find(p, &db, &caller, id).await?;
            if !c.editable_by(&caller) && !c.usable_by(&caller) {
                return Err(no_such_connection(id));
            }
            c.provider()
        }
        None => {
            let d = draft(p, &json_body::<NewConnection>(req)?).await?;
            Provider::new(d.kind, d.base_url, d.key.map(Secret::new))
        }
    };
    let answer = match fetch_models(p, &provider).await {
        Ok(body) => {
            let models = provider::parse_models(&provider, body.as_bytes()).map_err(ApiError::Internal)?;
            json!({ "ok": true, "models": models.len(), "sample": models.iter().take(TEST_SAMPLE).map(|m| &m.id).collect::<Vec<_>>() })
        }
        Err(error) => json!({ "ok": false, "error": error }),
    };
    ok_json(&answer)
}

fn now_unix() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// One connection's model list as the picker gets it.
struct Listed {
    models: Vec<ModelInfo>,
    fetched_at: i64,
    cached: bool,
    warning: Option<String>,
}

/// The model list of every connection `auth` may use, each from its cache (an hour) or
/// fetched; one that cannot be reached is listed with a warning and no models.
pub async fn models<P: Platform>(p: &P, auth: &Auth, refresh: bool) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let caller = caller(&db, auth).await?;
    let settings = Settings::load(p, &db, caller.user_id).await?;
    let limits = store::household::get_limits(&db, caller.user_id).await?.effective();
    let mut models = Vec::new();
    let mut summaries = Vec::new();
    let (mut newest, mut all_cached, mut first_warning) = (0, true, None);
    for c in connections::visible(p, &db, &caller, &settings).await? {
        // The server connection is listed even without a key (it says why it has no models).
        if !c.usable_by(&caller) || !c.enabled || (c.scope != Scope::Server && !c.ready()) {
            continue;
        }
        let listed = list_models(p, &db, &c, refresh).await?;
        let count = listed.models.iter().filter(|m| limits.allows_model(&m.id)).count();
        newest = newest.max(listed.fetched_at);
        all_cached &= listed.cached;
        if first_warning.is_none() {
            first_warning.clone_from(&listed.warning);
        }
        let mut summary = json!({ "id": c.id, "name": c.name, "kind": c.kind, "count": count, "fetched_at": listed.fetched_at, "cached": listed.cached });
        if let Some(w) = &listed.warning {
            summary["warning"] = json!(w);
        }
        summaries.push(summary);
        for m in listed.models.into_iter().filter(|m| limits.allows_model(&m.id)) {
            let mut v = serde_json::to_value(&m).map_err(anyhow::Error::from)?;
            v["connection_id"] = json!(c.id);
            v["connection_name"] = json!(c.name);
            v["connection_kind"] = json!(c.kind);
            models.push(v);
        }
    }
    // Not one connection answered, and none has a cached list: say why, as a 502.
    if models.is_empty() && !summaries.is_empty() && summaries.iter().all(|s| s.get("warning").is_some() && s["fetched_at"] == 0) {
        return Err(ApiError::BadGateway(first_warning.unwrap_or_default()));
    }
    let mut answer = json!({ "models": models, "connections": summaries, "fetched_at": newest, "cached": all_cached });
    if let Some(w) = first_warning {
        answer["warning"] = json!(w);
    }
    ok_json(&answer)
}

/// Where a connection's model list is cached: keyed by connection and URL, so a changed
/// URL misses the old list.
fn cache_key(c: &Connection) -> String {
    format!("{} {}", c.id, c.provider().base_url)
}

/// Whether `model` on connection `c` takes pictures: as its cached model list says (of
/// any age; a send never waits for a listing), else by the provider and the model's name
/// ([`crate::images::model_takes_images`]).
pub async fn model_takes_images(db: &impl Db, c: &Connection, model: &str) -> ApiResult<bool> {
    let provider = c.provider();
    if let Some((_, body)) = store::get_models_cache(db, &cache_key(c)).await?
        && let Ok(models) = provider::parse_models(&provider, body.as_bytes())
        && let Some(m) = models.iter().find(|m| m.id == model)
    {
        return Ok(m.images);
    }
    Ok(crate::images::model_takes_images(provider.kind, model, None))
}

async fn list_models<P: Platform>(p: &P, db: &impl Db, c: &Connection, refresh: bool) -> ApiResult<Listed> {
    let provider = c.provider();
    let cache_key = cache_key(c);
    let cached = store::get_models_cache(db, &cache_key).await?;
    let now = now_unix();
    let parse = |body: &str| provider::parse_models(&provider, body.as_bytes()).map_err(ApiError::Internal);
    if let Some((fetched_at, body)) = &cached
        && !refresh
        && now - fetched_at < MODELS_CACHE_SECS
    {
        return Ok(Listed { models: parse(body)?, fetched_at: *fetched_at, cached: true, warning: None });
    }
    match fetch_models(p, &provider).await {
        Ok(body) => {
            let models = parse(&body)?;
            store::put_models_cache(db, &cache_key, now, &body).await?;
            let prices: Vec<(String, f64, f64)> = models
                .iter()
                .filter_map(|m| Some((m.id.clone(), m.prompt_price_per_mtok?, m.completion_price_per_mtok?)))
                .collect();
            store::connections::put_prices(db, &c.id, &prices).await?;
            Ok(Listed { models, fetched_at: now, cached: false, warning: None })
        }
        Err(message) => {
            let warning = Some(format!("{}: {message}", c.name));
            match cached {
                Some((fetched_at, body)) => Ok(Listed { models: parse(&body)?, fetched_at, cached: true, warning }),
                None => Ok(Listed { models: Vec::new(), fetched_at: 0, cached: false, warning }),
            }
        }
    }
}

/// The provider's `/models` body, checked to parse; or a sentence saying what failed.
pub async fn fetch_models<P: Platform>(p: &P, provider: &Provider) -> Result<String, String> {
    let base = &provider.base_url;
    let req = provider::models_request(provider).map_err(|e| format!("The provider URL {base:?} is not usable: {e}"))?;
    let resp = p
        .send(req)
        .await
        .map_err(|e| format!("Could not reach the model provider at {base} to list models: {e}"))?;
    let status = resp.status();
    let body = resp
        .into_body()
        .read_to_end(MAX_MODELS_BODY_BYTES)
        .await
        .map_err(|e| format!("The model list from {base} was cut off: {e}"))?;
    if !status.is_success() {
        return Err(provider::describe_http_error_for(provider, status.as_u16(), &body));
    }
    provider::parse_models(provider, &body)
        .map_err(|e| format!("The model list from {base} is not in the {} format: {e}", provider.protocol().as_str()))?;
    String::from_utf8(body).map_err(|_| format!("The model list from {base} is not UTF-8."))
}

/// Re-encrypts every stored connection key under the current master key (part of
/// `settings::rewrap_stored_keys`).
pub async fn rewrap_keys(keys: &Keys, db: &impl Db) -> anyhow::Result<()> {
    for (id, sealed) in store::connections::sealed_keys(db).await? {
        if let Some(resealed) = keys.rewrap(&aad(&id), &sealed)? {
            store::connections::set_sealed_key(db, &id, &resealed).await?;
        }
    }
    Ok(())
}
