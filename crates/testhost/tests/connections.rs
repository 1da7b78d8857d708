//! Provider connections end to end (test host, and real Spin when present): several
//! connections beside the server one, one conversation switching between an
//! OpenAI-style and an Anthropic connection, parameters, cost and usage adding up,
//! keys sealed per connection, and who may see and use which.

mod common;

use common::{App, Options, Target};
use nexus_testhost::client::Client;
use nexus_testhost::fake_upstream::reply_text;
use serde_json::{Value, json};

e2e!(
    one_conversation_switches_between_providers_and_keeps_its_history,
    cost_and_usage_add_up_per_reply_conversation_and_month,
    a_connection_must_name_an_allowed_host_and_its_key_stays_sealed,
    members_use_household_connections_and_their_own_only_when_allowed,
    a_test_says_what_is_wrong,
    reasoning_is_its_own_part_and_never_goes_back_to_the_model,
    the_moderation_check_refuses_a_flagged_message_and_keeps_it,
);

async fn send(c: &Client, conversation: &str, body: Value) -> Vec<Value> {
    c.stream(&format!("/api/conversations/{conversation}/messages"), &body).await.unwrap().unwrap().collect().await.unwrap()
}

fn text_of(events: &[Value]) -> String {
    events.iter().filter(|e| e["type"] == "delta").map(|e| e["content"].as_str().unwrap()).collect()
}

async fn add(c: &Client, body: Value) -> String {
    let r = c.send_json("POST", "/api/settings/connections", &body).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(!r.text.contains(body["api_key"].as_str().unwrap_or("\u{0}")), "the key never comes back: {}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

async fn one_conversation_switches_between_providers_and_keeps_its_history(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let claude = add(admin, json!({ "kind": "anthropic", "name": "Claude", "base_url": app.fake.base_url(), "api_key": "sk-ant-household-5678" })).await;

    // One list over both connections.
    let models = admin.get("/api/settings/models?refresh=1").await.unwrap().body;
    let of = |conn: &str| -> Vec<String> {
        models["models"].as_array().unwrap().iter().filter(|m| m["connection_id"] == conn).map(|m| m["id"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(of(&claude), ["claude-haiku-4-5", "claude-sonnet-4-5"], "{models}");
    assert_eq!(of("default"), ["meta-llama/llama-3.1-8b-instruct:free", "openai/gpt-4o-mini"]);
    assert_eq!(models["connections"].as_array().unwrap().len(), 2);

    // Start on the server connection (OpenAI-style).
    let c = admin.send_json("POST", "/api/conversations", &json!({ "model": "openai/gpt-4o-mini" })).await.unwrap().body;
    let id = c["id"].as_str().unwrap().to_owned();
    assert_eq!((c["connection_id"].clone(), c["params"].clone()), (Value::Null, json!({})));
    let first = text_of(&send(admin, &id, json!({ "content": "First question" })).await);
    assert_eq!(first, reply_text("First question"));

    // Switch to Claude with parameters beyond Anthropic's temperature range.
    let r = admin
        .send_json("PATCH", &format!("/api/conversations/{id}"), &json!({ "connection_id": claude, "model": "claude-sonnet-4-5", "params": { "temperature": 1.6, "max_tokens": 700 } }))
        .await
        .unwrap();
    assert_eq!((r.status, r.body["connection_id"].as_str()), (200, Some(claude.as_str())), "{}", r.text);
    assert_eq!(r.body["params"], json!({ "temperature": 1.6, "max_tokens": 700 }));
    let second = text_of(&send(admin, &id, json!({ "content": "Second question" })).await);
    assert_eq!(second, reply_text("Second question"));
    let to_claude = app.fake.requests().into_iter().rfind(|r| r["path"] == "/v1/messages" && r["body"]["stream"] == true).unwrap();
    assert_eq!(to_claude["x_api_key"], "sk-ant-household-5678", "the connection's own key");
    let body = &to_claude["body"];
    assert_eq!((body["temperature"].as_f64(), body["max_tokens"].as_i64()), (Some(1.0), Some(700)));
    assert!(body["system"].as_str().unwrap().starts_with("You are Nexus"));
    let turns: Vec<(String, String)> =
        body["messages"].as_array().unwrap().iter().map(|m| (m["role"].as_str().unwrap().into(), m["content"].as_str().unwrap().into())).collect();
    assert_eq!(turns, [("user".into(), "First question".into()), ("assistant".into(), first.clone()), ("user".into(), "Second question".into())]);

    // And back, in the send itself (null: the server connection), parameters cleared.
    let r = admin.send_json("PATCH", &format!("/api/conversations/{id}"), &json!({ "params": {} })).await.unwrap();
    assert_eq!(r.body["params"], json!({}));
    let third = text_of(&send(admin, &id, json!({ "content": "Third question", "connection_id": null, "model": "openai/gpt-4o-mini" })).await);
    assert_eq!(third, reply_text("Third question"));
    let to_openai = app.fake.requests().into_iter().rfind(|r| r["path"] == "/v1/chat/completions" && r["body"]["stream"] == true).unwrap();
    let body = &to_openai["body"];
    assert_eq!(to_openai["authorization"], "Bearer sk-or-variable-key-9876");
    assert!(body.get("temperature").is_none() && body.get("max_tokens").is_none(), "{body}");
    let sent: Vec<(String, String)> =
        body["messages"].as_array().unwrap().iter().map(|m| (m["role"].as_str().unwrap().into(), m["content"].as_str().unwrap().into())).collect();
    assert_eq!(sent[0].0, "system");
    assert_eq!(&sent[1..], [
        ("user".into(), "First question".into()),
        ("assistant".into(), first),
        ("user".into(), "Second question".into()),
        ("assistant".into(), second),
        ("user".into(), "Third question".into()),
    ]);
    let page = admin.get(&format!("/api/conversations/{id}")).await.unwrap().body;
    assert_eq!(page["conversation"]["connection_id"], Value::Null);
    let providers: Vec<&str> = page["messages"].as_array().unwrap().iter().filter(|m| m["role"] == "assistant").map(|m| m["metadata"]["connection_id"].as_str().unwrap()).collect();
    assert_eq!(providers, ["default", claude.as_str(), "default"]);

    // A connection turned off: refused before anything is stored.
    let off = admin.send_json("PATCH", &format!("/api/settings/connections/{claude}"), &json!({ "enabled": false })).await.unwrap();
    assert_eq!((off.status, off.body["enabled"].as_bool()), (200, Some(false)), "{}", off.text);
    let r = admin
        .send_json("POST", &format!("/api/conversations/{id}/messages"), &json!({ "content": "to a closed door", "connection_id": claude, "model": "claude-sonnet-4-5" }))
        .await
        .unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (409, Some("connection_disabled")), "{}", r.text);
    assert_eq!(admin.get(&format!("/api/conversations/{id}")).await.unwrap().body["conversation"]["message_count"], 6);
    let models = admin.get("/api/settings/models").await.unwrap().body;
    assert!(models["models"].as_array().unwrap().iter().all(|m| m["connection_id"] == "default"), "a connection turned off lists nothing");

    // Deleted: the conversations that used it go back to the server connection.
    let r = admin.send_json("PATCH", &format!("/api/conversations/{id}"), &json!({ "connection_id": claude })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (409, Some("connection_disabled")));
    admin.send_json("PATCH", &format!("/api/settings/connections/{claude}"), &json!({ "enabled": true })).await.unwrap();
    admin.send_json("PATCH", &format!("/api/conversations/{id}"), &json!({ "connection_id": claude })).await.unwrap();
    assert_eq!(admin.raw("DELETE", &format!("/api/settings/connections/{claude}"), &[], vec![]).await.unwrap().status, 204);
    assert_eq!(admin.get(&format!("/api/conversations/{id}")).await.unwrap().body["conversation"]["connection_id"], Value::Null);
}

async fn cost_and_usage_add_up_per_reply_conversation_and_month(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    // An OpenAI connection (at the fake): no cost in its stream, prices in its model list.
    let openai = add(admin, json!({ "kind": "openai", "name": "OpenAI", "base_url": app.fake.base_url(), "api_key": "sk-openai-0000-1111" })).await;
    admin.get("/api/settings/models?refresh=1").await.unwrap();
    let c = admin.send_json("POST", "/api/conversations", &json!({ "connection_id": openai, "model": "openai/gpt-4o-mini" })).await.unwrap().body;
    let id = c["id"].as_str().unwrap().to_owned();
    let events = send(admin, &id, json!({ "content": "How much is this" })).await;
    let done = events.iter().find(|e| e["type"] == "done").expect("done");
    let req = app.fake.requests().into_iter().rfind(|r| r["path"] == "/v1/chat/completions" && r["body"]["stream"] == true).unwrap();
    assert!(req["body"].get("usage").is_none(), "OpenAI is not sent OpenRouter's usage field: {}", req["body"]);
    let page = admin.get(&format!("/api/conversations/{id}")).await.unwrap().body;
    let meta = page["messages"][1]["metadata"].clone();
    let (p, k) = (meta["prompt_tokens"].as_f64().unwrap(), meta["completion_tokens"].as_f64().unwrap());
    let estimate = (p * 0.15 + k * 0.6) / 1e6;
    assert!((meta["cost"].as_f64().unwrap() - estimate).abs() < 1e-12, "{meta}");
    assert_eq!((meta["cost_estimated"].as_bool(), meta["provider"].as_str()), (Some(true), Some("openai")));
    assert!((done["usage"]["cost"].as_f64().unwrap() - estimate).abs() < 1e-12, "{done}");

    // A second reply from the server connection: the provider's own cost (not an estimate).
    admin.send_json("PATCH", &format!("/api/conversations/{id}"), &json!({ "connection_id": null })).await.unwrap();
    send(admin, &id, json!({ "content": "And this" })).await;
    let page = admin.get(&format!("/api/conversations/{id}")).await.unwrap().body;
    let meta2 = page["messages"][3]["metadata"].clone();
    assert_eq!((meta2["cost"].as_f64(), meta2.get("cost_estimated")), (Some(0.000042), None), "{meta2}");

    // The conversation's total and the month's report agree with the replies.
    let usage = &page["usage"];
    let tokens = |m: &Value| m["prompt_tokens"].as_i64().unwrap() + m["completion_tokens"].as_i64().unwrap();
    assert_eq!(usage["replies"], 2);
    assert_eq!(usage["prompt_tokens"].as_i64().unwrap() + usage["completion_tokens"].as_i64().unwrap(), tokens(&meta) + tokens(&meta2));
    assert!((usage["cost"].as_f64().unwrap() - (estimate + 0.000042)).abs() < 1e-9, "{usage}");
    assert_eq!(usage["cost_estimated"], true);
    let month = admin.get("/api/users/me/usage").await.unwrap();
    assert_eq!(month.status, 200, "{}", month.text);
    let m = &month.body;
    assert_eq!(m["total"]["replies"], 2);
    assert_eq!(m["total"]["tokens"].as_i64().unwrap(), tokens(&meta) + tokens(&meta2));
    assert!((m["total"]["cost"].as_f64().unwrap() - (estimate + 0.000042)).abs() < 1e-9, "{m}");
    assert_eq!(m["days"].as_array().unwrap().len(), 1);
    assert_eq!(m["models"][0]["model"], "openai/gpt-4o-mini");
    assert_eq!(m["models"][0]["replies"], 2);
    assert_eq!(m["budget"]["used"].as_i64().unwrap(), tokens(&meta) + tokens(&meta2), "the budget counts every provider");
    let users = admin.get("/api/admin/users").await.unwrap().body;
    let me = users["users"].as_array().unwrap().iter().find(|u| u["username"] == common::ADMIN.0).unwrap().clone();
    assert!((me["cost_this_month"].as_f64().unwrap() - (estimate + 0.000042)).abs() < 1e-9, "the admin's list shows the month's cost: {me}");
    // Another month is empty; a malformed one is refused.
    assert_eq!(admin.get("/api/users/me/usage?month=2020-01").await.unwrap().body["total"]["replies"], 0);
    let bad = admin.get("/api/users/me/usage?month=2020-13").await.unwrap();
    assert_eq!((bad.status, bad.body["code"].as_str()), (400, Some("invalid_month")));
    // The admin sees a member's usage; the member cannot see the admin's.
    let bob = admin.create_member("bob", "bob password").await.unwrap();
    let bob_id = bob.get("/api/users/me").await.unwrap().body["user"]["id"].as_str().unwrap().to_owned();
    let r = admin.get(&format!("/api/admin/users/{bob_id}/usage")).await.unwrap();
    assert_eq!((r.status, r.body["total"]["replies"].as_i64()), (200, Some(0)));
    assert_eq!(bob.get("/api/users/me/usage").await.unwrap().body["total"]["replies"], 0, "bob's own month is his");
}

async fn a_connection_must_name_an_allowed_host_and_its_key_stays_sealed(t: Target) {
    let mut app = App::start(t, Options::default());
    let admin = app.client.clone();
    let count = |app: &App| app.sqlite().query_row("SELECT COUNT(*) FROM connections", [], |r| r.get::<_, i64>(0)).unwrap();
    // A LAN server the variables do not list: refused, saying which variable to set.
    let r = admin.send_json("POST", "/api/settings/connections", &json!({ "kind": "compatible", "base_url": "http://192.168.7.9:1234/v1" })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str(), r.body["variable"].as_str()), (400, Some("host_not_allowed"), Some("local_allowed_host")), "{}", r.text);
    assert!(r.body["error"].as_str().unwrap().contains("SPIN_VARIABLE_LOCAL_ALLOWED_HOST=http://192.168.7.9:1234"), "{}", r.text);
    for (body, code) in [
        (json!({ "kind": "carrier-pigeon" }), "invalid_kind"),
        (json!({ "kind": "compatible" }), "invalid_base_url"),
        (json!({ "kind": "openai" }), "api_key_required"),
    ] {
        let r = admin.send_json("POST", "/api/settings/connections", &body).await.unwrap();
        assert_eq!((r.status, r.body["code"].as_str()), (400, Some(code)), "{body}: {}", r.text);
    }
    assert_eq!(count(&app), 0, "nothing stored");
    let listed = admin.get("/api/settings/connections").await.unwrap().body;
    assert!(listed["allowed_hosts"].as_array().unwrap().iter().any(|h| h == "https://api.anthropic.com"), "{listed}");
    assert_eq!(listed["kinds"].as_array().unwrap().len(), 6);
    assert_eq!(listed["connections"][0]["id"], "default");

    // Two connections; each key sealed with its own id: swapped ciphertexts do not open.
    let key_a = "sk-first-connection-key-AAAA";
    let key_b = "sk-second-connection-key-BBBB";
    let a = add(&admin, json!({ "kind": "compatible", "name": "A", "base_url": app.fake.base_url(), "api_key": key_a })).await;
    let b = add(&admin, json!({ "kind": "compatible", "name": "B", "base_url": app.fake.base_url(), "api_key": key_b })).await;
    let listed = admin.get("/api/settings/connections").await.unwrap();
    assert!(!listed.text.contains(key_a) && !listed.text.contains(key_b));
    assert!(listed.text.contains("…AAAA"), "the last four characters are shown: {}", listed.text);
    let file = std::fs::read(&app.db_path).unwrap();
    let wal = std::fs::read(app.db_path.with_extension("db-wal")).unwrap_or_default();
    for key in [key_a, key_b] {
        let needle = key.as_bytes();
        assert!(!file.windows(needle.len()).any(|w| w == needle) && !wal.windows(needle.len()).any(|w| w == needle), "{key} is in the database file");
    }
    let sealed = |app: &App, id: &str| app.sqlite().query_row("SELECT api_key FROM connections WHERE id = ?", [id], |r| r.get::<_, String>(0)).unwrap();
    let (sa, sb) = (sealed(&app, &a), sealed(&app, &b));
    assert!(sa.starts_with("enc:v1:"));
    app.sqlite().execute("UPDATE connections SET api_key = ? WHERE id = ?", [&sb, &a]).unwrap();
    let listed = admin.get("/api/settings/connections").await.unwrap().body;
    let row = listed["connections"].as_array().unwrap().iter().find(|c| c["id"] == a).unwrap().clone();
    assert_eq!(row["key"]["configured"], false, "another row's ciphertext does not decrypt here: {row}");
    assert!(row["key"]["problem"].as_str().is_some(), "{row}");
    app.sqlite().execute("UPDATE connections SET api_key = ? WHERE id = ?", [&sa, &a]).unwrap();

    // Rotation: the next start re-encrypts every connection key under the new master key.
    let new_key = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    app.set_var("previous_encryption_key", common::TEST_ENCRYPTION_KEY);
    app.set_var("encryption_key", new_key);
    app.restart();
    let admin = app.client.clone();
    let c = admin.send_json("POST", "/api/conversations", &json!({ "connection_id": a })).await.unwrap().body["id"].as_str().unwrap().to_owned();
    send(&admin, &c, json!({ "content": "after rotation" })).await;
    let req = app.fake.requests().into_iter().rfind(|r| r["path"] == "/v1/chat/completions" && r["body"]["stream"] == true).unwrap();
    assert_eq!(req["authorization"], format!("Bearer {key_a}"), "the key still opens after rotation");
    assert_ne!(sealed(&app, &a), sa, "re-encrypted");
    app.set_var("previous_encryption_key", "");
    app.restart();
    let admin = app.client.clone();
    let listed = admin.get("/api/settings/connections").await.unwrap().body;
    assert!(listed["connections"].as_array().unwrap().iter().filter(|c| c["scope"] != "server").all(|c| c["key"]["configured"] == true), "{listed}");

    // Without a master key, a key is not stored.
    app.set_var("encryption_key", "");
    app.restart();
    let admin = app.client.clone();
    let r = admin.send_json("POST", "/api/settings/connections", &json!({ "kind": "deepseek", "api_key": "sk-deepseek-1234-5678" })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (409, Some("encryption_key_missing")), "{}", r.text);
    assert_eq!(count(&app), 2);
    if t == Target::Spin {
        let log = app.server_log();
        for key in [key_a, key_b, "sk-deepseek-1234-5678"] {
            assert!(!log.contains(key), "{key} is in the server log");
        }
    }
}

async fn members_use_household_connections_and_their_own_only_when_allowed(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let bob = admin.create_member("bob", "bob password").await.unwrap();
    let household = add(admin, json!({ "kind": "anthropic", "name": "Family Claude", "base_url": app.fake.base_url(), "api_key": "sk-ant-family-0001" })).await;
    let own = json!({ "kind": "compatible", "name": "Bob's box", "base_url": app.fake.base_url(), "api_key": "sk-bob-own-key-0002" });
    // Members may not add connections until an admin allows it, nor touch the household's.
    let r = bob.send_json("POST", "/api/settings/connections", &own).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (403, Some("member_connections_off")), "{}", r.text);
    let r = bob.send_json("PATCH", &format!("/api/settings/connections/{household}"), &json!({ "enabled": false })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (403, Some("admin_only")));
    let r = bob.send_json("PATCH", "/api/settings", &json!({ "allow_member_connections": true })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (403, Some("admin_only")));
    // Bob sees the household's connection without its key hint, and may use it.
    let listed = bob.get("/api/settings/connections").await.unwrap();
    let row = listed.body["connections"].as_array().unwrap().iter().find(|c| c["id"] == household).unwrap().clone();
    assert_eq!((row["editable"].as_bool(), row["key"]["configured"].as_bool(), row["key"].get("hint")), (Some(false), Some(true), None), "{row}");
    assert_eq!(listed.body["can_add"], false);
    let c = bob.send_json("POST", "/api/conversations", &json!({ "connection_id": household, "model": "claude-haiku-4-5" })).await.unwrap();
    assert_eq!(c.status, 201, "{}", c.text);
    let id = c.body["id"].as_str().unwrap().to_owned();
    assert_eq!(text_of(&send(&bob, &id, json!({ "content": "Hi from Bob" })).await), reply_text("Hi from Bob"));

    // Allowed: Bob adds his own; only he sees it (not even the admin).
    let r = admin.send_json("PATCH", "/api/settings", &json!({ "allow_member_connections": true })).await.unwrap();
    assert_eq!((r.status, r.body["allow_member_connections"].as_bool()), (200, Some(true)), "{}", r.text);
    let r = bob.send_json("POST", "/api/settings/connections", &json!({ "kind": "compatible", "base_url": app.fake.base_url(), "scope": "household" })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (403, Some("admin_only")), "a member adds only for themselves");
    let bobs = add(&bob, own.clone()).await;
    assert!(!admin.get("/api/settings/connections").await.unwrap().text.contains(&bobs));
    let r = admin.send_json("POST", "/api/conversations", &json!({ "connection_id": bobs })).await.unwrap();
    assert_eq!(r.status, 404, "the admin cannot use Bob's key: {}", r.text);
    let c = bob.send_json("POST", "/api/conversations", &json!({ "connection_id": bobs })).await.unwrap().body["id"].as_str().unwrap().to_owned();
    send(&bob, &c, json!({ "content": "On my own key" })).await;
    let req = app.fake.requests().into_iter().rfind(|r| r["path"] == "/v1/chat/completions" && r["body"]["stream"] == true).unwrap();
    assert_eq!(req["authorization"], "Bearer sk-bob-own-key-0002");
    let models = bob.get("/api/settings/models").await.unwrap().body;
    assert!(models["connections"].as_array().unwrap().iter().any(|c| c["id"] == bobs.as_str()), "{models}");

    // Allowed no more: his own connection is not used (and not listed for picking).
    admin.send_json("PATCH", "/api/settings", &json!({ "allow_member_connections": false })).await.unwrap();
    let r = bob.send_json("POST", &format!("/api/conversations/{c}/messages"), &json!({ "content": "still?" })).await.unwrap();
    assert_eq!(r.status, 404, "{}", r.text);
    let models = bob.get("/api/settings/models").await.unwrap().body;
    assert!(models["connections"].as_array().unwrap().iter().all(|c| c["id"] != bobs.as_str()), "{models}");
    // The admin's allowed-models limit applies across connections.
    let r = admin.send_json("PUT", &format!("/api/admin/users/{}/limits", bob.get("/api/users/me").await.unwrap().body["user"]["id"].as_str().unwrap()), &json!({ "allowed_models": ["claude-haiku-4-5"] })).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
    let ids: Vec<String> = bob.get("/api/settings/models").await.unwrap().body["models"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids, ["claude-haiku-4-5"]);
}

async fn a_test_says_what_is_wrong(t: Target) {
    let mut app = App::start(t, Options::default());
    // A draft that works: its models.
    let r = app.client.send_json("POST", "/api/settings/connections/test", &json!({ "kind": "anthropic", "base_url": app.fake.base_url(), "api_key": "sk-ant-try-1234" })).await.unwrap();
    assert_eq!((r.status, r.body["ok"].as_bool(), r.body["models"].as_i64()), (200, Some(true), Some(2)), "{}", r.text);
    assert_eq!(r.body["sample"][0], "claude-haiku-4-5");
    // The server connection, by its id.
    let r = app.client.send_json("POST", "/api/settings/connections/default/test", &json!({})).await.unwrap();
    assert_eq!((r.body["ok"].as_bool(), r.body["models"].as_i64()), (Some(true), Some(2)), "{}", r.text);
    // A server nobody answers on (its host allowed by the variable): a sentence, not a 5xx.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    app.set_var("local_allowed_host", &format!("http://127.0.0.1:{closed}"));
    app.restart();
    let r = app.client.send_json("POST", "/api/settings/connections/test", &json!({ "kind": "compatible", "base_url": format!("http://127.0.0.1:{closed}/v1") })).await.unwrap();
    assert_eq!((r.status, r.body["ok"].as_bool()), (200, Some(false)), "{}", r.text);
    assert!(r.body["error"].as_str().unwrap().contains("Could not reach"), "{}", r.text);
    assert_eq!(app.sqlite().query_row("SELECT COUNT(*) FROM connections", [], |r| r.get::<_, i64>(0)).unwrap(), 0, "a test stores nothing");
}

async fn reasoning_is_its_own_part_and_never_goes_back_to_the_model(t: Target) {
    use nexus_testhost::fake_upstream::FAKE_REASONING;
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let claude = add(admin, json!({ "kind": "anthropic", "base_url": app.fake.base_url(), "api_key": "sk-ant-think-0001" })).await;
    let c = admin.send_json("POST", "/api/conversations", &json!({})).await.unwrap().body["id"].as_str().unwrap().to_owned();
    for (connection, model) in [(Value::Null, "openai/gpt-4o-mini"), (json!(claude), "claude-sonnet-4-5")] {
        let ask = format!("Think about it [[think=1]] on {model}");
        let events = send(admin, &c, json!({ "content": ask, "connection_id": connection, "model": model })).await;
        let reasoning: String = events.iter().filter(|e| e["type"] == "reasoning").map(|e| e["content"].as_str().unwrap()).collect();
        assert_eq!(reasoning, FAKE_REASONING, "{model}: {events:?}");
        assert!(events.iter().filter(|e| e["type"] == "reasoning").all(|e| e.get("offset").is_none()));
        assert_eq!(text_of(&events), reply_text(&ask), "{model}: the answer holds no reasoning");
        let id = events[0]["message_id"].as_str().unwrap().to_owned();
        let m = admin.get(&format!("/api/conversations/{c}/messages/{id}")).await.unwrap().body;
        assert_eq!(m["parts"], json!([{ "type": "reasoning", "text": FAKE_REASONING }, { "type": "text", "text": reply_text(&ask) }]), "{m}");
        assert_eq!(m["content"], reply_text(&ask));
    }
    // What each provider received holds the earlier answers, never the reasoning.
    for r in app.fake.requests().into_iter().filter(|r| r["body"]["stream"] == true) {
        assert!(!r["body"].to_string().contains(FAKE_REASONING), "reasoning was sent back: {}", r["body"]);
    }
    // Costs: the server connection's reported one; Claude's unknown (no price, none
    // reported) is not counted as free.
    let month = admin.get("/api/users/me/usage").await.unwrap().body;
    let row = |model: &str| month["models"].as_array().unwrap().iter().find(|m| m["model"] == model).unwrap().clone();
    assert_eq!((row("claude-sonnet-4-5")["cost"].clone(), row("openai/gpt-4o-mini")["cost"].as_f64()), (Value::Null, Some(0.000042)), "{month}");
    assert_eq!(admin.get(&format!("/api/conversations/{c}")).await.unwrap().body["usage"]["cost"].as_f64(), Some(0.000042));

    // While the model still thinks, a reader that loads the reply sees the reasoning so far.
    let mut reader = admin.stream(&format!("/api/conversations/{c}/messages"), &json!({ "content": "Slowly [[think=1 hold=0]]", "connection_id": null, "model": "openai/gpt-4o-mini" })).await.unwrap().unwrap();
    let id = loop {
        let e = reader.next().await.unwrap().expect("an event");
        if e["type"] == "start" {
            break e["message_id"].as_str().unwrap().to_owned();
        }
    };
    common::eventually(10, "the reasoning stored while streaming", || async {
        let m = admin.get(&format!("/api/conversations/{c}/messages/{id}")).await.unwrap().body;
        (m["status"] == "streaming" && m["parts"][0]["text"] == FAKE_REASONING).then_some(())
    })
    .await;
    app.fake.release();
    let rest = reader.collect().await.unwrap();
    assert!(rest.iter().any(|e| e["type"] == "done"), "{rest:?}");

    // A user message has one part, its text.
    let page = admin.get(&format!("/api/conversations/{c}")).await.unwrap().body;
    assert_eq!(page["messages"][0]["parts"], json!([{ "type": "text", "text": page["messages"][0]["content"] }]));
}

async fn the_moderation_check_refuses_a_flagged_message_and_keeps_it(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let bob = admin.create_member("bob", "bob password").await.unwrap();
    let r = bob.send_json("PATCH", "/api/settings", &json!({ "moderation": true })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (403, Some("admin_only")));
    let r = admin.send_json("PATCH", "/api/settings", &json!({ "moderation": true })).await.unwrap();
    assert_eq!((r.status, r.body["moderation"].as_bool()), (200, Some(true)), "{}", r.text);
    let c = bob.send_json("POST", "/api/conversations", &json!({})).await.unwrap().body["id"].as_str().unwrap().to_owned();
    // On, but no OpenAI connection yet: nothing to check with, messages go through.
    send(&bob, &c, json!({ "content": "Hello [[flag]] before any OpenAI connection" })).await;
    assert!(app.fake.requests().iter().all(|r| r["path"] != "/v1/moderations"));
    add(admin, json!({ "kind": "openai", "name": "OpenAI", "base_url": app.fake.base_url(), "api_key": "sk-openai-moderation-77" })).await;

    let chats = || app.fake.requests().into_iter().filter(|r| r["path"] == "/v1/chat/completions" && r["body"]["stream"] == true).count();
    let before = chats();
    let r = bob.send_json("POST", &format!("/api/conversations/{c}/messages"), &json!({ "content": "Something violent [[flag]]" })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (403, Some("moderation_flagged")), "{}", r.text);
    assert!(r.body["error"].as_str().unwrap().contains("violence"), "{}", r.text);
    assert_eq!(chats(), before, "a flagged message is not sent to any model");
    let asked = app.fake.requests().into_iter().rfind(|r| r["path"] == "/v1/moderations").unwrap();
    assert_eq!(asked["authorization"], "Bearer sk-openai-moderation-77");
    assert_eq!((asked["body"]["model"].as_str(), asked["body"]["input"].as_str()), (Some("omni-moderation-latest"), Some("Something violent [[flag]]")));
    // Kept, shown where it was sent, marked refused.
    let page = bob.get(&format!("/api/conversations/{c}")).await.unwrap().body;
    let last = page["messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["role"].as_str(), last["status"].as_str(), last["content"].as_str()), (Some("user"), Some("refused"), Some("Something violent [[flag]]")), "{last}");
    assert_eq!(last["metadata"]["moderation"]["categories"], json!(["violence"]));
    // The next message is answered without the refused one in the history.
    send(&bob, &c, json!({ "content": "Something kind" })).await;
    let sent = app.fake.requests().into_iter().rfind(|r| r["path"] == "/v1/chat/completions" && r["body"]["stream"] == true).unwrap();
    assert!(!sent["body"].to_string().contains("Something violent"), "{}", sent["body"]);
    // The check cannot be made: refused, nothing stored.
    let count = bob.get(&format!("/api/conversations/{c}")).await.unwrap().body["conversation"]["message_count"].clone();
    let r = bob.send_json("POST", &format!("/api/conversations/{c}/messages"), &json!({ "content": "Hello [[moderation=down]]" })).await.unwrap();
    assert_eq!(r.status, 502, "{}", r.text);
    assert_eq!(bob.get(&format!("/api/conversations/{c}")).await.unwrap().body["conversation"]["message_count"], count);
}
