//! `accounts` component: first-run setup, sign-in and sign-out, sessions, the profile
//! (password, API tokens), and the admin's user management.

use super::routes::{Access, Route};
use super::{Call, not_found};
use crate::auth::{self, Auth, Credential, Role, password, token};
use crate::error::{ApiError, ApiResult};
use crate::platform::{Platform, open_migrated};
use crate::secret::Secret;
use crate::platform::{VAR_GUEST_RATE_LIMIT, VAR_RECOVERY_TOKEN};
use crate::store::accounts as q;
use crate::throttle::{self, LOGIN_FAILURES_PER_ADDRESS, LOGIN_FAILURES_PER_USER};
use crate::web::{Request, Response, json_body, json_response, no_content, ok_json};
use http::{HeaderValue, Method, StatusCode, header};
use serde::Deserialize;
use serde_json::json;

/// Longest username, in characters.
pub const MAX_USERNAME_CHARS: usize = 32;
/// Longest API token name, in characters.
pub const MAX_TOKEN_NAME_CHARS: usize = 100;
/// Longest user agent kept with a session, in characters.
pub const MAX_USER_AGENT_CHARS: usize = 300;

/// The routes of the `accounts` component.
pub static ROUTES: &[Route] = &[
    Route::new(Method::GET, "/api/auth/status", Access::Public, "status"),
    Route::new(Method::POST, "/api/auth/setup", Access::Public, "setup"),
    Route::new(Method::POST, "/api/auth/login", Access::Public, "login"),
    Route::new(Method::POST, "/api/auth/recover", Access::Public, "recover"),
    Route::new(Method::POST, "/api/auth/logout", Access::User, "logout"),
    Route::new(Method::GET, "/api/auth/sessions", Access::User, "sessions"),
    Route::new(Method::POST, "/api/auth/sessions/revoke-others", Access::User, "revoke_others"),
    Route::new(Method::DELETE, "/api/auth/sessions/{id}", Access::User, "revoke_session"),
    Route::new(Method::GET, "/api/users/me", Access::User, "me"),
    Route::new(Method::POST, "/api/users/me/password", Access::User, "change_password"),
    Route::new(Method::GET, "/api/users/me/tokens", Access::User, "tokens"),
    Route::new(Method::POST, "/api/users/me/tokens", Access::User, "create_token"),
    Route::new(Method::DELETE, "/api/users/me/tokens/{id}", Access::User, "revoke_token"),
    Route::new(Method::GET, "/api/admin/users", Access::Admin, "list_users"),
    Route::new(Method::POST, "/api/admin/users", Access::Admin, "create_user"),
    Route::new(Method::PATCH, "/api/admin/users/{id}", Access::Admin, "update_user"),
    Route::new(Method::DELETE, "/api/admin/users/{id}", Access::Admin, "delete_user"),
];

pub async fn dispatch<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let req = &call.req;
    match call.matched.route.name {
        "status" => status(p, req).await,
        "setup" => setup(p, req).await,
        "login" => login(p, req).await,
        "recover" => recover(p, req).await,
        name => {
            let auth = call.auth()?;
            let id = call.param(0);
            match name {
                "logout" => logout(p, auth, req).await,
                "sessions" => sessions(p, auth).await,
                "revoke_others" => revoke_others(p, auth).await,
                "revoke_session" => revoke_session(p, auth, id, req).await,
                "me" => ok_json(&json!({ "user": auth.user })),
                "change_password" => change_password(p, auth, req).await,
                "tokens" => tokens(p, auth).await,
                "create_token" => create_token(p, auth, req).await,
                "revoke_token" => revoke_token(p, auth, id).await,
                "list_users" => list_users(p).await,
                "create_user" => create_user(p, req).await,
                "update_user" => update_user(p, auth, id, req).await,
                "delete_user" => delete_user(p, auth, id).await,
                _ => Err(not_found()),
            }
        }
    }
}

// ---------- validation ----------

/// 1 to [`MAX_USERNAME_CHARS`] letters, digits, `.`, `_` or `-`.
pub fn validate_username(name: &str) -> ApiResult<String> {
    let name = name.trim();
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_USERNAME_CHARS
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(name.to_owned())
    } else {
        Err(ApiError::BadRequest(format!(
            "A username is 1 to {MAX_USERNAME_CHARS} letters, digits, dots, underscores or hyphens."
        )))
    }
}

/// At least [`password::MIN_PASSWORD_CHARS`] characters, at most
/// [`password::MAX_PASSWORD_BYTES`] bytes.
pub fn validate_password(pw: &str) -> ApiResult<()> {
    if pw.chars().count() < password::MIN_PASSWORD_CHARS {
        return Err(ApiError::BadRequest(format!(
            "Choose a password of at least {} characters.",
            password::MIN_PASSWORD_CHARS
        )));
    }
    if pw.len() > password::MAX_PASSWORD_BYTES {
        return Err(ApiError::BadRequest(format!("A password can be at most {} bytes long.", password::MAX_PASSWORD_BYTES)));
    }
    Ok(())
}

/// Counts an unauthenticated request that does work (sign-in, setup) against its
/// client address: 429 `rate_limited` past the `guest_rate_limit` window.
async fn guest_limit<P: Platform>(p: &P, req: &Request) -> ApiResult<()> {
    let window = p.variable(VAR_GUEST_RATE_LIMIT).await.and_then(|v| throttle::Window::parse(&v)).unwrap_or(throttle::GUEST_DEFAULT);
    match throttle::hit(p, &format!("guest:{}", throttle::client_ip(req)), window).await? {
        None => Ok(()),
        Some(wait) => Err(ApiError::TooManyRequests {
            code: "rate_limited",
            message: format!("Too many sign-in requests from this device; try again in {}.", human_wait(wait)),
            retry_after: wait.max(1),
        }),
    }
}

/// "42 seconds", "3 minutes".
fn human_wait(secs: u64) -> String {
    match secs {
        0..=1 => "a second".into(),
        2..=90 => format!("{secs} seconds"),
        _ => format!("{} minutes", secs.div_ceil(60)),
    }
}

fn too_many_attempts(wait: u64) -> ApiError {
    ApiError::TooManyRequests {
        code: "too_many_attempts",
        message: format!("Too many wrong passwords; try again in {}.", human_wait(wait)),
        retry_after: wait.max(1),
    }
}

fn bad_credentials() -> ApiError {
    ApiError::Unauthorized { code: "bad_credentials", message: "The username or the password is wrong.".into() }
}

// ---------- sign-in ----------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    username: String,
    password: Secret,
}

async fn status<P: Platform>(p: &P, req: &Request) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let setup_required = q::setup_required(&db).await?;
    let user = auth::authenticate(&db, req).await?.map(|a| a.user);
    ok_json(&json!({ "setup_required": setup_required, "user": user }))
}

/// A new session for `user`: stored (its token's digest), answered with the cookie.
async fn signed_in(db: &impl crate::db::Db, req: &Request, user: &auth::User, status: StatusCode) -> ApiResult<Response> {
    let (token, digest) = token::new_token();
    let id = uuid::Uuid::new_v4().to_string();
    let agent: String = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(MAX_USER_AGENT_CHARS)
        .collect();
    q::insert_session(db, &id, &digest, &user.id, &agent).await?;
    let mut resp = json_response(status, &json!({ "user": user }));
    set_cookie(&mut resp, &auth::session_cookie(req, &token));
    Ok(resp)
}

fn set_cookie(resp: &mut Response, cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
}

async fn setup<P: Platform>(p: &P, req: &Request) -> ApiResult<Response> {
    guest_limit(p, req).await?;
    let body: Credentials = json_body(req)?;
    let username = validate_username(&body.username)?;
    validate_password(body.password.expose())?;
    let db = open_migrated(p).await?;
    let taken = || ApiError::Conflict("This Nexus already has an admin account; sign in instead.".into()).with_code("already_set_up");
    if !q::setup_required(&db).await? {
        return Err(taken());
    }
    let hash = password::hash(body.password.expose())?;
    let id = uuid::Uuid::new_v4().to_string();
    if !q::create_first_admin(&db, &id, &username, &hash).await? {
        return Err(taken());
    }
    let user = q::credentials_by_id(&db, &id).await?.ok_or_else(|| anyhow::anyhow!("the admin just made is gone"))?.user;
    signed_in(&db, req, &user, StatusCode::CREATED).await
}

async fn login<P: Platform>(p: &P, req: &Request) -> ApiResult<Response> {
    guest_limit(p, req).await?;
    let body: Credentials = json_body(req)?;
    if body.username.trim().is_empty() || body.password.expose().is_empty() {
        return Err(ApiError::BadRequest("Enter your username and your password.".into()));
    }
    // Guessing is throttled per username and per client address, before any work.
    let user_key = format!("login-failures:user:{}", body.username.trim().to_lowercase());
    let ip_key = format!("login-failures:ip:{}", throttle::client_ip(req));
    let wait = throttle::blocked(p, &user_key, LOGIN_FAILURES_PER_USER).await?.max(throttle::blocked(p, &ip_key, LOGIN_FAILURES_PER_ADDRESS).await?);
    if let Some(wait) = wait {
        return Err(too_many_attempts(wait));
    }
    let db = open_migrated(p).await?;
    let found = q::credentials_by_username(&db, body.username.trim()).await?;
    // The same work (one argon2 verification) for an unknown user as for a wrong password.
    let long = body.password.expose().len() > password::MAX_PASSWORD_BYTES;
    if long || !password::verify(body.password.expose(), found.as_ref().map(|c| c.password_hash.as_str())) {
        let by_user = throttle::hit(p, &user_key, LOGIN_FAILURES_PER_USER).await?;
        let by_ip = throttle::hit(p, &ip_key, LOGIN_FAILURES_PER_ADDRESS).await?;
        if let Some(wait) = by_user.max(by_ip) {
            return Err(too_many_attempts(wait));
        }
        return Err(bad_credentials());
    }
    throttle::clear(p, &user_key).await?;
    let found = found.ok_or_else(bad_credentials)?;
    if found.disabled {
        return Err(ApiError::Forbidden {
            code: "account_disabled",
            message: "This account is disabled. Ask an admin of this Nexus to enable it.".into(),
        });
    }
    signed_in(&db, req, &found.user, StatusCode::OK).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Recovery {
    token: Secret,
    username: String,
    new_password: Secret,
}

/// Shortest `recovery_token` accepted, in characters.
pub const MIN_RECOVERY_TOKEN_CHARS: usize = 16;

/// Resets a forgotten password from the command line: whoever can set the
/// `recovery_token` variable on the server (and restart it) can reset any account's
/// password with it and signs that account out everywhere. Off while the variable is
/// unset (README: "Forgot the admin password").
async fn recover<P: Platform>(p: &P, req: &Request) -> ApiResult<Response> {
    guest_limit(p, req).await?;
    let body: Recovery = json_body(req)?;
    let Some(expected) = p.variable(VAR_RECOVERY_TOKEN).await.filter(|t| t.trim().chars().count() >= MIN_RECOVERY_TOKEN_CHARS) else {
        return Err(ApiError::Forbidden {
            code: "recovery_disabled",
            message: format!(
                "Password recovery is off. Set the recovery_token variable (at least {MIN_RECOVERY_TOKEN_CHARS} characters) on the server, restart it, and try again."
            ),
        });
    };
    // Compared as SHA-256 digests, every byte, so the time taken says nothing about the token.
    let (a, b) = (token::digest(expected.trim()), token::digest(body.token.expose().trim()));
    if a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) != 0 {
        return Err(ApiError::Forbidden { code: "bad_recovery_token", message: "That is not the server's recovery_token.".into() });
    }
    validate_password(body.new_password.expose())?;
    let db = open_migrated(p).await?;
    let found = q::credentials_by_username(&db, body.username.trim()).await?.ok_or_else(|| no_such_user(body.username.trim()))?;
    let hash = password::hash(body.new_password.expose())?;
    q::set_password(&db, &found.user.id, &hash).await?;
    q::set_disabled(&db, &found.user.id, false).await?;
    q::delete_other_sessions(&db, &found.user.id, None).await?;
    ok_json(&json!({ "user": found.user, "password_reset": true }))
}

async fn logout<P: Platform>(p: &P, auth: &Auth, req: &Request) -> ApiResult<Response> {
    if let Credential::Session { id } = &auth.credential {
        let db = open_migrated(p).await?;
        q::delete_session(&db, auth.user_id(), id).await?;
    }
    let mut resp = no_content();
    set_cookie(&mut resp, &auth::clear_cookie(req));
    Ok(resp)
}

fn current_session(auth: &Auth) -> Option<&str> {
    match &auth.credential {
        Credential::Session { id } => Some(id),
        Credential::ApiToken { .. } => None,
    }
}

async fn sessions<P: Platform>(p: &P, auth: &Auth) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let current = current_session(auth);
    let list: Vec<serde_json::Value> = q::list_sessions(&db, auth.user_id())
        .await?
        .into_iter()
        .map(|s| {
            let mut v = serde_json::to_value(&s).unwrap_or_default();
            v["current"] = json!(Some(s.id.as_str()) == current);
            v
        })
        .collect();
    ok_json(&json!({ "sessions": list }))
}

async fn revoke_others<P: Platform>(p: &P, auth: &Auth) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let revoked = q::delete_other_sessions(&db, auth.user_id(), current_session(auth)).await?;
    ok_json(&json!({ "revoked": revoked }))
}

async fn revoke_session<P: Platform>(p: &P, auth: &Auth, id: &str, req: &Request) -> ApiResult<Response> {
    let id = crate::validate::path_id(id, "session")?;
    let db = open_migrated(p).await?;
    if !q::delete_session(&db, auth.user_id(), id).await? {
        return Err(ApiError::NotFound(format!("You have no session with the id {id:?}.")));
    }
    let mut resp = no_content();
    if current_session(auth) == Some(id) {
        set_cookie(&mut resp, &auth::clear_cookie(req));
    }
    Ok(resp)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PasswordChange {
    current_password: Secret,
    new_password: Secret,
}

async fn change_password<P: Platform>(p: &P, auth: &Auth, req: &Request) -> ApiResult<Response> {
    let body: PasswordChange = json_body(req)?;
    validate_password(body.new_password.expose())?;
    let db = open_migrated(p).await?;
    let stored = q::credentials_by_id(&db, auth.user_id()).await?;
    if !password::verify(body.current_password.expose(), stored.as_ref().map(|c| c.password_hash.as_str())) {
        return Err(ApiError::Forbidden { code: "wrong_password", message: "The current password is wrong.".into() });
    }
    let hash = password::hash(body.new_password.expose())?;
    q::set_password(&db, auth.user_id(), &hash).await?;
    // Whoever else had this account's sessions is signed out; this device stays.
    q::delete_other_sessions(&db, auth.user_id(), current_session(auth)).await?;
    Ok(no_content())
}

// ---------- API tokens ----------

async fn tokens<P: Platform>(p: &P, auth: &Auth) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    ok_json(&json!({ "tokens": q::list_api_tokens(&db, auth.user_id()).await? }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenBody {
    name: Option<String>,
}

async fn create_token<P: Platform>(p: &P, auth: &Auth, req: &Request) -> ApiResult<Response> {
    let body: TokenBody = json_body(req)?;
    let name = body.name.as_deref().map(str::trim).unwrap_or("");
    if name.is_empty() || name.chars().count() > MAX_TOKEN_NAME_CHARS {
        return Err(ApiError::BadRequest(format!(
            "Give the token a name of 1 to {MAX_TOKEN_NAME_CHARS} characters (what uses it, e.g. \"backup script\")."
        )));
    }
    let db = open_migrated(p).await?;
    let (secret, digest) = token::new_token();
    let id = uuid::Uuid::new_v4().to_string();
    let info = q::insert_api_token(&db, auth.user_id(), &id, &digest, name).await?;
    let mut v = serde_json::to_value(&info).map_err(anyhow::Error::from)?;
    // Shown once: only the digest is kept.
    v["token"] = json!(format!("{}{}", token::API_TOKEN_PREFIX, secret.expose()));
    Ok(json_response(StatusCode::CREATED, &v))
}

async fn revoke_token<P: Platform>(p: &P, auth: &Auth, id: &str) -> ApiResult<Response> {
    let id = crate::validate::path_id(id, "token")?;
    let db = open_migrated(p).await?;
    if q::delete_api_token(&db, auth.user_id(), id).await? {
        Ok(no_content())
    } else {
        Err(ApiError::NotFound(format!("You have no API token with the id {id:?}.")))
    }
}

// ---------- administration ----------

fn no_such_user(id: &str) -> ApiError {
    ApiError::NotFound(format!("No user has the id {id:?}."))
}

async fn list_users<P: Platform>(p: &P) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    ok_json(&json!({ "users": q::list_users(&db).await? }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUser {
    username: String,
    password: Secret,
    role: Option<String>,
}

fn parse_role(r: &str) -> ApiResult<Role> {
    Role::parse(r).ok_or_else(|| ApiError::BadRequest("`role` is \"admin\" or \"member\".".into()))
}

async fn create_user<P: Platform>(p: &P, req: &Request) -> ApiResult<Response> {
    let body: NewUser = json_body(req)?;
    let username = validate_username(&body.username)?;
    validate_password(body.password.expose())?;
    let role = body.role.as_deref().map(parse_role).transpose()?.unwrap_or(Role::Member);
    let db = open_migrated(p).await?;
    let hash = password::hash(body.password.expose())?;
    let id = uuid::Uuid::new_v4().to_string();
    if !q::create_user(&db, &id, &username, &hash, role).await? {
        return Err(ApiError::Conflict(format!("The username {username:?} is taken; choose another.")).with_code("username_taken"));
    }
    let user = q::credentials_by_id(&db, &id).await?.ok_or_else(|| no_such_user(&id))?.user;
    Ok(json_response(StatusCode::CREATED, &json!({ "user": user })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserPatch {
    role: Option<String>,
    disabled: Option<bool>,
    password: Option<Secret>,
}

fn last_admin() -> ApiError {
    ApiError::Conflict("This is the last admin who can sign in; make someone else an admin first.".into()).with_code("last_admin")
}

async fn update_user<P: Platform>(p: &P, auth: &Auth, id: &str, req: &Request) -> ApiResult<Response> {
    let id = crate::validate::path_id(id, "user")?;
    let body: UserPatch = json_body(req)?;
    let role = body.role.as_deref().map(parse_role).transpose()?;
    if let Some(pw) = &body.password {
        validate_password(pw.expose())?;
    }
    let db = open_migrated(p).await?;
    let target = q::user_summary(&db, id).await?.ok_or_else(|| no_such_user(id))?;
    let loses_admin = target.role == Role::Admin
        && !target.disabled
        && (role == Some(Role::Member) || body.disabled == Some(true));
    if loses_admin && q::other_active_admins(&db, id).await? == 0 {
        return Err(last_admin());
    }
    let hash = body.password.as_ref().map(|pw| password::hash(pw.expose())).transpose()?;
    if let Some(r) = role {
        q::set_role(&db, id, r).await?;
    }
    if let Some(d) = body.disabled {
        q::set_disabled(&db, id, d).await?;
    }
    if let Some(h) = &hash {
        q::set_password(&db, id, h).await?;
    }
    // A reset password or a disabled account signs that person out everywhere (the
    // admin's own current session stays if they reset their own password).
    if hash.is_some() || body.disabled == Some(true) {
        let keep = if id == auth.user_id() { current_session(auth) } else { None };
        q::delete_other_sessions(&db, id, keep).await?;
    }
    ok_json(&json!({ "user": q::user_summary(&db, id).await?.ok_or_else(|| no_such_user(id))? }))
}

async fn delete_user<P: Platform>(p: &P, auth: &Auth, id: &str) -> ApiResult<Response> {
    let id = crate::validate::path_id(id, "user")?;
    if id == auth.user_id() {
        return Err(ApiError::Conflict("You cannot delete your own account; another admin can.".into()).with_code("cannot_delete_self"));
    }
    let db = open_migrated(p).await?;
    if q::delete_user(&db, id).await? { Ok(no_content()) } else { Err(no_such_user(id)) }
}
