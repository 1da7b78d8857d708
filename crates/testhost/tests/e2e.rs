//! End-to-end tests over loopback HTTP: Nexus (test host, or real Spin when present)
//! talking to a fake OpenAI-compatible provider. Every endpoint and error path.

mod common;

use common::{App, Options, Target, eventually};
use nexus_testhost::fake_upstream::reply_text;
use serde_json::{Value, json};

e2e!(
    health_reports_key_state,
    conversation_crud_and_listing,
    send_streams_and_stores_the_exchange,
    exchange_survives_restart,
    deltas_arrive_before_upstream_finishes,
    client_disconnect_still_saves_full_reply,
    upstream_http_errors_become_error_events,
    cut_connection_keeps_partial_text,
    in_stream_error_keeps_partial_text,
    missing_api_key_says_where_to_set_it,
    history_and_system_prompt_reach_the_model,
    model_switch_in_message_body,
    title_failure_leaves_title_alone,
    bad_input_is_refused_and_nothing_is_lost,
    settings_key_is_write_only_and_wins,
    models_are_filtered_and_cached,
    prompts_crud_and_default_protection,
    stale_streaming_reply_is_marked_interrupted,
    static_files_and_spa_fallback,
    service_worker_is_a_fresh_script,
    cors_is_closed_by_default,
    cors_allow_list,
);

async fn new_conversation(app: &App) -> String {
    let r = app.client.send_json("POST", "/api/conversations", &json!({})).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

/// Sends a message and reads the whole event stream.
async fn send(app: &App, id: &str, content: &str) -> Vec<Value> {
    let reader = app
        .client
        .stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": content }))
        .await
        .unwrap()
        .unwrap_or_else(|r| panic!("expected a stream, got {} {}", r.status, r.text));
    reader.collect().await.unwrap()
}

fn deltas(events: &[Value]) -> String {
    events.iter().filter(|e| e["type"] == "delta").map(|e| e["content"].as_str().unwrap()).collect()
}

fn last_of<'a>(events: &'a [Value], kind: &str) -> &'a Value {
    events.iter().rev().find(|e| e["type"] == kind).unwrap_or_else(|| panic!("no {kind} event in {events:?}"))
}

async fn conversation(app: &App, id: &str) -> Value {
    let r = app.client.get(&format!("/api/conversations/{id}")).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

async fn health_reports_key_state(t: Target) {
    let app = App::start(t, Options::default());
    let r = app.client.get("/api/health").await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.body["status"], "ok");
    assert_eq!(r.body["api_key_configured"], true);
    assert!(r.body["version"].is_string());
    let r = app.client.send_json("POST", "/api/health", &json!({})).await.unwrap();
    assert_eq!(r.status, 405);
    assert_eq!(r.headers["allow"], "GET");

    let app = App::start(t, Options { api_key: None, ..Options::default() });
    let r = app.client.get("/api/health").await.unwrap();
    assert_eq!(r.body["api_key_configured"], false);
}

async fn conversation_crud_and_listing(t: Target) {
    let app = App::start(t, Options::default());
    let r = app.client.get("/api/conversations").await.unwrap();
    assert_eq!(r.body, json!({ "conversations": [], "next_cursor": null, "pinned": [] }));

    let a = new_conversation(&app).await;
    let r = app.client.send_json("POST", "/api/conversations", &json!({ "model": "meta-llama/llama-3.1-8b-instruct:free", "system_prompt_id": "default" })).await.unwrap();
    assert_eq!(r.status, 201);
    assert_eq!(r.body["model"], "meta-llama/llama-3.1-8b-instruct:free");
    assert_eq!(r.body["system_prompt_id"], "default");
    assert_eq!(r.body["title"], "New chat");
    assert_eq!(r.body["message_count"], 0);
    let b = r.body["id"].as_str().unwrap().to_owned();

    // Default model comes from settings.
    let r = app.client.get(&format!("/api/conversations/{a}")).await.unwrap();
    assert_eq!(r.body["conversation"]["model"], "openai/gpt-4o-mini");
    assert_eq!(r.body["messages"], json!([]));

    // A message moves a conversation to the top, with a preview.
    send(&app, &a, "first question").await;
    let list = app.client.get("/api/conversations").await.unwrap().body;
    let ids: Vec<&str> = list["conversations"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![a.as_str(), b.as_str()]);
    assert_eq!(list["conversations"][0]["message_count"], 2);
    assert_eq!(list["conversations"][0]["preview"], "You said: first question");
    send(&app, &b, "second").await;
    let list = app.client.get("/api/conversations").await.unwrap().body;
    assert_eq!(list["conversations"][0]["id"], b.as_str());

    // PATCH title, model, prompt.
    let r = app.client.send_json("PATCH", &format!("/api/conversations/{a}"), &json!({ "title": "  My   plans ", "model": "x/y" })).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["title"], "My plans");
    assert_eq!(r.body["model"], "x/y");
    let r = app.client.send_json("PATCH", &format!("/api/conversations/{a}"), &json!({ "system_prompt_id": "default" })).await.unwrap();
    assert_eq!(r.body["system_prompt_id"], "default");
    assert_eq!(r.body["title"], "My plans");
    let r = app.client.send_json("PATCH", &format!("/api/conversations/{a}"), &json!({ "system_prompt_id": null })).await.unwrap();
    assert_eq!(r.body["system_prompt_id"], Value::Null);
    let r = app.client.send_json("PATCH", &format!("/api/conversations/{a}"), &json!({ "system_prompt_id": "nope" })).await.unwrap();
    assert_eq!(r.status, 400);
    assert!(r.body["error"].as_str().unwrap().contains("system prompt"));
    let r = app.client.send_json("PATCH", &format!("/api/conversations/{a}"), &json!({ "title": "   " })).await.unwrap();
    assert_eq!(r.status, 400);

    // DELETE cascades to messages.
    let r = app.client.raw("DELETE", &format!("/api/conversations/{a}"), &[], vec![]).await.unwrap();
    assert_eq!(r.status, 204);
    let r = app.client.get(&format!("/api/conversations/{a}")).await.unwrap();
    assert_eq!(r.status, 404);
    assert!(r.body["error"].is_string());
    let r = app.client.raw("DELETE", &format!("/api/conversations/{a}"), &[], vec![]).await.unwrap();
    assert_eq!(r.status, 404);
    let orphans: i64 = app.sqlite().query_row("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", [&a], |r| r.get(0)).unwrap();
    assert_eq!(orphans, 0);
}

async fn send_streams_and_stores_the_exchange(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let content = "Héllo wörld, ünïcode 🎉 [[split=1]]";
    let reader = app.client.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": content })).await.unwrap().unwrap();
    assert!(reader.headers["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    assert_eq!(reader.headers["cache-control"], "no-cache");
    let events = reader.collect().await.unwrap();

    assert_eq!(events[0]["type"], "start");
    assert_eq!(events[0]["conversation_id"], id.as_str());
    let message_id = events[0]["message_id"].as_str().unwrap().to_owned();
    assert!(events.iter().filter(|e| e["type"] == "delta").count() >= 4, "one delta per chunk: {events:?}");
    assert_eq!(deltas(&events), reply_text(content));
    let done = last_of(&events, "done");
    assert_eq!(done["message_id"], message_id.as_str());
    assert_eq!(done["model"], "openai/gpt-4o-mini");
    assert!(done["usage"]["completion_tokens"].as_i64().unwrap() > 0);
    assert_eq!(done["usage"]["cost"], 0.000042);
    assert!(!events.iter().any(|e| e["type"] == "error"));
    // Auto-title after the first exchange, cleaned to at most 5 words.
    assert_eq!(last_of(&events, "title")["title"], "Greetings From The Test Suite");

    let c = conversation(&app, &id).await;
    assert_eq!(c["conversation"]["title"], "Greetings From The Test Suite");
    let msgs = c["messages"].as_array().unwrap();
    assert_eq!(msgs.len(), 2);
    assert_eq!(msgs[0]["role"], "user");
    assert_eq!(msgs[0]["content"], content);
    assert_eq!(msgs[1]["role"], "assistant");
    assert_eq!(msgs[1]["id"], message_id.as_str());
    assert_eq!(msgs[1]["status"], "completed");
    assert_eq!(msgs[1]["content"], reply_text(content).as_str());
    let meta = &msgs[1]["metadata"];
    assert_eq!(meta["model"], "openai/gpt-4o-mini");
    assert!(meta["prompt_tokens"].as_i64().unwrap() > 0);
    assert!(meta["completion_tokens"].as_i64().unwrap() > 0);
    assert_eq!(meta["cost"], 0.000042);
    assert_eq!(meta["finish_reason"], "stop");
    assert!(meta["time_to_first_token_ms"].is_u64());
    assert!(meta["duration_ms"].as_u64().unwrap() >= meta["time_to_first_token_ms"].as_u64().unwrap());

    // The provider got the headers OpenRouter wants, and the key.
    let reqs = app.fake.requests();
    let chat = reqs.iter().find(|r| r["body"]["stream"] == true).unwrap();
    assert_eq!(chat["authorization"], "Bearer sk-or-variable-key-9876");
    assert_eq!(chat["x_title"], "Nexus");
    assert_eq!(chat["body"]["model"], "openai/gpt-4o-mini");
    assert_eq!(chat["body"]["stream_options"]["include_usage"], true);
}

async fn exchange_survives_restart(t: Target) {
    let mut app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    send(&app, &id, "remember me").await;
    let before = conversation(&app, &id).await;
    app.restart();
    let after = conversation(&app, &id).await;
    assert_eq!(before, after);
    assert_eq!(after["messages"][1]["content"], "You said: remember me");
}

async fn deltas_arrive_before_upstream_finishes(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    // The fake sends two chunks, then waits for a release that only comes after we have
    // seen those two chunks as deltas: no batching until the end.
    let content = "one two three four [[hold=2]]";
    let mut reader = app.client.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": content })).await.unwrap().unwrap();
    assert_eq!(reader.next().await.unwrap().unwrap()["type"], "start");
    let first = reader.next().await.unwrap().unwrap();
    let second = reader.next().await.unwrap().unwrap();
    assert_eq!((first["type"].as_str(), first["content"].as_str()), (Some("delta"), Some("You")));
    assert_eq!((second["type"].as_str(), second["content"].as_str()), (Some("delta"), Some(" said:")));
    // While the provider is held, the row already holds the text so far (saved as it grows)
    // or is about to; the stream is still open.
    app.fake.release();
    let rest = reader.collect().await.unwrap();
    assert_eq!(format!("You said:{}", deltas(&rest)), reply_text(content));
    assert_eq!(last_of(&rest, "done")["type"], "done");
}

async fn client_disconnect_still_saves_full_reply(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let content = "keep going without me [[delay=40 words=40]]";
    let mut reader = app.client.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": content })).await.unwrap().unwrap();
    assert_eq!(reader.next().await.unwrap().unwrap()["type"], "start");
    assert_eq!(reader.next().await.unwrap().unwrap()["type"], "delta");
    drop(reader); // the browser goes away mid-reply

    // While it runs, the text is saved as it grows.
    let partial = eventually(10, "partial text saved", || async {
        let c = conversation(&app, &id).await;
        let m = &c["messages"][1];
        let text = m["content"].as_str().unwrap_or("");
        (m["status"] == "streaming" && !text.is_empty()).then(|| text.to_owned())
    })
    .await;
    assert!(reply_text(content).starts_with(&partial));
    let full = eventually(20, "full reply saved", || async {
        let c = conversation(&app, &id).await;
        (c["messages"][1]["status"] == "completed").then(|| c["messages"][1]["content"].as_str().unwrap().to_owned())
    })
    .await;
    assert_eq!(full, reply_text(content));
}

async fn upstream_http_errors_become_error_events(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    for (status, words, code) in [
        (401, "rejected the API key", "auth"),
        (402, "no credit", "no_credit"),
        (429, "rate-limiting", "rate_limited"),
        (500, "server error", "provider_error"),
        (503, "server error", "provider_error"),
    ] {
        let content = format!("hello [[status={status}]]");
        let events = send(&app, &id, &content).await;
        assert_eq!(events[0]["type"], "start");
        let err = last_of(&events, "error");
        let msg = err["message"].as_str().unwrap();
        assert!(msg.contains(words) && msg.contains(&status.to_string()), "{status}: {msg}");
        assert_eq!(err["code"], code);
        assert!(!events.iter().any(|e| e["type"] == "done" || e["type"] == "title"));
        let c = conversation(&app, &id).await;
        let msgs = c["messages"].as_array().unwrap();
        let (user, reply) = (&msgs[msgs.len() - 2], &msgs[msgs.len() - 1]);
        assert_eq!(user["content"], content.as_str(), "the user's message is kept");
        assert_eq!(reply["status"], "error");
        assert_eq!(reply["metadata"]["error"], msg);
        assert_eq!(reply["metadata"]["error_code"], code);
    }
    // The provider's own words are passed on.
    let c = conversation(&app, &id).await;
    let n = c["messages"].as_array().unwrap().len();
    assert!(c["messages"][n - 5]["metadata"]["error"].as_str().unwrap().contains("Rate limit exceeded"));
    assert_eq!(c["conversation"]["title"], "New chat", "no title after failed replies");
}

async fn cut_connection_keeps_partial_text(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let content = "a b c d e f [[cut=3]]";
    let events = send(&app, &id, content).await;
    let got = deltas(&events);
    assert_eq!(got, "You said: a");
    let msg = last_of(&events, "error")["message"].as_str().unwrap().to_owned();
    assert!(msg.contains("text so far is kept"), "{msg}");
    assert_eq!(last_of(&events, "error")["code"], "connection_lost");
    let c = conversation(&app, &id).await;
    assert_eq!(c["messages"][1]["status"], "error");
    assert_eq!(c["messages"][1]["content"], "You said: a");
}

async fn in_stream_error_keeps_partial_text(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let events = send(&app, &id, "x y z [[error=2]]").await;
    assert_eq!(deltas(&events), "You said:");
    let msg = last_of(&events, "error")["message"].as_str().unwrap().to_owned();
    assert!(msg.contains("Upstream provider crashed"), "{msg}");
    assert_eq!(last_of(&events, "error")["code"], "provider_error");
    let c = conversation(&app, &id).await;
    assert_eq!(c["messages"][1]["status"], "error");
    assert_eq!(c["messages"][1]["content"], "You said:");
}

/// A local server (any base URL but the default) is asked without a key and gets no
/// `Authorization` header; the default provider without a key gets nothing sent and a
/// sentence saying where to set one.
async fn missing_api_key_says_where_to_set_it(t: Target) {
    let app = App::start(t, Options { api_key: None, ..Options::default() });
    let id = new_conversation(&app).await;
    let events = send(&app, &id, "local server, no key").await;
    assert_eq!(deltas(&events), "You said: local server, no key", "{events:?}");
    let reqs = app.fake.requests();
    assert_eq!(reqs.len(), 2, "the chat and the title request: {reqs:?}");
    assert!(reqs.iter().all(|r| r["authorization"].is_null()), "no Authorization header without a key: {reqs:?}");

    // The default provider (OpenRouter) always needs a key: nothing is sent without one.
    let r = app.client.send_json("PATCH", "/api/settings", &json!({ "openrouter_base_url": "https://openrouter.ai/api/v1" })).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
    let events = send(&app, &id, "anyone there?").await;
    let msg = last_of(&events, "error")["message"].as_str().unwrap().to_owned();
    assert!(msg.contains("No API key") && msg.contains("Settings"), "{msg}");
    assert_eq!(last_of(&events, "error")["code"], "no_api_key");
    assert_eq!(app.fake.requests().len(), 2, "nothing more was sent upstream");
    let c = conversation(&app, &id).await;
    let n = c["messages"].as_array().unwrap().len();
    assert_eq!(c["messages"][n - 2]["content"], "anyone there?");
    assert_eq!(c["messages"][n - 1]["status"], "error");
    // Back to the local server: works again without a restart.
    let r = app.client.send_json("PATCH", "/api/settings", &json!({ "openrouter_base_url": "" })).await.unwrap();
    assert_eq!(r.status, 200);
    let events = send(&app, &id, "now?").await;
    assert_eq!(deltas(&events), "You said: now?");
}

async fn history_and_system_prompt_reach_the_model(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    send(&app, &id, "first").await;
    send(&app, &id, "oops [[status=500]]").await; // an error reply without text is left out
    send(&app, &id, "second").await;
    let reqs: Vec<Value> = app.fake.requests().into_iter().filter(|r| r["body"]["stream"] == true).collect();
    let msgs = reqs.last().unwrap()["body"]["messages"].as_array().unwrap().clone();
    let pairs: Vec<(String, String)> = msgs.iter().map(|m| (m["role"].as_str().unwrap().into(), m["content"].as_str().unwrap().into())).collect();
    assert_eq!(pairs[0].0, "system");
    assert!(pairs[0].1.starts_with("You are Nexus"));
    assert_eq!(
        pairs[1..].to_vec(),
        vec![
            ("user".into(), "first".into()),
            ("assistant".into(), "You said: first".into()),
            ("user".into(), "oops [[status=500]]".into()),
            ("user".into(), "second".into()),
        ]
    );
    // A conversation's own prompt replaces the default.
    let p = app.client.send_json("POST", "/api/settings/prompts", &json!({ "name": "Pirate", "content": "Talk like a pirate." })).await.unwrap();
    let pid = p.body["id"].as_str().unwrap();
    app.client.send_json("PATCH", &format!("/api/conversations/{id}"), &json!({ "system_prompt_id": pid })).await.unwrap();
    send(&app, &id, "third").await;
    let reqs: Vec<Value> = app.fake.requests().into_iter().filter(|r| r["body"]["stream"] == true).collect();
    assert_eq!(reqs.last().unwrap()["body"]["messages"][0], json!({ "role": "system", "content": "Talk like a pirate." }));
    // Deleting it falls back to the default.
    let r = app.client.raw("DELETE", &format!("/api/settings/prompts/{pid}"), &[], vec![]).await.unwrap();
    assert_eq!(r.status, 204);
    assert_eq!(conversation(&app, &id).await["conversation"]["system_prompt_id"], Value::Null);
}

async fn model_switch_in_message_body(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let reader = app.client.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": "hi", "model": "anthropic/claude-3.5-haiku" })).await.unwrap().unwrap();
    let events = reader.collect().await.unwrap();
    assert_eq!(last_of(&events, "done")["model"], "anthropic/claude-3.5-haiku");
    let c = conversation(&app, &id).await;
    assert_eq!(c["conversation"]["model"], "anthropic/claude-3.5-haiku");
    assert_eq!(c["messages"][1]["model"], "anthropic/claude-3.5-haiku");
    let reqs = app.fake.requests();
    assert!(reqs.iter().all(|r| r["path"] != "/v1/chat/completions" || r["body"]["model"] == "anthropic/claude-3.5-haiku"));
    // Title model setting is used for titles.
    app.client.send_json("PATCH", "/api/settings", &json!({ "title_model": "cheap/titler" })).await.unwrap();
    let id2 = new_conversation(&app).await;
    send(&app, &id2, "hello").await;
    let title_req = app.fake.requests().into_iter().rev().find(|r| r["body"]["stream"] == false).unwrap();
    assert_eq!(title_req["body"]["model"], "cheap/titler");
}

async fn title_failure_leaves_title_alone(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let events = send(&app, &id, "hello [[title=fail]]").await;
    assert_eq!(last_of(&events, "done")["type"], "done");
    assert!(!events.iter().any(|e| e["type"] == "title" || e["type"] == "error"));
    assert_eq!(conversation(&app, &id).await["conversation"]["title"], "New chat");
    // A title the user set is never overwritten.
    app.client.send_json("PATCH", &format!("/api/conversations/{id}"), &json!({ "title": "Mine" })).await.unwrap();
    let events = send(&app, &id, "again").await;
    assert!(!events.iter().any(|e| e["type"] == "title"));
    assert_eq!(conversation(&app, &id).await["conversation"]["title"], "Mine");
}

async fn bad_input_is_refused_and_nothing_is_lost(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let path = format!("/api/conversations/{id}/messages");
    let expect = |r: nexus_testhost::client::JsonResponse, status: u16, words: &str| {
        assert_eq!(r.status, status, "{}", r.text);
        assert_eq!(r.headers["content-type"], "application/json");
        let e = r.body["error"].as_str().unwrap_or_else(|| panic!("no error field: {}", r.text));
        assert!(e.contains(words), "{e:?} should mention {words:?}");
    };
    let post = |body: Vec<u8>, ct: &'static str| {
        let path = path.clone();
        let c = &app.client;
        async move { c.raw("POST", &path, &[("content-type", ct)], body).await.unwrap() }
    };
    expect(post(b"{\"content\": \"\"}".to_vec(), "application/json").await, 400, "empty");
    expect(post(b"{\"content\": \" \\n\\t \"}".to_vec(), "application/json").await, 400, "empty");
    expect(post(b"{}".to_vec(), "application/json").await, 400, "content");
    expect(post(b"{\"content\": 5}".to_vec(), "application/json").await, 400, "JSON");
    expect(post(b"{\"content\": \"hi\"".to_vec(), "application/json").await, 400, "not valid JSON");
    expect(post(b"{\"content\": \"hi\", \"temperature\": 2}".to_vec(), "application/json").await, 400, "unknown field");
    expect(post(b"content=hi".to_vec(), "application/x-www-form-urlencoded").await, 415, "JSON");
    expect(post(b"{\"content\": \"hi\", \"model\": \"has space\"}".to_vec(), "application/json").await, 400, "model");
    let long = json!({ "content": "a".repeat(100_001) }).to_string().into_bytes();
    expect(post(long, "application/json").await, 413, "100000");
    let huge = json!({ "content": "a".repeat(1_100_000) }).to_string().into_bytes();
    expect(post(huge, "application/json").await, 413, "limit");
    let r = app.client.send_json("POST", "/api/conversations/00000000-0000-0000-0000-000000000000/messages", &json!({ "content": "hi" })).await.unwrap();
    expect(r, 404, "No conversation");
    let r = app.client.send_json("POST", "/api/conversations/..%2F..%2Fetc/messages", &json!({ "content": "hi" })).await.unwrap();
    assert_eq!(r.status, 404);
    let r = app.client.raw("PUT", &path, &[], vec![]).await.unwrap();
    assert_eq!(r.headers["allow"], "GET, POST");
    expect(r, 405, "GET, POST");
    let r = app.client.raw("PUT", "/api/conversations", &[], vec![]).await.unwrap();
    assert_eq!(r.headers["allow"], "GET, POST");
    expect(r, 405, "GET, POST");
    let r = app.client.raw("POST", &format!("/api/conversations/{id}"), &[], vec![]).await.unwrap();
    expect(r, 405, "PATCH");
    expect(app.client.get("/api/conversations/nope/extra").await.unwrap(), 404, "no such API endpoint");
    expect(app.client.get("/api/nothing-here").await.unwrap(), 404, "no such API endpoint");
    expect(app.client.send_json("PATCH", "/api/conversations/abc", &json!({ "title": "x" })).await.unwrap(), 404, "No conversation");
    expect(app.client.send_json("POST", "/api/conversations", &json!({ "model": "" })).await.unwrap(), 400, "model");
    // Nothing was stored by any refused request, nothing reached the provider.
    assert_eq!(conversation(&app, &id).await["messages"], json!([]));
    assert!(app.fake.requests().is_empty());
}

async fn settings_key_is_write_only_and_wins(t: Target) {
    let app = App::start(t, Options::default());
    let r = app.client.get("/api/settings").await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.body["api_key"], json!({ "configured": true, "source": "variable", "hint": "…9876" }));
    assert_eq!(r.body["default_model"], "openai/gpt-4o-mini");
    assert_eq!(r.body["theme"], "dark");
    assert_eq!(r.body["openrouter_base_url"], app.fake.base_url());
    assert_eq!(r.body["openrouter_base_url_source"], "variable");
    assert!(!r.text.contains("sk-or-variable-key"));

    let key = "sk-or-v1-settingskey-abcd";
    let r = app.client.send_json("PATCH", "/api/settings", &json!({ "openrouter_api_key": key, "theme": "light", "default_model": "meta-llama/llama-3.1-8b-instruct:free" })).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(!r.text.contains(key));
    assert_eq!(r.body["api_key"], json!({ "configured": true, "source": "settings", "hint": "…abcd" }));
    assert_eq!(r.body["theme"], "light");
    let r = app.client.get("/api/settings").await.unwrap();
    assert!(!r.text.contains(key));
    assert_eq!(r.body["default_model"], "meta-llama/llama-3.1-8b-instruct:free");
    let id = new_conversation(&app).await;
    assert_eq!(conversation(&app, &id).await["conversation"]["model"], "meta-llama/llama-3.1-8b-instruct:free");
    send(&app, &id, "who am I").await;
    let chat = app.fake.requests().into_iter().find(|r| r["body"]["stream"] == true).unwrap();
    assert_eq!(chat["authorization"], format!("Bearer {key}"));

    // Invalid values are refused and nothing is written.
    for bad in [
        json!({ "theme": "neon" }),
        json!({ "openrouter_base_url": "ftp://x" }),
        json!({ "openrouter_base_url": "not a url" }),
        json!({ "default_model": "" }),
        json!({ "openrouter_api_key": "has spaces in it" }),
        json!({ "colour": "red" }),
        json!({ "theme": "dark", "openrouter_base_url": "nope" }),
    ] {
        let r = app.client.send_json("PATCH", "/api/settings", &bad).await.unwrap();
        assert_eq!(r.status, 400, "{bad}: {}", r.text);
    }
    assert_eq!(app.client.get("/api/settings").await.unwrap().body["theme"], "light");

    // Forgetting the stored key falls back to the variable.
    let r = app.client.send_json("PATCH", "/api/settings", &json!({ "openrouter_api_key": null })).await.unwrap();
    assert_eq!(r.body["api_key"]["source"], "variable");
    // A base URL override is used (and reported) — here the same fake, with a trailing slash.
    let r = app.client.send_json("PATCH", "/api/settings", &json!({ "openrouter_base_url": format!("{}/", app.fake.base_url()) })).await.unwrap();
    assert_eq!(r.body["openrouter_base_url"], app.fake.base_url());
    assert_eq!(r.body["openrouter_base_url_source"], "settings");
    let r = app.client.send_json("PATCH", "/api/settings", &json!({ "openrouter_base_url": "" })).await.unwrap();
    assert_eq!(r.body["openrouter_base_url_source"], "variable");
}

async fn models_are_filtered_and_cached(t: Target) {
    let app = App::start(t, Options::default());
    let r = app.client.get("/api/settings/models").await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["cached"], false);
    let models = r.body["models"].as_array().unwrap();
    let ids: Vec<&str> = models.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["meta-llama/llama-3.1-8b-instruct:free", "openai/gpt-4o-mini"], "image-only model left out");
    let gpt = &models[1];
    assert_eq!(gpt["provider"], "openai");
    assert_eq!(gpt["context_length"], 128000);
    assert_eq!(gpt["prompt_price_per_mtok"], 0.15);
    assert_eq!(gpt["completion_price_per_mtok"], 0.6);
    assert_eq!((gpt["images"].as_bool(), models[0]["images"].as_bool()), (Some(true), Some(false)), "what reads images is recorded");
    let r = app.client.get("/api/settings/models").await.unwrap();
    assert_eq!(r.body["cached"], true);
    let hits = || app.fake.requests().iter().filter(|r| r["path"] == "/v1/models").count();
    assert_eq!(hits(), 1, "second call served from the cache");
    let r = app.client.get("/api/settings/models?refresh=1").await.unwrap();
    assert_eq!(r.body["cached"], false);
    assert_eq!(hits(), 2);
    // An unreachable provider with nothing cached: 502 with a sentence.
    app.client.send_json("PATCH", "/api/settings", &json!({ "openrouter_base_url": format!("http://{}/nothing", app.fake.addr) })).await.unwrap();
    let r = app.client.get("/api/settings/models").await.unwrap();
    assert_eq!(r.status, 502, "{}", r.text);
    assert!(r.body["error"].as_str().unwrap().contains("404"));
}

async fn prompts_crud_and_default_protection(t: Target) {
    let app = App::start(t, Options::default());
    let r = app.client.get("/api/settings/prompts").await.unwrap();
    let prompts = r.body["prompts"].as_array().unwrap();
    assert_eq!(prompts.len(), 1);
    assert_eq!(prompts[0]["id"], "default");
    assert_eq!(prompts[0]["is_default"], true);

    let r = app.client.send_json("POST", "/api/settings/prompts", &json!({ "name": " Coder ", "content": "Answer with code." })).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["name"], "Coder");
    assert_eq!(r.body["is_default"], false);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let r = app.client.send_json("PATCH", &format!("/api/settings/prompts/{id}"), &json!({ "content": "Only code." })).await.unwrap();
    assert_eq!(r.body["content"], "Only code.");
    assert_eq!(r.body["name"], "Coder");
    assert_eq!(app.client.get(&format!("/api/settings/prompts/{id}")).await.unwrap().body["content"], "Only code.");

    let r = app.client.raw("DELETE", "/api/settings/prompts/default", &[], vec![]).await.unwrap();
    assert_eq!(r.status, 409);
    assert!(r.body["error"].as_str().unwrap().contains("default"));
    let r = app.client.send_json("PATCH", "/api/settings/prompts/default", &json!({ "is_default": false })).await.unwrap();
    assert_eq!(r.status, 409);

    // Make the new one the default: now the old default can go, the new one can't.
    let r = app.client.send_json("PATCH", &format!("/api/settings/prompts/{id}"), &json!({ "is_default": true })).await.unwrap();
    assert_eq!(r.body["is_default"], true);
    let list = app.client.get("/api/settings/prompts").await.unwrap().body;
    assert_eq!(list["prompts"].as_array().unwrap().iter().filter(|p| p["is_default"] == true).count(), 1);
    assert_eq!(app.client.raw("DELETE", &format!("/api/settings/prompts/{id}"), &[], vec![]).await.unwrap().status, 409);
    assert_eq!(app.client.raw("DELETE", "/api/settings/prompts/default", &[], vec![]).await.unwrap().status, 204);
    assert_eq!(app.client.get("/api/settings/prompts/default").await.unwrap().status, 404);

    for (bad, status) in [
        (json!({ "name": "", "content": "x" }), 400),
        (json!({ "content": "x" }), 400),
        (json!({ "name": "n", "content": "x".repeat(50_001) }), 413),
        (json!({ "name": "n".repeat(101), "content": "x" }), 400),
    ] {
        assert_eq!(app.client.send_json("POST", "/api/settings/prompts", &bad).await.unwrap().status, status, "{bad}");
    }
    assert_eq!(app.client.send_json("PATCH", "/api/settings/prompts/missing", &json!({ "name": "x" })).await.unwrap().status, 404);
    assert_eq!(app.client.raw("PUT", "/api/settings/prompts", &[], vec![]).await.unwrap().status, 405);
}

async fn stale_streaming_reply_is_marked_interrupted(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    send(&app, &id, "hi").await;
    // A reply whose instance died: still `streaming`, untouched for 10 minutes.
    app.sqlite()
        .execute(
            "INSERT INTO messages (id, conversation_id, seq, role, content, status, updated_at) \
             VALUES ('dead', ?1, 99, 'assistant', 'half a rep', 'streaming', strftime('%Y-%m-%dT%H:%M:%fZ','now','-600 seconds'))",
            [&id],
        )
        .unwrap();
    app.sqlite()
        .execute(
            "INSERT INTO messages (id, conversation_id, seq, role, content, status) VALUES ('live', ?1, 100, 'assistant', 'still', 'streaming')",
            [&id],
        )
        .unwrap();
    // A new streaming reply becomes the leaf shown (trigger `messages_new_reply`); these
    // two hang off no branch, so show the branch of the first exchange again.
    app.sqlite()
        .execute(
            "UPDATE conversations SET active_leaf_id = (SELECT id FROM messages WHERE conversation_id = ?1 AND seq = 2) WHERE id = ?1",
            [&id],
        )
        .unwrap();
    let c = conversation(&app, &id).await;
    assert_eq!(c["messages"].as_array().unwrap().len(), 2, "the branch shown is unchanged");
    let dead = app.client.get(&format!("/api/conversations/{id}/messages/dead")).await.unwrap().body;
    assert_eq!(dead["status"], "interrupted");
    assert_eq!(dead["content"], "half a rep");
    assert!(dead["metadata"]["error"].as_str().unwrap().contains("text so far is kept"));
    assert_eq!(dead["metadata"]["error_code"], "interrupted");
    // A reader of the dead reply gets its text and the reason.
    let r = app.client.get(&format!("/api/conversations/{id}/messages/dead/stream")).await.unwrap();
    assert!(r.text.contains("half a rep") && r.text.contains("\"code\":\"interrupted\""), "{}", r.text);
    let live = app.client.get(&format!("/api/conversations/{id}/messages/live")).await.unwrap().body;
    assert_eq!(live["status"], "streaming", "a recently written reply is left alone");
    // Reads only read: every view above showed the dead reply as interrupted, and the
    // row is untouched (no write lock taken on a read path).
    let stored = |app: &App| -> (String, String) {
        app.sqlite().query_row("SELECT status, updated_at FROM messages WHERE id = 'dead'", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
    };
    let (status, touched) = stored(&app);
    assert_eq!(status, "streaming", "a read wrote to the database");
    let list = app.client.get("/api/conversations").await.unwrap();
    assert_eq!(list.status, 200);
    assert_eq!(stored(&app), (status, touched));
    // The next write to the conversation stores what readers showed.
    send(&app, &id, "next").await;
    assert_eq!(stored(&app).0, "interrupted");
    let dead = app.client.get(&format!("/api/conversations/{id}/messages/dead")).await.unwrap().body;
    assert_eq!((dead["status"].as_str(), dead["content"].as_str()), (Some("interrupted"), Some("half a rep")));
}

async fn static_files_and_spa_fallback(t: Target) {
    let app = App::start(t, Options::default());
    let index = std::fs::read_to_string(common::repo_root().join("frontend/dist/index.html")).unwrap();
    let r = app.client.get("/").await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(r.headers["cache-control"], "no-cache");
    assert!(r.headers["content-security-policy"].to_str().unwrap().contains("script-src 'self'"));
    assert_eq!(r.text, index);
    for spa in ["/c/123", "/settings", "/deep/link/here"] {
        let r = app.client.get(spa).await.unwrap();
        assert_eq!((r.status, r.text.as_str()), (200, index.as_str()), "{spa}");
    }
    assert_eq!(app.client.get("/missing.js").await.unwrap().status, 404);
    assert_eq!(app.client.get("/assets/nope-123.css").await.unwrap().status, 404);
    for evil in ["/../Cargo.toml", "/..%2f..%2fCargo.toml", "/%2e%2e/%2e%2e/spin.toml", "/assets/..%5c..%5cspin.toml"] {
        let r = app.client.get(evil).await.unwrap();
        assert!(!r.text.contains("[workspace]") && !r.text.contains("spin_manifest_version"), "{evil} escaped: {}", r.status);
    }
    let r = app.client.raw("POST", "/index.html", &[], vec![]).await.unwrap();
    assert_eq!(r.status, 405);
    let r = app.client.raw("HEAD", "/", &[], vec![]).await.unwrap();
    assert_eq!(r.status, 200);
    assert!(r.text.is_empty());
    // Hashed assets, when the UI is built, are immutable.
    let dist = common::repo_root().join("frontend/dist/assets");
    if let Some(Ok(entry)) = std::fs::read_dir(&dist).ok().and_then(|mut d| d.next()) {
        let name = entry.file_name().into_string().unwrap();
        let r = app.client.get(&format!("/assets/{name}")).await.unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.headers["cache-control"], "public, max-age=31536000, immutable");
    }
}

/// The offline service worker (`/sw.js`, written by the UI build) is JavaScript, revalidated
/// on every update check (`no-cache` + `ETag`, never the year-long cache of hashed assets),
/// and never the SPA's index.html: a worker script answered with HTML would fail to install,
/// and one cached for a year would keep an old build's worker.
async fn service_worker_is_a_fresh_script(t: Target) {
    let app = App::start(t, Options::default());
    let dist = common::repo_root().join("frontend/dist");
    let script = std::fs::read_to_string(dist.join("sw.js")).expect("frontend/dist/sw.js: run `npm run build` in frontend/");
    let r = app.client.get("/sw.js").await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.headers["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(r.headers["cache-control"], "no-cache");
    assert_eq!(r.text, script);
    assert!(!r.text.contains("<!doctype html>"));
    let tag = r.headers["etag"].to_str().unwrap().to_owned();
    let again = app.client.raw("GET", "/sw.js", &[("if-none-match", tag.as_str())], vec![]).await.unwrap();
    assert_eq!((again.status, again.text.as_str()), (304, ""));
    // A worker file that is not there is a 404, not the app's page.
    for missing in ["/workbox-1234abcd.js", "/sw-old.js", "/sw.js.map"] {
        let r = app.client.get(missing).await.unwrap();
        assert_eq!(r.status, 404, "{missing}");
    }
    let r = app.client.get("/manifest.webmanifest").await.unwrap();
    assert_eq!((r.status, r.headers["content-type"].to_str().unwrap()), (200, "application/manifest+json"));
}

async fn cors_is_closed_by_default(t: Target) {
    let app = App::start(t, Options::default());
    let r = app.client.raw("GET", "/api/conversations", &[("origin", "http://evil.example")], vec![]).await.unwrap();
    assert_eq!(r.status, 200);
    assert!(r.headers.get("access-control-allow-origin").is_none());
    let r = app.client.raw("OPTIONS", "/api/conversations", &[("origin", "http://evil.example"), ("access-control-request-method", "POST")], vec![]).await.unwrap();
    assert!(r.headers.get("access-control-allow-origin").is_none());
}

async fn cors_allow_list(t: Target) {
    let app = App::start(t, Options { cors: Some("http://laptop.lan:5173, https://other.example"), ..Options::default() });
    let r = app.client.raw("GET", "/api/conversations", &[("origin", "http://laptop.lan:5173")], vec![]).await.unwrap();
    assert_eq!(r.headers["access-control-allow-origin"], "http://laptop.lan:5173");
    let r = app.client.raw("OPTIONS", "/api/settings", &[("origin", "https://other.example"), ("access-control-request-method", "PATCH")], vec![]).await.unwrap();
    assert_eq!(r.status, 204);
    assert_eq!(r.headers["access-control-allow-origin"], "https://other.example");
    assert!(r.headers["access-control-allow-methods"].to_str().unwrap().contains("PATCH"));
    let r = app.client.raw("GET", "/api/conversations", &[("origin", "http://evil.example")], vec![]).await.unwrap();
    assert!(r.headers.get("access-control-allow-origin").is_none());
}
