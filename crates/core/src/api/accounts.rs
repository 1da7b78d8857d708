//! `accounts` component: first-run setup, sign-in and sign-out, sessions, the profile
//! (password, API tokens), and the admin's user management.

use super::routes::{Access, Route};
use super::{Call, not_found};
use crate::auth::{self, Auth, Credential, Role, password, token};
use crate::error::{ApiError, ApiResult};
use crate::platform::{Platform, open_migrated};
use crate::secret::Secret;
use crate::platform::{VAR_GUEST_RATE_LIMIT, VAR_RECOVERY_TOKEN};
use crate::household::{ABOUT_ME_KEY, LANGUAGE_KEY, LANGUAGES, MAX_ABOUT_ME_CHARS, MAX_CONTEXT_CHARS};
use crate::store::accounts as q;
use crate::store::household::{self as h, Limits};
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
    Route::new(Method::POST, "/api/auth/register", Access::Public, "register"),
    Route::new(Method::POST, "/api/auth/logout", Access::User, "logout"),
    Route::new(Method::GET, "/api/auth/sessions", Access::User, "sessions"),
    Route::new(Method::POST, "/api/auth/sessions/revoke-others", Access::User, "revoke_others"),
    Route::new(Method::DELETE, "/api/auth/sessions/{id}", Access::User, "revoke_session"),
    Route::new(Method::GET, "/api/users/me", Access::User, "me"),
    Route::new(Method::POST, "/api/users/me/password", Access::User, "change_password"),
    Route::new(Method::GET, "/api/users/me/tokens", Access::User, "tokens"),
    Route::new(Method::POST, "/api/users/me/tokens", Access::User, "create_token"),
    Route::new(Method::DELETE, "/api/users/me/tokens/{id}", Access::User, "revoke_token"),
    Route::new(Method::GET, "/api/users/me/limits", Access::User, "my_limits"),
    Route::new(Method::GET, "/api/users/me/usage", Access::User, "my_usage"),
    Route::new(Method::GET, "/api/users/me/profile", Access::User, "profile"),
    Route::new(Method::PATCH, "/api/users/me/profile", Access::User, "patch_profile"),
    Route::new(Method::GET, "/api/admin/users", Access::Admin, "list_users"),
    Route::new(Method::POST, "/api/admin/users", Access::Admin, "create_user"),
    Route::new(Method::PATCH, "/api/admin/users/{id}", Access::Admin, "update_user"),
    Route::new(Method::DELETE, "/api/admin/users/{id}", Access::Admin, "delete_user"),
    Route::new(Method::GET, "/api/admin/users/{id}/limits", Access::Admin, "user_limits"),
    Route::new(Method::PUT, "/api/admin/users/{id}/limits", Access::Admin, "put_user_limits"),
    Route::new(Method::GET, "/api/admin/users/{id}/usage", Access::Admin, "user_usage"),
    Route::new(Method::GET, "/api/admin/context", Access::Admin, "context"),
    Route::new(Method::POST, "/api/admin/context", Access::Admin, "save_context"),
    Route::new(Method::POST, "/api/admin/context/{id}/restore", Access::Admin, "restore_context"),
    Route::new(Method::GET, "/api/admin/registration", Access::Admin, "registration"),
    Route::new(Method::PUT, "/api/admin/registration", Access::Admin, "put_registration"),
    Route::new(Method::GET, "/api/admin/invites", Access::Admin, "invites"),
    Route::new(Method::POST, "/api/admin/invites", Access::Admin, "create_invite"),
    Route::new(Method::DELETE, "/api/admin/invites/{id}", Access::Admin, "delete_invite"),
];

pub async fn dispatch<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let req = &call.req;
    match call.matched.route.name {
        "status" => status(p, req).await,
        "setup" => setup(p, req).await,
        "login" => login(p, req).await,
        "recover" => recover(p, req).await,
        "register" => register(p, req).await,
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
                "my_limits" => my_limits(p, auth).await,
                "my_usage" => usage_report(p, auth.user_id(), req).await,
                "profile" => profile(p, auth).await,
                "patch_profile" => patch_profile(p, auth, req).await,
                "user_limits" => user_limits(p, id).await,
                "put_user_limits" => put_user_limits(p, id, req).await,
                "user_usage" => {
                    let id = crate::validate::path_id(id, "user")?;
                    let db = open_migrated(p).await?;
                    q::user_summary(&db, id).await?.ok_or_else(|| no_such_user(id))?;
                    usage_report(p, id, req).await
                }
                "context" => context(p).await,
                "save_context" => save_context(p, auth, req).await,
                "restore_context" => restore_context(p, auth, id).await,
                "registration" => registration(p).await,
                "put_registration" => put_registration(p, req).await,
                "invites" => invites(p).await,
                "create_invite" => create_invite(p, auth, req).await,
                "delete_invite" => delete_invite(p, id).await,
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
    let registration = h::registration(&db).await?;
    ok_json(&json!({ "setup_required": setup_required, "user": user, "registration": registration }))
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

// ---------- sign-up ----------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignUp {
    username: String,
    password: Secret,
    invite: Option<Secret>,
}

/// A new member joins: with a single-use invite (registration `invite` or `open`), or
/// without one while registration is `open`.
async fn register<P: Platform>(p: &P, req: &Request) -> ApiResult<Response> {
    guest_limit(p, req).await?;
    let body: SignUp = json_body(req)?;
    let db = open_migrated(p).await?;
    let mode = h::registration(&db).await?;
    let invite = body.invite.as_ref().map(|t| token::digest(t.expose().trim()));
    let allowed = match mode.as_str() {
        "open" => true,
        "invite" => invite.is_some(),
        _ => false,
    };
    if !allowed {
        return Err(ApiError::Forbidden {
            code: "registration_closed",
            message: if mode == "invite" {
                "This Nexus takes new accounts by invitation only; ask an admin for an invite link.".into()
            } else {
                "This Nexus does not take new accounts; ask an admin to create one for you.".into()
            },
        });
    }
    let username = validate_username(&body.username)?;
    validate_password(body.password.expose())?;
    let hash = password::hash(body.password.expose())?;
    let id = uuid::Uuid::new_v4().to_string();
    match q::sign_up(&db, &id, &username, &hash, invite.as_deref()).await? {
        Ok(()) => {}
        Err(q::SignUpRefused::UsernameTaken) => {
            return Err(ApiError::Conflict(format!("The username {username:?} is taken; choose another.")).with_code("username_taken"));
        }
        Err(q::SignUpRefused::BadInvite) => {
            return Err(ApiError::Forbidden {
                code: "invalid_invite",
                message: "This invite link is not valid: it was used already, has expired, or was revoked. Ask an admin for a new one.".into(),
            });
        }
    }
    let user = q::credentials_by_id(&db, &id).await?.ok_or_else(|| no_such_user(&id))?.user;
    signed_in(&db, req, &user, StatusCode::CREATED).await
}

// ---------- limits ----------

async fn my_limits<P: Platform>(p: &P, auth: &Auth) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let limits = h::get_limits(&db, auth.user_id()).await?.effective();
    let usage = h::usage(&db, auth.user_id()).await?;
    let requests = match limits.requests_per_window {
        Some(_) => throttle::count(p, &format!("requests:{}", auth.user_id())).await?,
        None => 0,
    };
    ok_json(&json!({
        "limits": limits,
        "usage": { "active_chats": usage.active_chats, "tokens_this_month": usage.tokens_this_month, "requests_in_window": requests },
    }))
}

/// A person's usage in a month (`?month=YYYY-MM`, default this UTC month): by day, by
/// model, the totals and their monthly token budget.
async fn usage_report<P: Platform>(p: &P, user: &str, req: &Request) -> ApiResult<Response> {
    let month = match crate::web::query_param(req, "month") {
        Some(m) => valid_month(m)?,
        None => this_month(),
    };
    let db = open_migrated(p).await?;
    let (days, models) = crate::store::connections::month(&db, user, &month).await?;
    let mut total = crate::store::connections::UsageTotals::default();
    for d in &days {
        total.prompt_tokens += d.totals.prompt_tokens;
        total.completion_tokens += d.totals.completion_tokens;
        if let Some(c) = d.totals.cost {
            total.cost = Some(total.cost.unwrap_or(0.0) + c);
        }
        total.cost_estimated |= d.totals.cost_estimated;
        total.replies += d.totals.replies;
    }
    total.cost = total.cost.map(|c| (c * 1e9).round() / 1e9);
    let limits = h::get_limits(&db, user).await?.effective();
    let used = if month == this_month() { h::usage(&db, user).await?.tokens_this_month } else { total.prompt_tokens + total.completion_tokens };
    let mut total_json = serde_json::to_value(&total).map_err(anyhow::Error::from)?;
    total_json["tokens"] = json!(total.prompt_tokens + total.completion_tokens);
    ok_json(&json!({
        "month": month,
        "days": days,
        "models": models,
        "total": total_json,
        "budget": { "monthly_token_budget": limits.monthly_token_budget, "used": used },
    }))
}

fn valid_month(m: &str) -> ApiResult<String> {
    let ok = m.len() == 7
        && m.as_bytes()[4] == b'-'
        && m[..4].bytes().all(|b| b.is_ascii_digit())
        && m[5..].parse::<u32>().is_ok_and(|n| (1..=12).contains(&n));
    if ok {
        Ok(m.to_owned())
    } else {
        Err(ApiError::BadRequest(format!("`month` must look like 2026-11 (year-month); it is {m:?}.")).with_code("invalid_month"))
    }
}

/// The current UTC month, `YYYY-MM`.
fn this_month() -> String {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() / 86_400).unwrap_or(0) as i64;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}")
}

async fn user_limits<P: Platform>(p: &P, id: &str) -> ApiResult<Response> {
    let id = crate::validate::path_id(id, "user")?;
    let db = open_migrated(p).await?;
    q::user_summary(&db, id).await?.ok_or_else(|| no_such_user(id))?;
    ok_json(&json!({ "limits": h::get_limits(&db, id).await?, "defaults": h::defaults() }))
}

/// Longest request window, in seconds (31 days).
pub const MAX_WINDOW_SECS: u64 = 31 * 86400;

fn validate_limits(l: &Limits) -> ApiResult<()> {
    let bad = |m: &str| Err(ApiError::BadRequest(m.into()));
    if l.max_chats.is_some_and(|n| n < 1) {
        return bad("`max_chats` is at least 1 (or null for the default).");
    }
    if let Some(w) = l.requests_per_window
        && (w.requests < 1 || w.seconds < 1 || w.seconds > MAX_WINDOW_SECS)
    {
        return bad("`requests_per_window` is {\"requests\": 1 or more, \"seconds\": 1 to 2678400} (or null).");
    }
    if l.monthly_token_budget.is_some_and(|n| n < 0) {
        return bad("`monthly_token_budget` is 0 or more tokens (or null for none).");
    }
    if let Some(models) = &l.allowed_models {
        if models.is_empty() {
            return bad("`allowed_models` lists at least one model (or is null for every model).");
        }
        for m in models {
            crate::validate::model_id(m)?;
        }
    }
    Ok(())
}

async fn put_user_limits<P: Platform>(p: &P, id: &str, req: &Request) -> ApiResult<Response> {
    let id = crate::validate::path_id(id, "user")?;
    let limits: Limits = json_body(req)?;
    validate_limits(&limits)?;
    let db = open_migrated(p).await?;
    q::user_summary(&db, id).await?.ok_or_else(|| no_such_user(id))?;
    h::put_limits(&db, id, &limits).await?;
    ok_json(&json!({ "limits": h::get_limits(&db, id).await?, "defaults": h::defaults() }))
}

// ---------- profile ----------

async fn profile<P: Platform>(p: &P, auth: &Auth) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let mut prefs = crate::store::settings_for(&db, auth.user_id()).await?;
    ok_json(&json!({
        "about_me": prefs.remove(ABOUT_ME_KEY).unwrap_or_default(),
        "language": prefs.remove(LANGUAGE_KEY).unwrap_or_default(),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfilePatch {
    about_me: Option<String>,
    language: Option<String>,
}

async fn patch_profile<P: Platform>(p: &P, auth: &Auth, req: &Request) -> ApiResult<Response> {
    let body: ProfilePatch = json_body(req)?;
    if body.about_me.as_ref().is_some_and(|a| a.chars().count() > MAX_ABOUT_ME_CHARS) {
        return Err(ApiError::PayloadTooLarge(format!("\"About me\" can be at most {MAX_ABOUT_ME_CHARS} characters.")));
    }
    if body.language.as_deref().is_some_and(|l| !LANGUAGES.contains(&l)) {
        return Err(ApiError::BadRequest("`language` is \"en\", \"ru\" or \"\" (the browser's).".into()));
    }
    let db = open_migrated(p).await?;
    if let Some(a) = &body.about_me {
        crate::store::set_preference(&db, auth.user_id(), ABOUT_ME_KEY, a.trim()).await?;
    }
    if let Some(l) = &body.language {
        crate::store::set_preference(&db, auth.user_id(), LANGUAGE_KEY, l).await?;
    }
    profile(p, auth).await
}

// ---------- household context ----------

/// Versions listed with the current one.
pub const CONTEXT_VERSIONS_LISTED: i64 = 100;

async fn context<P: Platform>(p: &P) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let versions = h::list_versions(&db, CONTEXT_VERSIONS_LISTED).await?;
    ok_json(&json!({ "current": versions.first(), "versions": versions }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextBody {
    content: String,
}

async fn save_context<P: Platform>(p: &P, auth: &Auth, req: &Request) -> ApiResult<Response> {
    let body: ContextBody = json_body(req)?;
    if body.content.chars().count() > MAX_CONTEXT_CHARS {
        return Err(ApiError::PayloadTooLarge(format!("The household context can be at most {MAX_CONTEXT_CHARS} characters.")));
    }
    let db = open_migrated(p).await?;
    let v = h::insert_version(&db, &uuid::Uuid::new_v4().to_string(), body.content.trim(), auth.user_id()).await?;
    Ok(json_response(StatusCode::CREATED, &json!({ "version": v })))
}

async fn restore_context<P: Platform>(p: &P, auth: &Auth, id: &str) -> ApiResult<Response> {
    let id = crate::validate::path_id(id, "version")?;
    let db = open_migrated(p).await?;
    let old = h::get_version(&db, id).await?.ok_or_else(|| ApiError::NotFound(format!("No version of the household context has the id {id:?}.")))?;
    let v = h::insert_version(&db, &uuid::Uuid::new_v4().to_string(), &old.content, auth.user_id()).await?;
    Ok(json_response(StatusCode::CREATED, &json!({ "version": v })))
}

// ---------- registration and invites ----------

async fn registration<P: Platform>(p: &P) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    ok_json(&json!({ "mode": h::registration(&db).await? }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistrationBody {
    mode: String,
}

async fn put_registration<P: Platform>(p: &P, req: &Request) -> ApiResult<Response> {
    let body: RegistrationBody = json_body(req)?;
    if !h::REGISTRATION_MODES.contains(&body.mode.as_str()) {
        return Err(ApiError::BadRequest("`mode` is \"closed\", \"invite\" or \"open\".".into()));
    }
    let db = open_migrated(p).await?;
    crate::store::set_config(&db, h::REGISTRATION_KEY, &body.mode).await?;
    registration(p).await
}

async fn invites<P: Platform>(p: &P) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    ok_json(&json!({ "invites": h::list_invites(&db).await? }))
}

/// How long an invite is valid unless the admin says otherwise, and at most, in hours.
pub const INVITE_DEFAULT_HOURS: i64 = 72;
pub const INVITE_MAX_HOURS: i64 = 720;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct InviteBody {
    expires_in_hours: Option<i64>,
}

async fn create_invite<P: Platform>(p: &P, auth: &Auth, req: &Request) -> ApiResult<Response> {
    let body: InviteBody = json_body(req)?;
    let hours = body.expires_in_hours.unwrap_or(INVITE_DEFAULT_HOURS);
    if !(1..=INVITE_MAX_HOURS).contains(&hours) {
        return Err(ApiError::BadRequest(format!("`expires_in_hours` is 1 to {INVITE_MAX_HOURS}.")));
    }
    let db = open_migrated(p).await?;
    let (secret, digest) = token::new_token();
    let invite = h::insert_invite(&db, &uuid::Uuid::new_v4().to_string(), &digest, auth.user_id(), hours).await?;
    Ok(json_response(
        StatusCode::CREATED,
        &json!({ "invite": invite, "token": secret.expose(), "path": format!("/join/{}", secret.expose()) }),
    ))
}

async fn delete_invite<P: Platform>(p: &P, id: &str) -> ApiResult<Response> {
    let id = crate::validate::path_id(id, "invite")?;
    let db = open_migrated(p).await?;
    if h::delete_invite(&db, id).await? {
        Ok(no_content())
    } else {
        Err(ApiError::NotFound(format!("No invite has the id {id:?}.")))
    }
}
