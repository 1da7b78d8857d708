//! `messages` component: send a message (streaming the reply as SSE), page through the
//! branch shown, follow a live reply from any offset, stop, regenerate, switch branches,
//! delete.
//!
//! Messages form a tree (`parent_id`); the conversation remembers the leaf of the branch
//! it shows (`active_leaf_id`). Editing a message is sending a new one with the edited
//! message's parent; regenerating adds a sibling reply.
//!
//! Before a stream starts (so errors get a proper status): validate, store the user
//! message and the empty `streaming` reply in one commit, load the branch and the system
//! prompt. Then the host spawns the [`StreamJob`].

use super::routes::{Access, Route};
use super::{Call, Reply, not_found};
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::events::sse_headers;
use crate::follow::Follower;
use crate::auth::Auth;
use crate::connections::{self, Caller};
use crate::generation::{Generation, Limits, PendingParent, PendingStart, Price};
use crate::platform::{EventSink, Platform, open_migrated};
use crate::settings::Settings;
use crate::store::{self, Conversation};
use crate::web::{Request, Response, json_body, no_content, ok_json, query_param};
use crate::images::MAX_IMAGES_PER_MESSAGE;
use crate::{household, prompt, throttle, validate};
use http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

/// Titles are generated while the branch has at most this many messages and the
/// conversation still has its default title (so a failed attempt is retried).
pub const TITLE_MAX_MESSAGES: usize = 6;
/// Messages per page when `limit` is not given.
pub const DEFAULT_PAGE: i64 = 50;
/// Largest `limit` accepted.
pub const MAX_PAGE: i64 = 500;

/// A streamed answer the host runs after sending the SSE headers.
pub enum StreamJob {
    /// Produce a reply (the writer).
    Generate(Box<Generation>),
    /// Follow a reply as it is written (a reader).
    Follow(Follower),
}

impl StreamJob {
    pub async fn run<P: Platform, S: EventSink>(self, p: P, sink: S) {
        match self {
            StreamJob::Generate(g) => g.run(p, sink).await,
            StreamJob::Follow(f) => f.run(p, sink).await,
        }
    }
}

fn stream(job: StreamJob) -> Reply {
    let headers = sse_headers().iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Reply::Stream { headers, job }
}

/// The routes of the `messages` component (`{id}`: the conversation, `{mid}`: a message).
pub static ROUTES: &[Route] = &[
    Route::new(Method::GET, "/api/conversations/{id}/messages", Access::User, "page"),
    Route::new(Method::POST, "/api/conversations/{id}/messages", Access::User, "send"),
    Route::new(Method::GET, "/api/conversations/{id}/messages/{mid}", Access::User, "get"),
    Route::new(Method::DELETE, "/api/conversations/{id}/messages/{mid}", Access::User, "delete"),
    Route::new(Method::GET, "/api/conversations/{id}/messages/{mid}/stream", Access::User, "follow"),
    Route::new(Method::POST, "/api/conversations/{id}/messages/{mid}/stop", Access::User, "stop"),
    Route::new(Method::POST, "/api/conversations/{id}/messages/{mid}/regenerate", Access::User, "regenerate"),
    Route::new(Method::POST, "/api/conversations/{id}/messages/{mid}/activate", Access::User, "activate"),
    // Pictures to send with a message (`api/images.rs`).
    Route::new(Method::POST, "/api/images", Access::User, "image_upload"),
    Route::new(Method::GET, "/api/images/{id}", Access::User, "image"),
    Route::new(Method::DELETE, "/api/images/{id}", Access::User, "image_delete"),
];

pub async fn dispatch<P: Platform>(p: &P, call: &Call) -> ApiResult<Reply> {
    let user = call.user_id()?;
    let req = &call.req;
    let (id, mid) = (call.param(0), call.param(1));
    let full = |r: ApiResult<Response>| r.map(Reply::Full);
    match call.matched.route.name {
        "send" => send(p, call.auth()?, id, req).await,
        "page" => full(page(p, user, id, req).await),
        "get" => full(get_one(p, user, id, mid).await),
        "delete" => full(delete(p, user, id, mid).await),
        "follow" => follow(p, user, id, mid, req).await,
        "stop" => full(stop(p, user, id, mid).await),
        "regenerate" => regenerate(p, call.auth()?, id, mid, req).await,
        "activate" => full(activate(p, user, id, mid, req).await),
        "image_upload" => full(super::images::upload(p, call).await),
        "image" => full(super::images::get(p, call).await),
        "image_delete" => full(super::images::delete(p, call).await),
        _ => Err(not_found()),
    }
}

/// A message of this conversation, or 404.
async fn message(db: &impl Db, conversation_id: &str, id: &str) -> ApiResult<store::Message> {
    let id = validate::path_id(id, "message")?;
    match store::get_message(db, conversation_id, id).await? {
        Some(m) => Ok(m),
        None => Err(ApiError::NotFound(format!("This conversation has no message with the id {id:?}."))),
    }
}

/// One page of the branch shown, newest last: `{messages, has_more}`.
pub async fn page_of(db: &impl Db, c: &Conversation, before: Option<&str>, limit: i64) -> ApiResult<serde_json::Value> {
    let start = match before {
        Some(b) => message(db, &c.id, b).await?.parent_id,
        None => c.active_leaf_id.clone(),
    };
    let Some(start) = start else {
        return Ok(json!({ "messages": [], "has_more": false }));
    };
    let mut messages = store::path_to(db, &start, Some(limit + 1)).await?;
    let has_more = messages.len() as i64 > limit;
    if has_more {
        messages.remove(0);
    }
    Ok(json!({ "messages": messages, "has_more": has_more }))
}

/// What `GET /api/conversations/{id}` and `activate` answer: `{conversation, messages, has_more}`.
pub(crate) async fn conversation_page(db: &impl Db, user: &str, c: &Conversation, limit: i64) -> ApiResult<serde_json::Value> {
    let mut page = page_of(db, c, None, limit).await?;
    page["conversation"] = serde_json::to_value(c).map_err(anyhow::Error::from)?;
    page["usage"] = serde_json::to_value(store::connections::conversation(db, user, &c.id).await?).map_err(anyhow::Error::from)?;
    Ok(page)
}

/// `?limit=` (1 to [`MAX_PAGE`], default [`DEFAULT_PAGE`]).
pub(crate) fn limit_param(req: &Request) -> ApiResult<i64> {
    match query_param(req, "limit") {
        None => Ok(DEFAULT_PAGE),
        Some(v) => match v.parse::<i64>() {
            Ok(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
            _ => Err(ApiError::BadRequest(format!("`limit` must be a whole number from 1 to {MAX_PAGE}."))),
        },
    }
}

async fn page<P: Platform>(p: &P, user: &str, id: &str, req: &Request) -> ApiResult<Response> {
    let limit = limit_param(req)?;
    let db = open_migrated(p).await?;
    let c = super::load_conversation(&db, user, id).await?;
    ok_json(&page_of(&db, &c, query_param(req, "before"), limit).await?)
}

async fn get_one<P: Platform>(p: &P, user: &str, id: &str, mid: &str) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let c = super::load_conversation(&db, user, id).await?;
    ok_json(&message(&db, &c.id, mid).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SendBody {
    content: Option<String>,
    /// Pictures uploaded with `POST /api/images` (at most `MAX_IMAGES_PER_MESSAGE`).
    #[serde(default)]
    images: Vec<String>,
    /// A UUID the client made for this message: a second send with it is `409 duplicate`.
    client_id: Option<String>,
    model: Option<String>,
    /// Absent: answer the branch shown. `null`: start a new branch at the root. An id:
    /// continue from that message (editing a message = sending with its parent).
    #[serde(default, deserialize_with = "crate::web::double_option")]
    parent_id: Option<Option<String>>,
    /// Switches the conversation to this connection (with `model`); `null` or "default":
    /// the server connection.
    #[serde(default, deserialize_with = "crate::web::double_option")]
    connection_id: Option<Option<String>>,
}

async fn send<P: Platform>(p: &P, auth: &Auth, id: &str, req: &Request) -> ApiResult<Reply> {
    let user = auth.user_id();
    let body: SendBody = json_body(req)?;
    if body.images.len() > MAX_IMAGES_PER_MESSAGE {
        return Err(ApiError::coded(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_images",
            format!("A message can send at most {MAX_IMAGES_PER_MESSAGE} pictures; this one has {}. Remove some.", body.images.len()),
        ));
    }
    let content = match (body.content, body.images.is_empty()) {
        (Some(c), true) => validate::message_content(&c)?.to_owned(),
        (c, false) => validate::message_content_with_images(c.unwrap_or_default())?,
        (None, true) => {
            return Err(ApiError::BadRequest("`content` is missing; send {\"content\": \"your message\"}.".into()));
        }
    };
    let client_id = body.client_id.as_deref().map(validate::client_id).transpose()?;
    let model = body.model.as_deref().map(validate::model_id).transpose()?;
    let db = open_migrated(p).await?;
    let ctx = reply_context(&db, user, id).await?;
    if let Some(cid) = &client_id
        && let Some(stored) = store::message_by_client_id(&db, &ctx.conversation.id, cid).await?
    {
        return Err(duplicate(stored));
    }
    let images = images_to_send(&db, user, &body.images).await?;
    let parent = match body.parent_id {
        None => Parent::Shown,
        Some(None) => Parent::Root,
        Some(Some(pid)) => Parent::Message(message(&db, &ctx.conversation.id, &pid).await?.id),
    };
    let input = UserInput { content, images, client_id };
    start(p, auth, &db, ctx, parent, Some(input), Switch { model, connection_id: body.connection_id }).await
}

/// `409 duplicate`: the message with this client id is stored already (`message_id`).
fn duplicate(message_id: String) -> ApiError {
    let mut extra = serde_json::Map::new();
    extra.insert("message_id".into(), json!(message_id));
    ApiError::Status {
        status: StatusCode::CONFLICT,
        code: "duplicate",
        message: "This message was already sent (a message with this client_id is stored); nothing new was stored.".into(),
        extra: Some(extra),
    }
}

/// The pictures a send names, as the caller's: one not yet sent is attached as it is;
/// one an earlier message has (an edited message sent again) is copied for the new one.
/// Another person's id, or an unknown one, is `404` alike.
async fn images_to_send(db: &impl Db, user: &str, ids: &[String]) -> ApiResult<Vec<store::images::Attach>> {
    let mut out: Vec<store::images::Attach> = Vec::with_capacity(ids.len());
    for id in ids {
        let id = validate::path_id(id, "picture")?;
        if out.iter().any(|a| a.source == id) {
            return Err(ApiError::BadRequest(format!("The picture {id:?} is named twice in `images`; name each picture once.")));
        }
        let meta = store::images::meta(db, user, id)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("There is no picture with the id {id:?}; upload it again with POST /api/images.")))?;
        let copy = meta.message_id.is_some();
        out.push(store::images::Attach {
            source: meta.id.clone(),
            id: if copy { uuid::Uuid::new_v4().to_string() } else { meta.id },
            copy,
            content_type: meta.content_type,
            width: meta.width,
            height: meta.height,
        });
    }
    Ok(out)
}

/// The user's new message as a send gives it.
struct UserInput {
    content: String,
    images: Vec<store::images::Attach>,
    client_id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RegenerateBody {
    model: Option<String>,
    #[serde(default, deserialize_with = "crate::web::double_option")]
    connection_id: Option<Option<String>>,
}

/// A model and/or connection to switch the conversation to before replying.
struct Switch {
    model: Option<String>,
    connection_id: Option<Option<String>>,
}

async fn regenerate<P: Platform>(p: &P, auth: &Auth, id: &str, mid: &str, req: &Request) -> ApiResult<Reply> {
    let user = auth.user_id();
    let body: RegenerateBody = json_body(req)?;
    let model = body.model.as_deref().map(validate::model_id).transpose()?;
    let db = open_migrated(p).await?;
    let ctx = reply_context(&db, user, id).await?;
    let m = message(&db, &ctx.conversation.id, mid).await?;
    // A new reply to the message this reply answered (or to a user message directly).
    let parent = match m.role.as_str() {
        "user" => m.id,
        _ => m.parent_id.ok_or_else(|| ApiError::Conflict("This reply answers no message, so there is nothing to regenerate it from.".into()))?,
    };
    start(p, auth, &db, ctx, Parent::Message(parent), None, Switch { model, connection_id: body.connection_id }).await
}

/// The conversation from the URL as a new reply needs it, or 404.
async fn reply_context(db: &impl Db, user: &str, id: &str) -> ApiResult<store::ReplyContext> {
    let id = validate::path_id(id, "conversation")?;
    store::reply_context(db, user, id).await?.ok_or_else(|| super::no_such_conversation(id))
}

/// Where a new message goes in the tree.
enum Parent {
    /// After the last message of the branch shown, as it is when the message is stored
    /// (two tabs sending at once make a chain, never a lost leaf).
    Shown,
    /// A new branch at the root.
    Root,
    /// Under this message (checked again when storing: it may have been deleted).
    Message(String),
}

/// Stores the user message (if any) and the empty reply under `parent`, makes the reply
/// the active leaf, and returns the generation to stream.
async fn start<P: Platform>(
    p: &P,
    auth: &Auth,
    db: &P::Db,
    ctx: store::ReplyContext,
    parent: Parent,
    input: Option<UserInput>,
    switch: Switch,
) -> ApiResult<Reply> {
    let user = auth.user_id();
    let (user_content, user_images, client_id) = match input {
        Some(i) => (Some(i.content), i.images, i.client_id),
        None => (None, Vec::new(), None),
    };
    let model = switch.model;
    let mut c = ctx.conversation;
    // The person's limits, before anything is stored or sent.
    household::check_model(&ctx.limits, model.as_deref().unwrap_or(&c.model))?;
    household::check_budget(&ctx.limits, ctx.tokens_this_month)?;
    if let Some(w) = ctx.limits.requests_per_window {
        let window = throttle::Window { limit: w.requests, secs: w.seconds };
        if let Some(wait) = throttle::hit(p, &format!("requests:{user}"), window).await? {
            return Err(ApiError::TooManyRequests {
                code: "rate_limited",
                message: format!(
                    "You have sent {} messages in {} seconds, the most an admin allows; try again in {wait} s.",
                    w.requests, w.seconds
                ),
                retry_after: wait.max(1),
            });
        }
    }
    // The connection, resolved (and its key revealed) before anything is stored.
    let system = household::system_text(
        ctx.household_context.as_deref(),
        ctx.config.get(household::ABOUT_ME_KEY).map(String::as_str),
        ctx.system_prompt.as_deref(),
    );
    let caller = Caller { user_id: user, admin: auth.user.is_admin(), members_may_add: connections::members_may_add(&ctx.config) };
    let moderated = crate::moderation::enabled(&ctx.config);
    let settings = Settings::from_config(p, ctx.config).await?;
    let connection_id = match &switch.connection_id {
        Some(id) => connections::stored_id(id.as_deref()).map(str::to_owned),
        None => c.connection_id.clone(),
    };
    let connection = connections::for_reply(p, db, &caller, &settings, connection_id.as_deref()).await?;
    // Whether the model sees pictures: asked only when the message or the history has some.
    let reply_model = model.clone().unwrap_or_else(|| c.model.clone());
    let mut model_images = None;
    if !user_images.is_empty() {
        model_images = Some(super::connections::model_takes_images(db, &connection, &reply_model).await?);
    }
    if model_images == Some(false) {
        return Err(ApiError::Invalid {
            code: "images_not_supported",
            message: format!("{reply_model} cannot see images; choose a model that can, or remove the pictures."),
            extra: None,
        });
    }
    // The household's moderation check, before the message is stored or sent.
    if moderated && let Some(text) = user_content.as_ref().filter(|t| !t.is_empty()) {
        let all = connections::visible(p, db, &caller, &settings).await?;
        if let Some(via) = crate::moderation::connection(&all) {
            let verdict = crate::moderation::check(p, via, text).await.map_err(crate::moderation::unavailable)?;
            if verdict.flagged {
                let meta = json!({ "moderation": { "flagged": true, "categories": verdict.categories } });
                store::store_refused(db, &c.id, &uuid::Uuid::new_v4().to_string(), text, &meta).await?;
                return Err(crate::moderation::flagged(&verdict.categories));
            }
        }
    }
    let model_switched = model.is_some() || switch.connection_id.is_some();
    if model_switched {
        let m = model.unwrap_or_else(|| c.model.clone());
        store::set_conversation_model(db, user, &c.id, &m, connection_id.as_deref()).await?;
        c.model = m;
        c.connection_id = connection_id;
    }
    // The price came with the conversation; a switch of model or connection looks it up.
    let price = if model_switched { store::connections::price(db, &connection.id, &c.model).await? } else { ctx.price }
        .map(|(prompt, completion)| Price { prompt_per_mtok: prompt, completion_per_mtok: completion });
    // A write path is where stale replies of the conversation are stored as interrupted
    // (readers only show them so); before the new rows, so none of them is taken.
    if ctx.has_stale {
        store::persist_interrupted(db, &c.id).await?;
    }
    let message_id = uuid::Uuid::new_v4().to_string();
    let new_user_id = user_content.as_ref().map(|_| uuid::Uuid::new_v4().to_string());
    // The history as the rows will hang: after the branch shown (read with the
    // conversation), or under the message named. The generation stores the user's
    // message and the empty reply in one statement while its provider request is on the
    // way (`generation::PendingStart`), and reads the history again if another tab's
    // message came in between.
    let (history, expected_parent, pending_parent, answers) = match &parent {
        Parent::Shown => (ctx.shown_history, c.active_leaf_id.clone(), PendingParent::Shown, c.active_leaf_id.clone()),
        Parent::Root => (Vec::new(), None, PendingParent::Root, None),
        Parent::Message(pid) => (store::prompt_path(db, pid).await?, Some(pid.clone()), PendingParent::Message(pid.clone()), Some(pid.clone())),
    };
    let user_message_id = match (&new_user_id, answers) {
        (Some(new), _) => new.clone(),
        (None, Some(answers)) => answers,
        (None, None) => return Err(ApiError::BadRequest("There is no message to answer.".into())),
    };
    let wants_title = c.title_is_default && history.len() + 2 <= TITLE_MAX_MESSAGES;
    let title_source = user_content.clone().or_else(|| history.last().map(|t| t.text.clone())).unwrap_or_default();
    let model_images = match model_images {
        Some(known) => known,
        None if prompt::has_images(&history) => super::connections::model_takes_images(db, &connection, &reply_model).await?,
        None => false,
    };
    let image_ids: Vec<String> = user_images.iter().map(|a| a.source.clone()).collect();
    let mut messages = prompt::assemble(system.as_deref(), &history, user_content.as_deref(), &image_ids, model_images);
    if model_images {
        prompt::load_images(db, user, &mut messages).await?;
    }
    let generation = Generation {
        conversation_id: c.id.clone(),
        user_message_id,
        message_id,
        model: c.model.clone(),
        messages,
        provider: connection.provider(),
        title_model: wants_title.then(|| {
            // The title model is the server connection's; another connection titles with the chat's model.
            if settings.title_model.trim().is_empty() || connection.id != connections::SERVER_ID {
                c.model.clone()
            } else {
                settings.title_model.clone()
            }
        }),
        user_content: title_source,
        limits: Limits::default(),
        params: c.params,
        connection_id: connection.id.clone(),
        price,
        pending: Some(PendingStart {
            parent: pending_parent,
            user_content: user_content.clone(),
            expected_parent,
            system: system.clone(),
            client_id,
            images: user_images,
            owner: user.to_owned(),
            model_images,
        }),
    };
    Ok(stream(StreamJob::Generate(Box::new(generation))))
}

/// Follows a reply from a character offset (`?offset=` or `Last-Event-ID`).
async fn follow<P: Platform>(p: &P, user: &str, id: &str, mid: &str, req: &Request) -> ApiResult<Reply> {
    let from_header = req.headers().get("last-event-id").and_then(|v| v.to_str().ok());
    let offset = match query_param(req, "offset").or(from_header) {
        None => 0,
        Some(v) => v.trim().parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            ApiError::BadRequest("`offset` must be a whole number of characters already received (0 or more).".into())
        })?,
    };
    let db = open_migrated(p).await?;
    let c = super::load_conversation(&db, user, id).await?;
    let m = message(&db, &c.id, mid).await?;
    if m.role != "assistant" {
        return Err(ApiError::BadRequest("Only replies can be followed; this is a user message.".into()));
    }
    Ok(stream(StreamJob::Follow(Follower { conversation_id: c.id, message_id: m.id, offset })))
}

async fn stop<P: Platform>(p: &P, user: &str, id: &str, mid: &str) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let c = super::load_conversation(&db, user, id).await?;
    let m = message(&db, &c.id, mid).await?;
    if store::request_stop(&db, &c.id, &m.id).await? {
        Ok(crate::web::json_response(StatusCode::ACCEPTED, &json!({ "message_id": m.id, "stop_requested": true })))
    } else {
        Err(ApiError::Conflict(format!("This reply is not being generated (it is {}).", m.status)))
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ActivateBody {
    limit: Option<i64>,
}

/// Shows the branch through `mid` (down to its newest leaf); answers like
/// `GET /api/conversations/{id}`.
async fn activate<P: Platform>(p: &P, user: &str, id: &str, mid: &str, req: &Request) -> ApiResult<Response> {
    let body: ActivateBody = json_body(req)?;
    let limit = body.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let db = open_migrated(p).await?;
    let mut c = super::load_conversation(&db, user, id).await?;
    let m = message(&db, &c.id, mid).await?;
    // The leaf is found and set in one commit: a delete in between cannot leave the
    // conversation showing a message that no longer exists.
    let leaf = crate::db::transaction(&db, async |db| {
        if !store::message_exists(db, &c.id, &m.id).await? {
            return Ok(None);
        }
        let leaf = store::newest_leaf_under(db, &c.id, &m.id).await?.unwrap_or(m.id.clone());
        store::set_active_leaf(db, &c.id, Some(&leaf)).await?;
        Ok(Some(leaf))
    })
    .await?;
    let Some(leaf) = leaf else {
        return Err(ApiError::NotFound(format!("This conversation has no message with the id {:?}.", m.id)));
    };
    c.active_leaf_id = Some(leaf);
    ok_json(&conversation_page(&db, user, &c, limit).await?)
}

/// Deletes a message and everything that hangs off it. If the branch shown went with it,
/// the conversation shows the newest remaining branch next to it.
async fn delete<P: Platform>(p: &P, user: &str, id: &str, mid: &str) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let c = super::load_conversation(&db, user, id).await?;
    let m = message(&db, &c.id, mid).await?;
    // One commit: the subtree goes, and the branch shown moves if it went with it, so a
    // send meanwhile never reads an active leaf that no longer exists.
    crate::db::transaction(&db, async |db| {
        let deleted = store::delete_subtree(db, &c.id, &m.id).await?;
        let shown = store::active_leaf(db, &c.id).await?;
        if shown.as_ref().is_some_and(|leaf| deleted.contains(leaf)) {
            let from = match &m.parent_id {
                Some(parent) => Some(parent.clone()),
                None => store::newest_root(db, &c.id).await?,
            };
            let leaf = match from {
                Some(f) => store::newest_leaf_under(db, &c.id, &f).await?,
                None => None,
            };
            store::set_active_leaf(db, &c.id, leaf.as_deref()).await?;
        }
        Ok(())
    })
    .await?;
    Ok(no_content())
}
