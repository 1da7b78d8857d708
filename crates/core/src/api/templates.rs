//! Prompt templates (routes in `library`): saved prompts with `{{variables}}`, a
//! person's own or the household's (admins manage those).

use super::Call;
use crate::error::{ApiError, ApiResult};
use crate::platform::{Platform, open_migrated};
use crate::store::templates::{self, Template};
use crate::validate;
use crate::web::{Response, json_body, json_response, no_content, ok_json};
use http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

/// Longest template name, in characters.
pub const MAX_TEMPLATE_NAME_CHARS: usize = 100;
/// Longest template text, in characters.
pub const MAX_TEMPLATE_CHARS: usize = 20_000;
/// Longest variable name between `{{` and `}}`.
pub const MAX_VARIABLE_CHARS: usize = 40;

/// The distinct `{{variables}}` of a template, in order of first use: letters, digits,
/// `_`, `-` and inner spaces (trimmed); anything else between braces is text.
pub fn variables(content: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        let valid = !name.is_empty()
            && name.chars().count() <= MAX_VARIABLE_CHARS
            && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '));
        if valid {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if !out.contains(&name) {
                out.push(name);
            }
            rest = &after[end + 2..];
        } else {
            rest = &rest[start + 1..];
        }
    }
    out
}

fn to_json(t: &Template, admin: bool) -> Value {
    json!({
        "id": t.id,
        "name": t.name,
        "content": t.content,
        "scope": if t.owner_id.is_some() { "personal" } else { "household" },
        "variables": variables(&t.content),
        "editable": t.owner_id.is_some() || admin,
        "updated_at": t.updated_at,
    })
}

fn no_such_template(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no template with the id {id:?}; it may have been deleted."))
}

fn household_is_admins() -> ApiError {
    ApiError::Forbidden {
        code: "admin_only",
        message: "Household templates are managed by an admin. Save it as your own template instead.".into(),
    }
}

fn content(text: &str) -> ApiResult<String> {
    if text.trim().is_empty() {
        return Err(ApiError::BadRequest("`content` is empty; write the prompt.".into()));
    }
    let n = text.chars().count();
    if n > MAX_TEMPLATE_CHARS {
        return Err(ApiError::PayloadTooLarge(format!("The template has {n} characters; the limit is {MAX_TEMPLATE_CHARS}.")));
    }
    Ok(text.to_owned())
}

pub async fn list<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let auth = call.auth()?;
    let db = open_migrated(p).await?;
    let list = templates::list(&db, auth.user_id()).await?;
    let admin = auth.user.is_admin();
    ok_json(&json!({ "templates": list.iter().map(|t| to_json(t, admin)).collect::<Vec<_>>() }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    name: String,
    content: String,
    scope: Option<String>,
}

pub async fn create<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let auth = call.auth()?;
    let body: CreateBody = json_body(&call.req)?;
    let household = match body.scope.as_deref() {
        None | Some("personal") => false,
        Some("household") => true,
        Some(other) => return Err(ApiError::BadRequest(format!("`scope` must be personal or household, not {other:?}."))),
    };
    if household && !auth.user.is_admin() {
        return Err(household_is_admins());
    }
    let name = validate::short_name(&body.name, "name", MAX_TEMPLATE_NAME_CHARS)?;
    let text = content(&body.content)?;
    let db = open_migrated(p).await?;
    let id = uuid::Uuid::new_v4().to_string();
    templates::insert(&db, auth.user_id(), household, &id, &name, &text).await?;
    let t = templates::get(&db, auth.user_id(), &id).await?.ok_or_else(|| no_such_template(&id))?;
    Ok(json_response(StatusCode::CREATED, &to_json(&t, auth.user.is_admin())))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatchBody {
    name: Option<String>,
    content: Option<String>,
}

/// The template, if the caller may change it (their own; the household's if admin).
async fn editable(db: &impl crate::db::Db, auth: &crate::auth::Auth, id: &str) -> ApiResult<Template> {
    let id = validate::path_id(id, "template")?;
    let t = templates::get(db, auth.user_id(), id).await?.ok_or_else(|| no_such_template(id))?;
    if t.owner_id.is_none() && !auth.user.is_admin() {
        return Err(household_is_admins());
    }
    Ok(t)
}

pub async fn patch<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let auth = call.auth()?;
    let body: PatchBody = json_body(&call.req)?;
    let name = body.name.map(|n| validate::short_name(&n, "name", MAX_TEMPLATE_NAME_CHARS)).transpose()?;
    let text = body.content.map(|c| content(&c)).transpose()?;
    let db = open_migrated(p).await?;
    let mut t = editable(&db, auth, call.param(0)).await?;
    if let Some(n) = name {
        t.name = n;
    }
    if let Some(c) = text {
        t.content = c;
    }
    templates::update(&db, auth.user_id(), &t).await?;
    let t = templates::get(&db, auth.user_id(), &t.id).await?.ok_or_else(|| no_such_template(&t.id))?;
    ok_json(&to_json(&t, auth.user.is_admin()))
}

pub async fn delete<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let auth = call.auth()?;
    let db = open_migrated(p).await?;
    let t = editable(&db, auth, call.param(0)).await?;
    if templates::delete(&db, auth.user_id(), &t.id).await? { Ok(no_content()) } else { Err(no_such_template(&t.id)) }
}

#[cfg(test)]
mod tests {
    use super::variables;

    #[test]
    fn variables_in_order_once() {
        assert_eq!(variables("Hi {{name}}, from {{ city }} — {{name}} {{bad!}} {{}} {{ two  words }}"), ["name", "city", "two words"]);
        assert_eq!(variables("{{unclosed"), Vec::<String>::new());
        assert_eq!(variables("{{{x}}}"), ["x"]);
    }
}
