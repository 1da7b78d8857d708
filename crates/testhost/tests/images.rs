//! End-to-end: pictures in the chat (upload, serve, attach, send to each protocol, share,
//! isolation) and a client's own id for a message (the offline outbox's duplicate check).

mod common;

use common::{App, Options, Target};
use serde_json::{Value, json};

e2e!(client_id_makes_a_second_send_a_duplicate,);

async fn new_conversation(app: &App) -> String {
    let r = app.client.send_json("POST", "/api/conversations", &json!({})).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

async fn send(app: &App, id: &str, body: Value) -> Vec<Value> {
    let reader = app.client.stream(&format!("/api/conversations/{id}/messages"), &body).await.unwrap();
    reader.unwrap_or_else(|r| panic!("{} {}", r.status, r.text)).collect().await.unwrap()
}

fn event<'a>(events: &'a [Value], kind: &str) -> &'a Value {
    events.iter().find(|e| e["type"] == kind).unwrap_or_else(|| panic!("no {kind} in {events:?}"))
}

fn chat_requests(app: &App) -> Vec<Value> {
    app.fake.requests().into_iter().filter(|r| r["body"]["stream"] == true).collect()
}

async fn message_count(app: &App, id: &str) -> usize {
    let r = app.client.get(&format!("/api/conversations/{id}/messages")).await.unwrap();
    r.body["messages"].as_array().unwrap().len()
}

async fn client_id_makes_a_second_send_a_duplicate(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let cid = "3f0c1a52-7d4e-4b8a-9c1e-2a6f5b7d8e90";
    let events = send(&app, &id, json!({ "content": "from the outbox", "client_id": cid })).await;
    let stored = event(&events, "start")["user_message_id"].as_str().unwrap().to_owned();
    assert_eq!(event(&events, "done")["status"], "completed");
    let m = app.client.get(&format!("/api/conversations/{id}/messages/{stored}")).await.unwrap();
    assert_eq!(m.body["client_id"], cid, "the message keeps the client's id");
    // The outbox sends it again (its first answer was lost): nothing new, and where it is.
    let again = app.client.send_json("POST", &format!("/api/conversations/{id}/messages"), &json!({ "content": "from the outbox", "client_id": cid })).await.unwrap();
    assert_eq!(again.status, 409, "{}", again.text);
    assert_eq!((again.body["code"].as_str(), again.body["message_id"].as_str()), (Some("duplicate"), Some(stored.as_str())));
    assert!(again.body["error"].as_str().unwrap().contains("already sent"));
    assert_eq!(message_count(&app, &id).await, 2, "one user message and its reply");
    assert_eq!(chat_requests(&app).len(), 1, "the provider was asked once");
    // The same id in another conversation is another message; a malformed one is refused.
    let other = new_conversation(&app).await;
    let events = send(&app, &other, json!({ "content": "elsewhere", "client_id": cid })).await;
    assert_eq!(event(&events, "done")["status"], "completed");
    let bad = app.client.send_json("POST", &format!("/api/conversations/{id}/messages"), &json!({ "content": "x", "client_id": "not-a-uuid" })).await.unwrap();
    assert_eq!((bad.status, bad.body["code"].as_str()), (400, Some("bad_request")), "{}", bad.text);
    assert_eq!(message_count(&app, &id).await, 2);
}
