//! Accounts end to end (test host, and real Spin when present): first start, sign-in,
//! sessions and API tokens, the same-origin rule for cookies, the admin's users, and
//! the isolation matrix over every route of every component's route table.

mod common;

use common::{ADMIN, App, Options, Target, current_session_id};
use nexus_core::api::routes::{Access, Route};
use nexus_core::api::{AccountsApi, ConversationsApi, MessagesApi, Routes, SettingsApi};
use nexus_testhost::client::{Client, JsonResponse};
use serde_json::{Value, json};

e2e!(
    first_start_asks_for_the_admin_and_hands_over_old_chats,
    every_private_route_needs_a_valid_session_or_token,
    another_users_ids_are_not_found_on_every_route,
    lists_and_settings_are_per_user,
    cookie_requests_from_other_sites_are_refused,
    sign_in_sessions_and_password_change,
    admin_manages_users,
    failed_sign_ins_are_throttled,
    guests_are_rate_limited,
    forgotten_password_is_reset_with_the_recovery_token,
    limits_refuse_before_anything_is_stored,
    household_context_versions_and_the_order_the_model_sees,
    invites_and_registration_modes,
    sessions_slide_when_used,
);

/// Every route of the API components (the static UI is public and holds no user data).
fn api_routes() -> Vec<&'static Route> {
    [ConversationsApi.table(), MessagesApi.table(), SettingsApi.table(), AccountsApi.table()].into_iter().flatten().collect()
}

fn expect(r: &JsonResponse, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(r.body["code"], code, "{}", r.text);
    assert!(r.body["error"].as_str().is_some_and(|e| e.len() > 10), "a sentence: {}", r.text);
}

async fn create_conversation(c: &Client) -> String {
    let r = c.send_json("POST", "/api/conversations", &json!({})).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

/// Sends a message and reads the reply to its end; returns the reply's id.
async fn exchange(c: &Client, conversation: &str, content: &str) -> String {
    let events = c
        .stream(&format!("/api/conversations/{conversation}/messages"), &json!({ "content": content }))
        .await
        .unwrap()
        .unwrap_or_else(|r| panic!("send failed: {} {}", r.status, r.text))
        .collect()
        .await
        .unwrap();
    let start = events.iter().find(|e| e["type"] == "start").expect("a start event");
    start["message_id"].as_str().unwrap().to_owned()
}

async fn first_start_asks_for_the_admin_and_hands_over_old_chats(t: Target) {
    let app = App::start(t, Options { signed_in: false, ..Options::default() });
    let c = &app.client;
    let s = c.get("/api/auth/status").await.unwrap();
    assert_eq!((s.status, &s.body), (200, &json!({ "setup_required": true, "user": null, "registration": "closed" })));
    // A chat from before accounts (rows of the legacy owner, as the previous release wrote them).
    app.sqlite()
        .execute_batch(
            "INSERT INTO conversations (id, user_id, title, model, active_leaf_id) VALUES ('old-chat', 'owner', 'From before', 'm/one', 'old-msg');
             INSERT INTO messages (id, conversation_id, seq, role, content) VALUES ('old-msg', 'old-chat', 1, 'user', 'hello from before');",
        )
        .unwrap();
    expect(&c.get("/api/conversations").await.unwrap(), 401, "unauthenticated");
    expect(&c.send_json("POST", "/api/auth/login", &json!({ "username": "admin", "password": "whatever1" })).await.unwrap(), 401, "bad_credentials");
    // Bad input is refused with a sentence and stores nothing.
    let bad = c.send_json("POST", "/api/auth/setup", &json!({ "username": "has space", "password": "long enough" })).await.unwrap();
    expect(&bad, 400, "bad_request");
    let short = c.send_json("POST", "/api/auth/setup", &json!({ "username": "alice", "password": "short" })).await.unwrap();
    expect(&short, 400, "bad_request");
    assert_eq!(c.get("/api/auth/status").await.unwrap().body["setup_required"], true);

    let r = c.send_json("POST", "/api/auth/setup", &json!({ "username": "Alice", "password": "correct horse" })).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!((r.body["user"]["username"].as_str(), r.body["user"]["role"].as_str()), (Some("Alice"), Some("admin")));
    let cookie = r.headers.get("set-cookie").unwrap().to_str().unwrap().to_owned();
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http: no Secure flag ({cookie})");
    let alice = c.with_session_from(&r);
    let list = alice.get("/api/conversations").await.unwrap();
    assert_eq!(list.body["conversations"][0]["id"], "old-chat", "{}", list.text);
    let page = alice.get("/api/conversations/old-chat").await.unwrap();
    assert_eq!(page.body["messages"][0]["content"], "hello from before");
    let s = alice.get("/api/auth/status").await.unwrap();
    assert_eq!((s.body["setup_required"].as_bool(), s.body["user"]["username"].as_str()), (Some(false), Some("Alice")));
    // Setup happens once.
    let again = c.send_json("POST", "/api/auth/setup", &json!({ "username": "mallory", "password": "correct horse" })).await.unwrap();
    expect(&again, 409, "already_set_up");
    // Over https (a proxy says so) the cookie is Secure.
    let r = c.raw("POST", "/api/auth/login", &[("content-type", "application/json"), ("x-forwarded-proto", "https")], json!({ "username": "alice", "password": "correct horse" }).to_string().into_bytes()).await.unwrap();
    assert_eq!(r.status, 200, "usernames compare without case: {}", r.text);
    assert!(r.headers.get("set-cookie").unwrap().to_str().unwrap().contains("; Secure"));
}

/// A request for `route` with its parameters filled from `fill` and a body it accepts.
async fn call(c: &Client, route: &Route, fill: &dyn Fn(&Route, &str) -> String) -> JsonResponse {
    let mut path = route.path.to_owned();
    for p in route.params() {
        path = path.replace(&format!("{{{p}}}"), &fill(route, p));
    }
    let body = sample_body(route.name);
    let headers = [("content-type", "application/json")];
    c.raw(route.method.as_str(), &path, &headers, body.map(|b| b.to_string().into_bytes()).unwrap_or_default()).await.unwrap()
}

/// A body each route accepts from its owner, so that nothing but ownership can refuse
/// it. A new route without one fails here: add its body, and its owner check.
fn sample_body(name: &str) -> Option<Value> {
    match name {
        "list" | "get" | "delete" | "page" | "follow" | "stop" | "models" | "list_prompts" | "get_prompt" | "delete_prompt"
        | "status" | "logout" | "sessions" | "revoke_session" | "me" | "tokens" | "revoke_token" | "list_users"
        | "delete_user" | "health" | "openapi" | "my_limits" | "profile" | "user_limits" | "context" | "restore_context"
        | "registration" | "invites" | "delete_invite" | "list_connections" | "delete_connection" | "my_usage"
        | "user_usage" | "search" | "list_folders" | "delete_folder" | "list_tags" | "list_templates" | "delete_template"
        | "list_shares" | "delete_share" | "shared" | "export_all" | "export_one" | "backup" | "image" | "image_delete"
        | "shared_image" => None,
        // A JSON body is not a picture; only authentication is checked on this route (no id).
        "image_upload" => Some(json!({})),
        "create_folder" | "rename_folder" => Some(json!({ "name": "someone else's folder" })),
        "create_template" | "patch_template" => Some(json!({ "name": "x", "content": "someone else's {{thing}}" })),
        "create_share" => Some(json!({ "conversation_id": "00000000-0000-0000-0000-000000000000" })),
        "bulk" => Some(json!({ "ids": ["00000000-0000-0000-0000-000000000000"], "action": "archive" })),
        "import" | "restore" => Some(json!({})),
        "create_connection" | "test_draft_connection" => Some(json!({ "kind": "openrouter", "api_key": "sk-someone-elses" })),
        "patch_connection" => Some(json!({ "name": "taken over", "enabled": false })),
        "test_connection" => Some(json!({})),
        "create" | "revoke_others" | "activate" => Some(json!({})),
        "patch" => Some(json!({ "title": "renamed by someone else" })),
        "send" => Some(json!({ "content": "hi" })),
        "regenerate" => Some(json!({})),
        "create_prompt" | "patch_prompt" => Some(json!({ "name": "x", "content": "y" })),
        "setup" | "login" => Some(json!({ "username": "nobody", "password": "wrong password" })),
        "recover" => Some(json!({ "token": "not the token", "username": "nobody", "new_password": "wrong password" })),
        "change_password" => Some(json!({ "current_password": "x", "new_password": "new password 1" })),
        "create_token" => Some(json!({ "name": "script" })),
        "create_user" => Some(json!({ "username": "carol", "password": "carol password" })),
        "update_user" => Some(json!({ "disabled": true })),
        "register" => Some(json!({ "username": "newcomer", "password": "newcomer password" })),
        "patch_profile" => Some(json!({ "about_me": "someone else" })),
        "put_user_limits" => Some(json!({ "max_chats": 1 })),
        "save_context" => Some(json!({ "content": "someone else's context" })),
        "put_registration" => Some(json!({ "mode": "open" })),
        "create_invite" => Some(json!({})),
        other => panic!("route {other:?} has no sample body in tests/accounts.rs: add one, and make sure it checks its owner"),
    }
}

async fn every_private_route_needs_a_valid_session_or_token(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let conversation = create_conversation(admin).await;
    let fill = |_: &Route, _: &str| conversation.clone();
    let anonymous = admin.anonymous();
    let bogus = Client { cookie: Some("nexus_session=00112233".into()), ..anonymous.clone() };
    let bad_token = Client { bearer: Some("nx_0123456789abcdef".into()), ..anonymous.clone() };
    // A session that was signed out, and an API token that was revoked.
    let gone = admin.login(ADMIN.0, ADMIN.1).await.unwrap();
    assert_eq!(gone.raw("POST", "/api/auth/logout", &[], vec![]).await.unwrap().status, 204);
    let t = admin.send_json("POST", "/api/users/me/tokens", &json!({ "name": "ci" })).await.unwrap();
    assert_eq!(t.status, 201, "{}", t.text);
    let token = t.body["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("nx_") && token.len() == 67);
    let with_token = Client { bearer: Some(token), csrf_header: false, ..anonymous.clone() };
    assert_eq!(with_token.get("/api/conversations").await.unwrap().status, 200, "an API token works");
    let listed = admin.get("/api/users/me/tokens").await.unwrap();
    assert!(!listed.text.contains(with_token.bearer.as_ref().unwrap().trim_start_matches("nx_")), "a token is shown once");
    let tid = t.body["id"].as_str().unwrap();
    assert_eq!(admin.raw("DELETE", &format!("/api/users/me/tokens/{tid}"), &[], vec![]).await.unwrap().status, 204);

    let mut checked = 0;
    for route in api_routes() {
        if route.access == Access::Public {
            let r = call(&anonymous, route, &fill).await;
            assert_ne!(r.body["code"], "unauthenticated", "{} {} is public", route.method, route.path);
            continue;
        }
        for (who, c) in [("no credentials", &anonymous), ("unknown cookie", &bogus), ("unknown token", &bad_token), ("signed-out session", &gone), ("revoked token", &with_token)] {
            let r = call(c, route, &fill).await;
            assert_eq!(r.status, 401, "{} {} with {who}: {}", route.method, route.path, r.text);
            assert_eq!(r.body["code"], "unauthenticated");
        }
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} private routes?");
    // Nothing was changed by any of them.
    let r = admin.get(&format!("/api/conversations/{conversation}")).await.unwrap();
    assert_eq!((r.status, r.body["conversation"]["title"].as_str()), (200, Some("New chat")));
}

async fn another_users_ids_are_not_found_on_every_route(t: Target) {
    let app = App::start(t, Options::default());
    let a = &app.client;
    let b = a.create_member("bob", "bob password").await.unwrap();
    // A has a conversation with a finished exchange, a prompt, a second session and a token.
    let conversation = create_conversation(a).await;
    let reply = exchange(a, &conversation, "secret of A").await;
    let prompt = a.send_json("POST", "/api/settings/prompts", &json!({ "name": "A's", "content": "A's prompt" })).await.unwrap();
    let prompt = prompt.body["id"].as_str().unwrap().to_owned();
    let a2 = a.login(ADMIN.0, ADMIN.1).await.unwrap();
    let session = current_session_id(&a2).await;
    let token = a.send_json("POST", "/api/users/me/tokens", &json!({ "name": "A's" })).await.unwrap().body["id"].as_str().unwrap().to_owned();
    let a_id = a.get("/api/users/me").await.unwrap().body["user"]["id"].as_str().unwrap().to_owned();
    // A's own provider connection (personal: only A sees it).
    let mine = json!({ "kind": "compatible", "name": "A's server", "base_url": app.fake.base_url(), "api_key": "sk-a-personal-1234", "scope": "personal" });
    let c = a.send_json("POST", "/api/settings/connections", &mine).await.unwrap();
    assert_eq!(c.status, 201, "{}", c.text);
    let connection = c.body["id"].as_str().unwrap().to_owned();
    // A's folder, personal template and share link.
    let folder = a.send_json("POST", "/api/folders", &json!({ "name": "A's folder" })).await.unwrap();
    assert_eq!(folder.status, 201, "{}", folder.text);
    let folder = folder.body["id"].as_str().unwrap().to_owned();
    let template = a.send_json("POST", "/api/templates", &json!({ "name": "A's", "content": "A's {{x}}" })).await.unwrap();
    assert_eq!(template.status, 201, "{}", template.text);
    let template = template.body["id"].as_str().unwrap().to_owned();
    let share = a.send_json("POST", "/api/shares", &json!({ "conversation_id": conversation })).await.unwrap();
    assert_eq!(share.status, 201, "{}", share.text);
    let share = share.body["id"].as_str().unwrap().to_owned();
    // A's picture, not sent yet (so a delete that did not check its owner would succeed).
    let picture = a.raw("POST", "/api/images", &[("content-type", "image/gif")], include_bytes!("fixtures/picture-1x1.gif").to_vec()).await.unwrap();
    assert_eq!(picture.status, 201, "{}", picture.text);
    let picture = picture.body["id"].as_str().unwrap().to_owned();
    let pictures_of = || app.sqlite().query_row("SELECT group_concat(id || COALESCE(message_id, '-')) FROM images", [], |r| r.get::<_, String>(0)).unwrap();
    let pictures_before = pictures_of();
    let library_of = || app.sqlite().query_row("SELECT (SELECT group_concat(name) FROM folders), (SELECT group_concat(name || content) FROM prompt_templates), (SELECT COUNT(*) FROM shares)", [], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))).unwrap();
    let library_before = library_of();
    let connections_of = || app.sqlite().query_row("SELECT group_concat(name || enabled || api_key) FROM connections", [], |r| r.get::<_, String>(0)).unwrap();
    let connections_before = connections_of();
    let before = app.sqlite().query_row("SELECT (SELECT COUNT(*) FROM messages), (SELECT group_concat(title) FROM conversations), (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM api_tokens), (SELECT group_concat(content) FROM system_prompts)", [], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?, r.get::<_, String>(4)?))).unwrap();

    let fill = |route: &Route, param: &str| -> String {
        match (route.path, param) {
            (p, "id") if p.starts_with("/api/conversations/") => conversation.clone(),
            (_, "mid") => reply.clone(),
            (p, "id") if p.starts_with("/api/settings/prompts/") => prompt.clone(),
            (p, "id") if p.starts_with("/api/auth/sessions/") => session.clone(),
            (p, "id") if p.starts_with("/api/users/me/tokens/") => token.clone(),
            (p, "id") if p.starts_with("/api/admin/users/") => a_id.clone(),
            (p, "id") if p.starts_with("/api/settings/connections/") => connection.clone(),
            (p, "id") if p.starts_with("/api/folders/") => folder.clone(),
            (p, "id") if p.starts_with("/api/templates/") => template.clone(),
            (p, "id") if p.starts_with("/api/shares/") => share.clone(),
            (p, "id") if p.starts_with("/api/export/") => conversation.clone(),
            (p, "id") if p.starts_with("/api/images/") => picture.clone(),
            // Admin-only routes: a member is refused before any id is looked at.
            (p, "id") if p.starts_with("/api/admin/context/") || p.starts_with("/api/admin/invites/") => "00000000-0000-0000-0000-000000000000".into(),
            _ => panic!("{} {}: which of A's ids goes into {{{param}}}? Add it here (and make the route check its owner)", route.method, route.path),
        }
    };
    let mut checked = 0;
    for route in api_routes() {
        if route.params().next().is_none() || route.access == Access::Public {
            continue; // no id in the path: the per-user listings are checked below (a share token is public by design)
        }
        let r = call(&b, route, &fill).await;
        match route.access {
            Access::Admin => expect(&r, 403, "admin_only"),
            _ => {
                assert_eq!(r.status, 404, "{} {} with A's ids as B: {}", route.method, route.path, r.text);
                assert_eq!(r.body["code"], "not_found");
            }
        }
        checked += 1;
    }
    assert!(checked >= 14, "only {checked} routes with ids?");
    let after = app.sqlite().query_row("SELECT (SELECT COUNT(*) FROM messages), (SELECT group_concat(title) FROM conversations), (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM api_tokens), (SELECT group_concat(content) FROM system_prompts)", [], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?, r.get::<_, String>(4)?))).unwrap();
    assert_eq!(before, after, "B changed nothing of A's");
    assert_eq!(connections_of(), connections_before, "nor A's connection");
    assert_eq!(library_of(), library_before, "nor A's folder, template or share");
    assert_eq!(pictures_of(), pictures_before, "nor A's picture");
    // B's bulk change naming A's conversation changes nothing and counts nothing.
    let r = b.send_json("POST", "/api/conversations/bulk", &json!({ "ids": [conversation], "action": "delete" })).await.unwrap();
    assert_eq!((r.status, r.body["changed"].as_i64()), (200, Some(0)), "{}", r.text);
    // B's lists and searches do not see A's.
    for path in ["/api/folders", "/api/tags", "/api/shares", "/api/search?q=secret", "/api/export"] {
        let r = b.get(path).await.unwrap();
        assert!(r.status == 200 && !r.text.contains("secret of A") && !r.text.contains("A's"), "{path}: {}", r.text);
    }
    let listed = b.get("/api/settings/connections").await.unwrap();
    assert!(!listed.text.contains(&connection) && !listed.text.contains("A's server"), "B does not see A's connection: {}", listed.text);
    assert_eq!(a2.get("/api/auth/sessions").await.unwrap().status, 200, "A's second session is still signed in");
    // A id that does not exist answers the same as A's id.
    let r = b.get("/api/conversations/00000000-0000-0000-0000-000000000000").await.unwrap();
    let theirs = b.get(&format!("/api/conversations/{conversation}")).await.unwrap();
    assert_eq!((r.status, r.body["code"].clone()), (theirs.status, theirs.body["code"].clone()));
}

async fn lists_and_settings_are_per_user(t: Target) {
    let app = App::start(t, Options::default());
    let a = &app.client;
    let b = a.create_member("bob", "bob password").await.unwrap();
    let conversation = create_conversation(a).await;
    exchange(a, &conversation, "only for A").await;
    assert_eq!(b.get("/api/conversations").await.unwrap().body["conversations"], json!([]));
    let pb = b.get("/api/settings/prompts").await.unwrap().body["prompts"].clone();
    assert_eq!(pb.as_array().unwrap().len(), 1, "B has their own default prompt: {pb}");
    let pa = a.get("/api/settings/prompts").await.unwrap().body["prompts"].clone();
    assert_ne!(pa[0]["id"], pb[0]["id"]);
    // Preferences are each person's own; the provider connection is the admin's.
    let r = b.send_json("PATCH", "/api/settings", &json!({ "theme": "light", "default_model": "b/model" })).await.unwrap();
    assert_eq!((r.status, r.body["theme"].as_str()), (200, Some("light")), "{}", r.text);
    assert_eq!(a.get("/api/settings").await.unwrap().body["theme"], "dark");
    let c = b.send_json("POST", "/api/conversations", &json!({})).await.unwrap();
    assert_eq!(c.body["model"], "b/model", "B's default model");
    expect(&b.send_json("PATCH", "/api/settings", &json!({ "openrouter_api_key": "sk-mine-123456789" })).await.unwrap(), 403, "admin_only");
    let view = b.get("/api/settings").await.unwrap().body;
    assert_eq!(view["api_key"]["configured"], true);
    assert!(view["api_key"].get("hint").is_none(), "members do not see the key's end: {view}");
    assert!(a.get("/api/settings").await.unwrap().body["api_key"]["hint"].is_string());
    let r = a.send_json("PATCH", "/api/settings", &json!({ "openrouter_api_key": "sk-admin-set-1234" })).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
}

async fn cookie_requests_from_other_sites_are_refused(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let host = admin.base.trim_start_matches("http://").to_owned();
    let bare = Client { csrf_header: false, ..admin.clone() };
    let body = b"{}".to_vec();
    let post = |c: Client, headers: Vec<(&'static str, String)>| {
        let body = body.clone();
        async move {
            let mut h: Vec<(&str, &str)> = vec![("content-type", "application/json")];
            h.extend(headers.iter().map(|(k, v)| (*k, v.as_str())));
            c.raw("POST", "/api/conversations", &h, body).await.unwrap()
        }
    };
    expect(&post(bare.clone(), vec![("origin", "http://evil.example".into())]).await, 403, "cross_site");
    expect(&post(admin.clone(), vec![("origin", "http://evil.example".into())]).await, 403, "cross_site");
    expect(&post(bare.clone(), vec![("sec-fetch-site", "cross-site".into())]).await, 403, "cross_site");
    expect(&post(bare.clone(), vec![]).await, 403, "cross_site");
    assert_eq!(post(bare.clone(), vec![("origin", format!("http://{host}"))]).await.status, 201, "same origin");
    assert_eq!(post(bare.clone(), vec![("sec-fetch-site", "same-origin".into())]).await.status, 201);
    assert_eq!(post(admin.clone(), vec![]).await.status, 201, "the UI's header");
    // A form cannot send JSON; an API token is not sent by browsers on their own.
    let form = bare.raw("POST", "/api/conversations", &[("content-type", "text/plain"), ("sec-fetch-site", "same-origin")], b"{}".to_vec()).await.unwrap();
    assert_eq!(form.status, 415);
    let t = admin.send_json("POST", "/api/users/me/tokens", &json!({ "name": "script" })).await.unwrap();
    let script = Client { bearer: t.body["token"].as_str().map(str::to_owned), cookie: None, csrf_header: false, ..admin.clone() };
    assert_eq!(post(script, vec![]).await.status, 201, "a script with a token needs no browser headers");
    assert_eq!(app.sqlite().query_row("SELECT COUNT(*) FROM conversations", [], |r| r.get::<_, i64>(0)).unwrap(), 4);
}

async fn sign_in_sessions_and_password_change(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let anon = admin.anonymous();
    let wrong = anon.send_json("POST", "/api/auth/login", &json!({ "username": ADMIN.0, "password": "not the password" })).await.unwrap();
    let unknown = anon.send_json("POST", "/api/auth/login", &json!({ "username": "nobody", "password": "not the password" })).await.unwrap();
    expect(&wrong, 401, "bad_credentials");
    assert_eq!(wrong.text, unknown.text, "an unknown user gets the same answer as a wrong password");
    assert!(wrong.headers.get("set-cookie").is_none());

    let phone = admin.login(ADMIN.0, ADMIN.1).await.unwrap();
    let laptop = admin.login(ADMIN.0, ADMIN.1).await.unwrap();
    let sessions = phone.get("/api/auth/sessions").await.unwrap().body["sessions"].as_array().unwrap().clone();
    assert_eq!(sessions.len(), 3);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    assert!(sessions.iter().all(|s| s["id"].is_string() && s["last_seen_at"].is_string() && s.get("token_hash").is_none()));
    // Sign out everywhere else.
    let r = phone.send_json("POST", "/api/auth/sessions/revoke-others", &json!({})).await.unwrap();
    assert_eq!((r.status, r.body["revoked"].as_i64()), (200, Some(2)), "{}", r.text);
    expect(&laptop.get("/api/conversations").await.unwrap(), 401, "unauthenticated");
    expect(&admin.get("/api/conversations").await.unwrap(), 401, "unauthenticated");
    assert_eq!(phone.get("/api/conversations").await.unwrap().status, 200);

    // Password change: asks the current one, signs the other sessions out.
    let other = phone.login(ADMIN.0, ADMIN.1).await.unwrap();
    let r = phone.send_json("POST", "/api/users/me/password", &json!({ "current_password": "guess", "new_password": "a new password" })).await.unwrap();
    expect(&r, 403, "wrong_password");
    let r = phone.send_json("POST", "/api/users/me/password", &json!({ "current_password": ADMIN.1, "new_password": "a new password" })).await.unwrap();
    assert_eq!(r.status, 204, "{}", r.text);
    expect(&other.get("/api/conversations").await.unwrap(), 401, "unauthenticated");
    assert_eq!(phone.get("/api/conversations").await.unwrap().status, 200, "this device stays signed in");
    assert!(admin.login(ADMIN.0, ADMIN.1).await.is_err(), "the old password no longer works");
    let again = admin.login(ADMIN.0, "a new password").await.unwrap();

    // Revoke one session by id; sign out clears the cookie.
    let list = phone.get("/api/auth/sessions").await.unwrap().body["sessions"].clone();
    let again_id = list.as_array().unwrap().iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_owned();
    assert_eq!(phone.raw("DELETE", &format!("/api/auth/sessions/{again_id}"), &[], vec![]).await.unwrap().status, 204);
    expect(&again.get("/api/users/me").await.unwrap(), 401, "unauthenticated");
    let out = phone.raw("POST", "/api/auth/logout", &[], vec![]).await.unwrap();
    assert_eq!(out.status, 204);
    assert!(out.headers.get("set-cookie").unwrap().to_str().unwrap().contains("Max-Age=0"));
    expect(&phone.get("/api/users/me").await.unwrap(), 401, "unauthenticated");
}

async fn admin_manages_users(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let bob = admin.create_member("bob", "bob password").await.unwrap();
    let conversation = create_conversation(&bob).await;
    exchange(&bob, &conversation, "bob's question").await;
    let dup = admin.send_json("POST", "/api/admin/users", &json!({ "username": "BOB", "password": "another one" })).await.unwrap();
    expect(&dup, 409, "username_taken");
    expect(&bob.get("/api/admin/users").await.unwrap(), 403, "admin_only");
    expect(&bob.send_json("POST", "/api/admin/users", &json!({ "username": "eve", "password": "eve password" })).await.unwrap(), 403, "admin_only");

    let users = admin.get("/api/admin/users").await.unwrap().body["users"].clone();
    let row = users.as_array().unwrap().iter().find(|u| u["username"] == "bob").unwrap().clone();
    assert_eq!((row["role"].as_str(), row["disabled"].as_bool(), row["conversations"].as_i64(), row["messages_this_month"].as_i64()), (Some("member"), Some(false), Some(1), Some(1)), "{row}");
    assert!(row["last_active_at"].is_string());
    let bob_id = row["id"].as_str().unwrap().to_owned();
    let me = admin.get("/api/users/me").await.unwrap().body["user"]["id"].as_str().unwrap().to_owned();

    // The last admin cannot demote, disable or delete themselves.
    expect(&admin.send_json("PATCH", &format!("/api/admin/users/{me}"), &json!({ "role": "member" })).await.unwrap(), 409, "last_admin");
    expect(&admin.send_json("PATCH", &format!("/api/admin/users/{me}"), &json!({ "disabled": true })).await.unwrap(), 409, "last_admin");
    expect(&admin.raw("DELETE", &format!("/api/admin/users/{me}"), &[], vec![]).await.unwrap(), 409, "cannot_delete_self");

    // Disabling signs bob out and keeps him out; enabling lets him back in.
    let r = admin.send_json("PATCH", &format!("/api/admin/users/{bob_id}"), &json!({ "disabled": true })).await.unwrap();
    assert_eq!((r.status, r.body["user"]["disabled"].as_bool()), (200, Some(true)), "{}", r.text);
    expect(&bob.get("/api/conversations").await.unwrap(), 401, "unauthenticated");
    let r = bob.anonymous().send_json("POST", "/api/auth/login", &json!({ "username": "bob", "password": "bob password" })).await.unwrap();
    expect(&r, 403, "account_disabled");
    admin.send_json("PATCH", &format!("/api/admin/users/{bob_id}"), &json!({ "disabled": false, "password": "reset by admin" })).await.unwrap();
    assert!(admin.login("bob", "bob password").await.is_err());
    let bob = admin.login("bob", "reset by admin").await.unwrap();
    // Promote: bob becomes an admin; then the first admin may step down.
    admin.send_json("PATCH", &format!("/api/admin/users/{bob_id}"), &json!({ "role": "admin" })).await.unwrap();
    assert_eq!(bob.get("/api/admin/users").await.unwrap().status, 200);
    // Delete: bob and his chats go.
    assert_eq!(admin.raw("DELETE", &format!("/api/admin/users/{bob_id}"), &[], vec![]).await.unwrap().status, 204);
    expect(&bob.get("/api/users/me").await.unwrap(), 401, "unauthenticated");
    let left = app.sqlite().query_row("SELECT COUNT(*) FROM conversations", [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(left, 0);
    let r = admin.raw("DELETE", &format!("/api/admin/users/{bob_id}"), &[], vec![]).await.unwrap();
    expect(&r, 404, "not_found");
}

/// Sign-in attempts: 5 failures per username, then 429 with `Retry-After` (even for the
/// right password) until the window ends; 20 per address, whatever the username.
async fn failed_sign_ins_are_throttled(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    admin.create_member("bob", "bob password").await.unwrap();
    let anon = admin.anonymous();
    let login = |user: String, pw: &'static str| {
        let anon = anon.clone();
        async move { anon.send_json("POST", "/api/auth/login", &json!({ "username": user, "password": pw })).await.unwrap() }
    };
    for _ in 0..5 {
        expect(&login("ADMIN".into(), "guess").await, 401, "bad_credentials");
    }
    let r = login(ADMIN.0.into(), ADMIN.1).await;
    expect(&r, 429, "too_many_attempts");
    let wait: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((850..=900).contains(&wait), "Retry-After {wait}");
    // Another person at the same address can still sign in ...
    assert_eq!(login("bob".into(), "bob password").await.status, 200);
    // ... until the address has failed 20 times, whatever the usernames.
    for i in 0..15 {
        expect(&login(format!("nobody{i}"), "guess").await, 401, "bad_credentials");
    }
    expect(&login("bob".into(), "bob password").await, 429, "too_many_attempts");
    // A session made before still works.
    assert_eq!(admin.get("/api/conversations").await.unwrap().status, 200);
}

/// Guests (sign-in and setup requests) are limited per address: `guest_rate_limit`.
async fn guests_are_rate_limited(t: Target) {
    let app = App::start(t, Options { guest_rate_limit: "3/60", ..Options::default() });
    let anon = app.client.anonymous();
    for _ in 0..2 {
        assert_eq!(anon.send_json("POST", "/api/auth/login", &json!({ "username": ADMIN.0, "password": ADMIN.1 })).await.unwrap().status, 200);
    }
    // (setup at start was the first request of the window)
    let r = anon.send_json("POST", "/api/auth/login", &json!({ "username": ADMIN.0, "password": ADMIN.1 })).await.unwrap();
    expect(&r, 429, "rate_limited");
    let wait: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert_eq!(anon.get("/api/auth/status").await.unwrap().status, 200, "reading the status is not limited");
}

/// A free port's `redis-server`, stopped on drop.
struct Redis(std::process::Child, u16);

impl Redis {
    fn start() -> Redis {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = std::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Redis(child, port)
    }

    /// `KEYS *` over RESP.
    fn keys(&self) -> String {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.1)).unwrap();
        s.write_all(b"*2\r\n$4\r\nKEYS\r\n$1\r\n*\r\n").unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_millis(500))).unwrap();
        let mut buf = vec![0u8; 65536];
        let n = s.read(&mut buf).unwrap_or(0);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// With `runtime-config.toml` putting the key-value store on Redis (as for several
/// replicas), the throttling counters live in Redis: real `spin up`, real `redis-server`.
#[test]
#[cfg_attr(not(all(spin_available, redis_available)), ignore = "needs spin and redis-server on PATH")]
fn throttle_counters_live_in_redis() {
    let redis = Redis::start();
    nexus_testhost::server::run_local(async {
        let app = App::start(Target::Spin, Options { kv_redis: Some(format!("redis://127.0.0.1:{}", redis.1)), ..Options::default() });
        let anon = app.client.anonymous();
        for _ in 0..5 {
            let r = anon.send_json("POST", "/api/auth/login", &json!({ "username": "admin", "password": "guess" })).await.unwrap();
            expect(&r, 401, "bad_credentials");
        }
        let keys = redis.keys();
        assert!(keys.contains("login-failures:user:admin") && keys.contains("login-failures:ip:127.0.0.1"), "{keys}");
        let r = anon.send_json("POST", "/api/auth/login", &json!({ "username": ADMIN.0, "password": ADMIN.1 })).await.unwrap();
        expect(&r, 429, "too_many_attempts");
    });
}

/// README "Forgot the admin password": with the `recovery_token` variable set, the
/// password is reset from the command line and every session of that account ends.
async fn forgotten_password_is_reset_with_the_recovery_token(t: Target) {
    let off = App::start(t, Options::default());
    let body = json!({ "token": "0123456789abcdef0123", "username": ADMIN.0, "new_password": "brand new password" });
    expect(&off.client.anonymous().send_json("POST", "/api/auth/recover", &body).await.unwrap(), 403, "recovery_disabled");
    drop(off);

    let app = App::start(t, Options { recovery_token: Some("0123456789abcdef0123"), ..Options::default() });
    let anon = app.client.anonymous();
    let wrong = json!({ "token": "0123456789abcdef0124", "username": ADMIN.0, "new_password": "brand new password" });
    expect(&anon.send_json("POST", "/api/auth/recover", &wrong).await.unwrap(), 403, "bad_recovery_token");
    assert_eq!(app.client.get("/api/users/me").await.unwrap().status, 200, "a wrong token changes nothing");
    let r = anon.send_json("POST", "/api/auth/recover", &body).await.unwrap();
    assert_eq!((r.status, r.body["password_reset"].as_bool()), (200, Some(true)), "{}", r.text);
    expect(&app.client.get("/api/users/me").await.unwrap(), 401, "unauthenticated");
    assert!(anon.login(ADMIN.0, ADMIN.1).await.is_err());
    assert!(anon.login(ADMIN.0, "brand new password").await.is_ok());
}

/// Counts the rows a refused request must not have added.
fn message_count(app: &App) -> i64 {
    app.sqlite().query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0)).unwrap()
}

async fn limits_refuse_before_anything_is_stored(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let bob = admin.create_member("bob", "bob password").await.unwrap();
    let bob_id = bob.get("/api/users/me").await.unwrap().body["user"]["id"].as_str().unwrap().to_owned();
    let limits = format!("/api/admin/users/{bob_id}/limits");
    let r = admin.get(&limits).await.unwrap();
    assert_eq!(r.body["defaults"]["max_chats"], 200, "{}", r.text);
    assert_eq!(r.body["limits"]["max_chats"], Value::Null);
    expect(&admin.send_json("PUT", &limits, &json!({ "allowed_models": [] })).await.unwrap(), 400, "bad_request");
    let r = admin.send_json("PUT", &limits, &json!({ "max_chats": 1, "allowed_models": ["openai/gpt-4o-mini"] })).await.unwrap();
    assert_eq!((r.status, r.body["limits"]["max_chats"].as_i64()), (200, Some(1)), "{}", r.text);
    expect(&bob.send_json("PUT", &limits, &json!({ "max_chats": 100 })).await.unwrap(), 403, "admin_only");

    // The chat limit, and archived chats not counted.
    let first = create_conversation(&bob).await;
    expect(&bob.send_json("POST", "/api/conversations", &json!({})).await.unwrap(), 403, "chat_limit");
    let r = bob.send_json("PATCH", &format!("/api/conversations/{first}"), &json!({ "archived": true })).await.unwrap();
    assert!(r.body["archived_at"].is_string(), "{}", r.text);
    assert_eq!(bob.get("/api/conversations").await.unwrap().body["conversations"], json!([]));
    assert_eq!(bob.get("/api/conversations?archived=true").await.unwrap().body["conversations"][0]["id"], first.as_str());
    let second = create_conversation(&bob).await;
    expect(&bob.send_json("PATCH", &format!("/api/conversations/{first}"), &json!({ "archived": false })).await.unwrap(), 403, "chat_limit");
    assert_eq!(app.sqlite().query_row("SELECT COUNT(*) FROM conversations WHERE archived_at IS NULL", [], |r| r.get::<_, i64>(0)).unwrap(), 1);

    // Models: the picker's list and every send.
    let models = bob.get("/api/settings/models").await.unwrap().body["models"].clone();
    assert_eq!(models.as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect::<Vec<_>>(), ["openai/gpt-4o-mini"]);
    assert!(admin.get("/api/settings/models").await.unwrap().body["models"].as_array().unwrap().len() > 1, "the admin's list is not limited");
    let before = message_count(&app);
    let r = bob.stream(&format!("/api/conversations/{second}/messages"), &json!({ "content": "hi", "model": "anthropic/claude-3.5-sonnet" })).await.unwrap();
    expect(&r.err().expect("refused"), 403, "model_not_allowed");
    expect(&bob.send_json("PATCH", &format!("/api/conversations/{second}"), &json!({ "model": "anthropic/claude-3.5-sonnet" })).await.unwrap(), 403, "model_not_allowed");
    assert_eq!(message_count(&app), before, "nothing stored");

    // The monthly token budget, counted from what replies used.
    exchange(&bob, &second, "count my tokens").await;
    let me = bob.get("/api/users/me/limits").await.unwrap().body;
    let used = me["usage"]["tokens_this_month"].as_i64().unwrap();
    assert!(used > 0, "{me}");
    assert_eq!((me["usage"]["active_chats"].as_i64(), me["limits"]["max_chats"].as_i64()), (Some(1), Some(1)));
    let row = admin.get("/api/admin/users").await.unwrap().body["users"].as_array().unwrap().iter().find(|u| u["username"] == "bob").unwrap().clone();
    assert_eq!(row["tokens_this_month"].as_i64(), Some(used));
    admin.send_json("PUT", &limits, &json!({ "max_chats": 1, "monthly_token_budget": used })).await.unwrap();
    let before = message_count(&app);
    let r = bob.stream(&format!("/api/conversations/{second}/messages"), &json!({ "content": "over budget" })).await.unwrap();
    expect(&r.err().expect("refused"), 403, "budget_exhausted");
    let upstream_before = app.fake.requests().len();
    assert_eq!(message_count(&app), before, "refused before anything is stored");

    // Requests per window.
    admin.send_json("PUT", &limits, &json!({ "max_chats": 1, "requests_per_window": { "requests": 1, "seconds": 60 } })).await.unwrap();
    exchange(&bob, &second, "one").await;
    let r = bob.stream(&format!("/api/conversations/{second}/messages"), &json!({ "content": "two" })).await.unwrap();
    let r = r.err().expect("refused");
    expect(&r, 429, "rate_limited");
    assert!(r.headers.get("retry-after").is_some());
    assert_eq!(app.fake.requests().len(), upstream_before + 1, "only the allowed send reached the provider (the title was made before)");
    // The admin is not limited by bob's limits.
    let mine = create_conversation(admin).await;
    exchange(admin, &mine, "admin is fine").await;
}

async fn household_context_versions_and_the_order_the_model_sees(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let bob = admin.create_member("bob", "bob password").await.unwrap();
    let r = admin.get("/api/admin/context").await.unwrap();
    assert_eq!((r.status, r.body["current"].clone(), r.body["versions"].clone()), (200, Value::Null, json!([])));
    let v1 = admin.send_json("POST", "/api/admin/context", &json!({ "content": "We are the Smiths. Answer in British English." })).await.unwrap();
    assert_eq!(v1.status, 201, "{}", v1.text);
    admin.send_json("POST", "/api/admin/context", &json!({ "content": "We are the Smiths." })).await.unwrap();
    let list = admin.get("/api/admin/context").await.unwrap().body;
    assert_eq!(list["current"]["content"], "We are the Smiths.");
    assert_eq!(list["versions"].as_array().unwrap().len(), 2);
    assert_eq!(list["versions"][1]["created_by"], ADMIN.0);
    let v1_id = v1.body["version"]["id"].as_str().unwrap();
    let r = admin.raw("POST", &format!("/api/admin/context/{v1_id}/restore"), &[], vec![]).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    let list = admin.get("/api/admin/context").await.unwrap().body;
    assert_eq!((list["current"]["content"].as_str(), list["versions"].as_array().unwrap().len()), (Some("We are the Smiths. Answer in British English."), 3));
    expect(&bob.get("/api/admin/context").await.unwrap(), 403, "admin_only");
    let big = "x".repeat(20_001);
    assert_eq!(admin.send_json("POST", "/api/admin/context", &json!({ "content": big })).await.unwrap().status, 413);

    // Bob's "about me" and language are his own.
    let r = bob.send_json("PATCH", "/api/users/me/profile", &json!({ "about_me": "I am Bob, I am nine.", "language": "ru" })).await.unwrap();
    assert_eq!(r.body, json!({ "about_me": "I am Bob, I am nine.", "language": "ru" }));
    expect(&bob.send_json("PATCH", "/api/users/me/profile", &json!({ "language": "xx" })).await.unwrap(), 400, "bad_request");
    assert_eq!(admin.get("/api/users/me/profile").await.unwrap().body, json!({ "about_me": "", "language": "" }));

    // What the model sees: household, then the person, then the conversation's prompt.
    let system_sent = |app: &App| {
        let reqs: Vec<Value> = app.fake.requests().into_iter().filter(|r| r["body"]["stream"] == true).collect();
        reqs.last().unwrap()["body"]["messages"][0].clone()
    };
    let c = create_conversation(&bob).await;
    exchange(&bob, &c, "hello").await;
    let sys = system_sent(&app);
    assert_eq!(sys["role"], "system");
    let text = sys["content"].as_str().unwrap();
    let prompt = nexus_core::schema::DEFAULT_PROMPT_TEXT;
    assert_eq!(text, format!("We are the Smiths. Answer in British English.\n\nAbout the person you are talking with:\nI am Bob, I am nine.\n\n{prompt}"));
    let c = create_conversation(admin).await;
    exchange(admin, &c, "hello").await;
    assert_eq!(system_sent(&app)["content"].as_str().unwrap(), format!("We are the Smiths. Answer in British English.\n\n{prompt}"));
}

async fn invites_and_registration_modes(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let anon = admin.anonymous();
    let join = |name: &str, invite: Option<&str>| {
        let mut body = json!({ "username": name, "password": "joining password" });
        if let Some(i) = invite {
            body["invite"] = json!(i);
        }
        let anon = anon.clone();
        async move { anon.send_json("POST", "/api/auth/register", &body).await.unwrap() }
    };
    expect(&join("carol", None).await, 403, "registration_closed");
    assert_eq!(admin.send_json("PUT", "/api/admin/registration", &json!({ "mode": "invite" })).await.unwrap().body["mode"], "invite");
    assert_eq!(anon.get("/api/auth/status").await.unwrap().body["registration"], "invite");
    expect(&join("carol", None).await, 403, "registration_closed");
    let inv = admin.send_json("POST", "/api/admin/invites", &json!({ "expires_in_hours": 24 })).await.unwrap();
    assert_eq!(inv.status, 201, "{}", inv.text);
    let token = inv.body["token"].as_str().unwrap().to_owned();
    assert_eq!(inv.body["path"], format!("/join/{token}"));
    // A taken name leaves the invite unused.
    expect(&join("ADMIN", Some(&token)).await, 409, "username_taken");
    let r = join("carol", Some(&token)).await;
    assert_eq!((r.status, r.body["user"]["role"].as_str()), (201, Some("member")), "{}", r.text);
    let carol = admin.with_session_from(&r);
    assert_eq!(carol.get("/api/users/me").await.unwrap().body["user"]["username"], "carol");
    expect(&join("dave", Some(&token)).await, 403, "invalid_invite");
    let list = admin.get("/api/admin/invites").await.unwrap().body["invites"].clone();
    assert_eq!((list[0]["used_by"].as_str(), list[0]["created_by"].as_str()), (Some("carol"), Some(ADMIN.0)));
    assert!(!list.to_string().contains(&token), "the token is shown once");
    // Expired and revoked invites are refused.
    let old = admin.send_json("POST", "/api/admin/invites", &json!({})).await.unwrap();
    app.sqlite().execute("UPDATE invites SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?", [old.body["invite"]["id"].as_str().unwrap()]).unwrap();
    expect(&join("dave", old.body["token"].as_str()).await, 403, "invalid_invite");
    let revoked = admin.send_json("POST", "/api/admin/invites", &json!({})).await.unwrap();
    assert_eq!(admin.raw("DELETE", &format!("/api/admin/invites/{}", revoked.body["invite"]["id"].as_str().unwrap()), &[], vec![]).await.unwrap().status, 204);
    expect(&join("dave", revoked.body["token"].as_str()).await, 403, "invalid_invite");
    // Open: anyone who reaches the server signs up.
    admin.send_json("PUT", "/api/admin/registration", &json!({ "mode": "open" })).await.unwrap();
    assert_eq!(join("dave", None).await.status, 201);
    expect(&admin.send_json("PUT", "/api/admin/registration", &json!({ "mode": "sometimes" })).await.unwrap(), 400, "bad_request");
}

async fn sessions_slide_when_used(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let fresh = admin.get("/api/users/me").await.unwrap();
    assert!(fresh.headers.get("set-cookie").is_none(), "a session used within the hour is not rewritten");
    app.sqlite()
        .execute_batch("UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00.000Z', expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 days')")
        .unwrap();
    let r = admin.get("/api/users/me").await.unwrap();
    assert_eq!(r.status, 200);
    let cookie = r.headers.get("set-cookie").expect("the sliding session's new end").to_str().unwrap();
    assert!(cookie.contains("Max-Age=2592000") && cookie.starts_with(admin.cookie.as_deref().unwrap()), "{cookie}");
    let days: f64 = app.sqlite().query_row("SELECT julianday(expires_at) - julianday('now') FROM sessions", [], |r| r.get(0)).unwrap();
    assert!((29.9..30.1).contains(&days), "{days}");
    // An expired one is refused.
    app.sqlite().execute_batch("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'").unwrap();
    expect(&admin.get("/api/users/me").await.unwrap(), 401, "unauthenticated");
}
