//! Providers end to end (test host, and real Spin when present): the instance speaking
//! Anthropic's Messages API to a fake that answers as Anthropic documents it.

mod common;

use common::{App, Options, Target};
use nexus_testhost::fake_upstream::reply_text;
use serde_json::{Value, json};

e2e!(a_reply_from_anthropic_streams_and_is_stored, the_protocol_can_come_from_the_variable, a_passing_overload_is_retried, stop_works_while_waiting_to_retry);

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

fn streamed_requests(app: &App, content: &str) -> usize {
    app.fake.requests().iter().filter(|r| r["body"]["stream"] == true && r["body"]["messages"].to_string().contains(content)).count()
}

/// 503 twice, then a reply (OpenAI protocol); 529 once (Anthropic): the reply arrives,
/// and says how often it was retried. A lasting error fails after the retries.
async fn a_passing_overload_is_retried(t: Target) {
    let app = App::start(t, Options::default());
    let c = app.client.send_json("POST", "/api/conversations", &json!({})).await.unwrap();
    let id = c.body["id"].as_str().unwrap().to_owned();
    let send = |content: &'static str| {
        let client = app.client.clone();
        let id = id.clone();
        async move { client.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": content })).await.unwrap().unwrap().collect().await.unwrap() }
    };
    let t0 = std::time::Instant::now();
    let events = send("busy [[status=503 fails=2]]").await;
    let waited = t0.elapsed();
    assert!(events.iter().any(|e| e["type"] == "done"), "{events:?}");
    assert_eq!(streamed_requests(&app, "busy [[status=503 fails=2]]"), 3);
    assert!(waited >= std::time::Duration::from_millis(3900), "waited 1 s, then 3 s: {waited:?}");
    let page = app.client.get(&format!("/api/conversations/{id}")).await.unwrap().body;
    let reply = page["messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((reply["status"].as_str(), reply["metadata"]["retries"].as_u64()), (Some("completed"), Some(2)), "{reply}");

    let events = send("down [[status=500]]").await;
    let err = events.iter().find(|e| e["type"] == "error").expect("an error after the retries");
    assert_eq!(err["code"], "provider_error");
    assert_eq!(streamed_requests(&app, "down [[status=500]]"), 3, "the first try and two retries");
    let events = send("no key [[status=401]]").await;
    assert!(events.iter().any(|e| e["type"] == "error"));
    assert_eq!(streamed_requests(&app, "no key [[status=401]]"), 1, "a 401 is not retried");

    app.client.send_json("PATCH", "/api/settings", &json!({ "provider_protocol": "anthropic" })).await.unwrap();
    let events = send("claude busy [[status=529 fails=1]]").await;
    assert!(events.iter().any(|e| e["type"] == "done"), "{events:?}");
    assert_eq!(app.fake.requests().iter().filter(|r| r["path"] == "/v1/messages" && r["body"]["stream"] == true).count(), 2);
}

/// Stop while the writer waits to retry ends the reply at once.
async fn stop_works_while_waiting_to_retry(t: Target) {
    let app = App::start(t, Options::default());
    let c = app.client.send_json("POST", "/api/conversations", &json!({})).await.unwrap();
    let id = c.body["id"].as_str().unwrap().to_owned();
    let mut reader = app.client.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": "x [[status=503]]" })).await.unwrap().unwrap();
    let start = reader.next().await.unwrap().unwrap();
    let mid = start["message_id"].as_str().unwrap().to_owned();
    common::eventually(5, "the first attempt", || async { (streamed_requests(&app, "x [[status=503]]") == 1).then_some(()) }).await;
    let t0 = std::time::Instant::now();
    let r = app.client.send_json("POST", &format!("/api/conversations/{id}/messages/{mid}/stop"), &json!({})).await.unwrap();
    assert_eq!(r.status, 202, "{}", r.text);
    let rest = reader.collect().await.unwrap();
    assert!(t0.elapsed() < std::time::Duration::from_millis(900), "stopped within a check-in: {:?}", t0.elapsed());
    assert!(rest.iter().any(|e| e["type"] == "done" || e["type"] == "stopped" || e["type"] == "error"), "{rest:?}");
    let page = app.client.get(&format!("/api/conversations/{id}")).await.unwrap().body;
    assert_eq!(page["messages"].as_array().unwrap().last().unwrap()["status"], "stopped");
    assert_eq!(streamed_requests(&app, "x [[status=503]]"), 1, "no retry after the stop");
}
