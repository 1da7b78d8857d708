//! Providers end to end (test host, and real Spin when present): the instance speaking
//! Anthropic's Messages API to a fake that answers as Anthropic documents it.

mod common;

use common::{App, Options, Target};
use nexus_testhost::fake_upstream::reply_text;
use serde_json::{Value, json};

e2e!(a_reply_from_anthropic_streams_and_is_stored, the_protocol_can_come_from_the_variable);

async fn a_reply_from_anthropic_streams_and_is_stored(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let bob = admin.create_member("bob", "bob password").await.unwrap();
    let r = bob.send_json("PATCH", "/api/settings", &json!({ "provider_protocol": "anthropic" })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (403, Some("admin_only")), "{}", r.text);
    let bad = admin.send_json("PATCH", "/api/settings", &json!({ "provider_protocol": "carrier-pigeon" })).await.unwrap();
    assert_eq!(bad.status, 400);
    let r = admin.send_json("PATCH", "/api/settings", &json!({ "provider_protocol": "anthropic", "default_model": "claude-sonnet-4-5" })).await.unwrap();
    assert_eq!((r.status, r.body["provider_protocol"].as_str()), (200, Some("anthropic")), "{}", r.text);

    // The model list in Anthropic's form.
    let models = admin.get("/api/settings/models?refresh=1").await.unwrap().body["models"].clone();
    let ids: Vec<&str> = models.as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["claude-haiku-4-5", "claude-sonnet-4-5"], "{models}");

    // A reply: streamed, stored with its usage, titled.
    let c = admin.send_json("POST", "/api/conversations", &json!({})).await.unwrap();
    let id = c.body["id"].as_str().unwrap().to_owned();
    let events = admin.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": "Hello Claude" })).await.unwrap().unwrap().collect().await.unwrap();
    let text: String = events.iter().filter(|e| e["type"] == "delta").map(|e| e["content"].as_str().unwrap()).collect();
    assert_eq!(text, reply_text("Hello Claude"));
    assert!(events.iter().any(|e| e["type"] == "done"), "{events:?}");
    let sent: Vec<Value> = app.fake.requests().into_iter().filter(|r| r["path"] == "/v1/messages" && r["body"]["stream"] == true).collect();
    let req = sent.last().unwrap();
    assert_eq!((req["x_api_key"].as_str(), req["anthropic_version"].as_str()), (Some("sk-or-variable-key-9876"), Some("2023-06-01")));
    assert!(req["authorization"].is_null());
    assert!(req["body"]["system"].as_str().unwrap().starts_with("You are Nexus"), "the system prompt as a top-level field");
    let page = admin.get(&format!("/api/conversations/{id}")).await.unwrap().body;
    let reply = page["messages"][1].clone();
    assert_eq!((reply["status"].as_str(), reply["content"].as_str()), (Some("completed"), Some(text.as_str())));
    let words = text.split_inclusive(' ').count() as i64;
    assert_eq!((reply["metadata"]["prompt_tokens"].as_i64(), reply["metadata"]["completion_tokens"].as_i64()), (Some(25), Some(words)), "{reply}");
    assert_eq!(reply["metadata"]["total_tokens"].as_i64(), Some(25 + words));
    assert_eq!(reply["metadata"]["finish_reason"], "stop");
    common::eventually(10, "the title", || async {
        let c = admin.get(&format!("/api/conversations/{id}")).await.unwrap().body;
        (c["conversation"]["title"] == "Greetings From The Test Suite").then_some(())
    })
    .await;

    // Overloaded (529): the error says so, and what was sent is kept.
    let events = admin.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": "again [[status=529]]" })).await.unwrap().unwrap().collect().await.unwrap();
    let err = events.iter().find(|e| e["type"] == "error").expect("an error event");
    assert!(err["message"].as_str().unwrap().contains("overloaded (529)"), "{err}");
}

/// `SPIN_VARIABLE_PROVIDER_PROTOCOL=anthropic` (the Docker setup's way) without any
/// setting stored; an admin's setting wins over it.
async fn the_protocol_can_come_from_the_variable(t: Target) {
    let mut app = App::start(t, Options::default());
    app.set_var("provider_protocol", "anthropic");
    app.restart();
    let view = app.client.get("/api/settings").await.unwrap().body;
    assert_eq!(view["provider_protocol"], "anthropic");
    let c = app.client.send_json("POST", "/api/conversations", &json!({ "model": "claude-haiku-4-5" })).await.unwrap();
    let id = c.body["id"].as_str().unwrap().to_owned();
    let events = app.client.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": "hi" })).await.unwrap().unwrap().collect().await.unwrap();
    assert!(events.iter().any(|e| e["type"] == "done"), "{events:?}");
    assert_eq!(app.fake.requests().iter().filter(|r| r["path"] == "/v1/messages").count(), 2, "the reply and its title");
    app.client.send_json("PATCH", "/api/settings", &json!({ "provider_protocol": "openai" })).await.unwrap();
    let events = app.client.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": "again" })).await.unwrap().unwrap().collect().await.unwrap();
    assert!(events.iter().any(|e| e["type"] == "done"));
    assert_eq!(app.fake.requests().last().unwrap()["path"], "/v1/chat/completions", "the admin's setting wins");
}
