//! End-to-end: replies that are never lost — following a live reply from any offset,
//! stop, regenerate and edit as branches, deleting subtrees, paging long conversations.

mod common;

use common::{App, Options, Target, eventually};
use nexus_testhost::client::SseReader;
use nexus_testhost::fake_upstream::reply_text;
use serde_json::{Value, json};

e2e!(
    readers_attaching_mid_reply_get_exactly_the_text,
    reader_of_finished_reply_and_bad_offsets,
    stop_ends_the_upstream_request_and_keeps_text,
    stop_works_while_the_provider_is_silent,
    regenerate_creates_a_sibling_and_sends_only_the_branch,
    edit_and_resend_branches_at_any_depth,
    delete_removes_what_hangs_off_a_message,
    paging_returns_every_message_once,
);

async fn new_conversation(app: &App) -> String {
    let r = app.client.send_json("POST", "/api/conversations", &json!({})).await.unwrap();
    r.body["id"].as_str().unwrap().to_owned()
}

async fn open(app: &App, path: &str, body: Value) -> SseReader {
    app.client.stream(path, &body).await.unwrap().unwrap_or_else(|r| panic!("{} {}", r.status, r.text))
}

async fn send(app: &App, id: &str, body: Value) -> Vec<Value> {
    open(app, &format!("/api/conversations/{id}/messages"), body).await.collect().await.unwrap()
}

async fn follow(app: &App, id: &str, mid: &str, offset: usize) -> Vec<Value> {
    let r = app.client.raw("GET", &format!("/api/conversations/{id}/messages/{mid}/stream?offset={offset}"), &[], vec![]).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
    r.text
        .split("\n\n")
        .filter_map(|ev| ev.lines().find_map(|l| l.strip_prefix("data: ")))
        .map(|d| serde_json::from_str(d).unwrap())
        .collect()
}

fn text(events: &[Value]) -> String {
    events.iter().filter(|e| e["type"] == "delta").map(|e| e["content"].as_str().unwrap()).collect()
}

fn last<'a>(events: &'a [Value], kind: &str) -> &'a Value {
    events.iter().rev().find(|e| e["type"] == kind).unwrap_or_else(|| panic!("no {kind} in {events:?}"))
}

async fn get(app: &App, path: &str) -> Value {
    let r = app.client.get(path).await.unwrap();
    assert_eq!(r.status, 200, "{path}: {}", r.text);
    r.body
}

fn ids(messages: &Value) -> Vec<String> {
    messages.as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect()
}

fn chat_requests(app: &App) -> Vec<Value> {
    app.fake.requests().into_iter().filter(|r| r["body"]["stream"] == true).collect()
}

fn sent_to_model(req: &Value) -> Vec<(String, String)> {
    req["body"]["messages"].as_array().unwrap().iter().skip(1).map(|m| (m["role"].as_str().unwrap().into(), m["content"].as_str().unwrap().into())).collect()
}

async fn readers_attaching_mid_reply_get_exactly_the_text(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let content = "Grüße 🎉 aus Köln [[delay=25 words=40]]";
    let full = reply_text(content);
    let mut writer = open(&app, &format!("/api/conversations/{id}/messages"), json!({ "content": content })).await;
    let start = writer.next().await.unwrap().unwrap();
    let mid = start["message_id"].as_str().unwrap().to_owned();
    let mut received = String::new();
    let mut readers = Vec::new();
    // Attach at several points of the reply: from the start, and from what this client has.
    for attach_after in [1usize, 8, 20] {
        while writer_deltas(&received) < attach_after {
            let ev = writer.next().await.unwrap().unwrap();
            if ev["type"] == "delta" {
                received.push_str(ev["content"].as_str().unwrap());
            }
        }
        let offset = received.chars().count();
        let (a, b) = (app.client.clone(), app.client.clone());
        let path0 = format!("/api/conversations/{id}/messages/{mid}/stream?offset=0");
        let path_k = format!("/api/conversations/{id}/messages/{mid}/stream?offset={offset}");
        // Two readers at once per attach point.
        readers.push((0usize, tokio::task::spawn_local(async move { a.get(&path0).await.unwrap().text })));
        readers.push((offset, tokio::task::spawn_local(async move { b.get(&path_k).await.unwrap().text })));
    }
    let rest = writer.collect().await.unwrap();
    assert_eq!(format!("{received}{}", text(&rest)), full, "the writer's own client gets everything");
    for (offset, h) in readers {
        let raw = h.await.unwrap();
        let events: Vec<Value> = raw.split("\n\n").filter_map(|ev| ev.lines().find_map(|l| l.strip_prefix("data: "))).map(|d| serde_json::from_str(d).unwrap()).collect();
        assert_eq!(events[0]["type"], "attached");
        assert_eq!(events[0]["offset"], offset as i64);
        let expected: String = full.chars().skip(offset).collect();
        assert_eq!(text(&events), expected, "reader from offset {offset}");
        let done = last(&events, "done");
        assert_eq!(done["status"], "completed");
        // Every event's id is the number of characters the reader has after it.
        let last_id: i64 = raw.lines().rev().find_map(|l| l.strip_prefix("id: ")).unwrap().parse().unwrap();
        assert_eq!(last_id, full.chars().count() as i64);
    }
}

fn writer_deltas(received: &str) -> usize {
    // Each chunk of the fake's reply is one word with its leading space.
    nexus_testhost::fake_upstream::reply_chunks(received).len()
}

async fn reader_of_finished_reply_and_bad_offsets(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let events = send(&app, &id, json!({ "content": "done already" })).await;
    let mid = events[0]["message_id"].as_str().unwrap().to_owned();
    let uid = events[0]["user_message_id"].as_str().unwrap().to_owned();
    let ev = follow(&app, &id, &mid, 5).await;
    assert_eq!(text(&ev), reply_text("done already").chars().skip(5).collect::<String>());
    assert_eq!(last(&ev, "done")["status"], "completed");
    let ev = follow(&app, &id, &mid, 10_000).await;
    assert_eq!(text(&ev), "");
    assert_eq!(last(&ev, "done")["type"], "done");
    // Last-Event-ID works like ?offset=.
    let r = app.client.raw("GET", &format!("/api/conversations/{id}/messages/{mid}/stream"), &[("last-event-id", "9")], vec![]).await.unwrap();
    assert!(r.text.contains(&serde_json::to_string(&reply_text("done already").chars().skip(9).collect::<String>()).unwrap()));
    for (path, status) in [
        (format!("/api/conversations/{id}/messages/{mid}/stream?offset=-1"), 400),
        (format!("/api/conversations/{id}/messages/{mid}/stream?offset=abc"), 400),
        (format!("/api/conversations/{id}/messages/{uid}/stream"), 400),
        (format!("/api/conversations/{id}/messages/nope/stream"), 404),
        (format!("/api/conversations/nope/messages/{mid}/stream"), 404),
    ] {
        let r = app.client.get(&path).await.unwrap();
        assert_eq!(r.status, status, "{path}: {}", r.text);
        assert!(r.body["error"].is_string());
    }
    // A reply that failed: the reader gets its text and the error.
    let events = send(&app, &id, json!({ "content": "a b c [[cut=3]]" })).await;
    let failed = events[0]["message_id"].as_str().unwrap().to_owned();
    let ev = follow(&app, &id, &failed, 0).await;
    assert_eq!(text(&ev), "You said: a");
    assert!(last(&ev, "error")["message"].as_str().unwrap().contains("text so far is kept"));
}

async fn stop_ends_the_upstream_request_and_keeps_text(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let content = "long answer please [[delay=60 words=100]]";
    let mut writer = open(&app, &format!("/api/conversations/{id}/messages"), json!({ "content": content })).await;
    let mid = writer.next().await.unwrap().unwrap()["message_id"].as_str().unwrap().to_owned();
    let mut received = String::new();
    while writer_deltas(&received) < 3 {
        let ev = writer.next().await.unwrap().unwrap();
        if ev["type"] == "delta" {
            received.push_str(ev["content"].as_str().unwrap());
        }
    }
    let r = app.client.send_json("POST", &format!("/api/conversations/{id}/messages/{mid}/stop"), &json!({})).await.unwrap();
    assert_eq!(r.status, 202, "{}", r.text);
    let rest = writer.collect().await.unwrap();
    let done = last(&rest, "done");
    assert_eq!(done["status"], "stopped");
    let got = format!("{received}{}", text(&rest));
    let full = reply_text(content);
    assert!(full.starts_with(&got) && got.len() < full.len() / 2, "stopped early: {got:?}");
    // The provider saw its connection closed: no more tokens are generated or billed.
    eventually(5, "the fake provider to see the connection closed", || async {
        (*app.fake.state.closed_early.lock().unwrap() >= 1).then_some(())
    })
    .await;
    let m = get(&app, &format!("/api/conversations/{id}/messages/{mid}")).await;
    assert_eq!(m["status"], "stopped");
    assert_eq!(m["content"], got.as_str());
    let r = app.client.send_json("POST", &format!("/api/conversations/{id}/messages/{mid}/stop"), &json!({})).await.unwrap();
    assert_eq!(r.status, 409);
    // The stopped text is part of the branch the model sees next.
    send(&app, &id, json!({ "content": "go on" })).await;
    let reqs = chat_requests(&app);
    assert_eq!(sent_to_model(reqs.last().unwrap())[1], ("assistant".to_string(), got));
}

async fn regenerate_creates_a_sibling_and_sends_only_the_branch(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let first = send(&app, &id, json!({ "content": "q1" })).await;
    let (u1, a1) = (first[0]["user_message_id"].as_str().unwrap().to_owned(), first[0]["message_id"].as_str().unwrap().to_owned());
    let regen = open(&app, &format!("/api/conversations/{id}/messages/{a1}/regenerate"), json!({ "model": "other/model" })).await.collect().await.unwrap();
    assert_eq!(regen[0]["user_message_id"], u1.as_str());
    let a1b = regen[0]["message_id"].as_str().unwrap().to_owned();
    assert_eq!(text(&regen), "You said: q1");
    assert_eq!(last(&regen, "done")["model"], "other/model");
    assert!(!regen.iter().any(|e| e["type"] == "title"), "already titled");
    let reqs = chat_requests(&app);
    assert_eq!(sent_to_model(reqs.last().unwrap()), vec![("user".to_string(), "q1".to_string())], "the old reply is not sent");
    let c = get(&app, &format!("/api/conversations/{id}")).await;
    assert_eq!(ids(&c["messages"]), vec![u1.clone(), a1b.clone()]);
    assert_eq!(c["messages"][1]["sibling_ids"], json!([a1, a1b]));
    assert_eq!(c["conversation"]["active_leaf_id"], a1b.as_str());
    // Switch back to the first version: `< 1/2 >`.
    let r = app.client.send_json("POST", &format!("/api/conversations/{id}/messages/{a1}/activate"), &json!({})).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(ids(&r.body["messages"]), vec![u1.clone(), a1.clone()]);
    assert_eq!(r.body["conversation"]["active_leaf_id"], a1.as_str());
    // The next message continues from the branch shown.
    send(&app, &id, json!({ "content": "q2" })).await;
    let reqs = chat_requests(&app);
    assert_eq!(sent_to_model(reqs.last().unwrap()), vec![
        ("user".into(), "q1".into()),
        ("assistant".into(), "You said: q1".into()),
        ("user".into(), "q2".into()),
    ]);
    // Regenerating from a user message (e.g. after a failed reply) answers it again.
    let r = open(&app, &format!("/api/conversations/{id}/messages/{u1}/regenerate"), json!({})).await.collect().await.unwrap();
    assert_eq!(r[0]["user_message_id"], u1.as_str());
    let c = get(&app, &format!("/api/conversations/{id}")).await;
    assert_eq!(c["messages"][1]["sibling_ids"].as_array().unwrap().len(), 3);
    assert_eq!(app.client.send_json("POST", &format!("/api/conversations/{id}/messages/nope/regenerate"), &json!({})).await.unwrap().status, 404);
}

async fn edit_and_resend_branches_at_any_depth(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let e1 = send(&app, &id, json!({ "content": "q1" })).await;
    let a1 = e1[0]["message_id"].as_str().unwrap().to_owned();
    let e2 = send(&app, &id, json!({ "content": "q2" })).await;
    let (u2, a2) = (e2[0]["user_message_id"].as_str().unwrap().to_owned(), e2[0]["message_id"].as_str().unwrap().to_owned());
    // Edit q2: send the new text with q2's parent.
    let e2b = send(&app, &id, json!({ "content": "q2 edited", "parent_id": a1 })).await;
    let (u2b, a2b) = (e2b[0]["user_message_id"].as_str().unwrap().to_owned(), e2b[0]["message_id"].as_str().unwrap().to_owned());
    assert_eq!(sent_to_model(chat_requests(&app).last().unwrap()), vec![
        ("user".into(), "q1".into()),
        ("assistant".into(), "You said: q1".into()),
        ("user".into(), "q2 edited".into()),
    ], "the model sees only the edited branch");
    let c = get(&app, &format!("/api/conversations/{id}")).await;
    assert_eq!(c["messages"][2]["id"], u2b.as_str());
    assert_eq!(c["messages"][2]["sibling_ids"], json!([u2, u2b]));
    // A branch of a branch, with another model: edit again below the edit.
    let e3 = send(&app, &id, json!({ "content": "q3 on edited branch" })).await;
    let a3 = e3[0]["message_id"].as_str().unwrap().to_owned();
    let e3b = send(&app, &id, json!({ "content": "q3 rewritten", "parent_id": a2b, "model": "x/other" })).await;
    assert_eq!(last(&e3b, "done")["model"], "x/other");
    let c = get(&app, &format!("/api/conversations/{id}")).await;
    let texts: Vec<&str> = c["messages"].as_array().unwrap().iter().map(|m| m["content"].as_str().unwrap()).collect();
    assert_eq!(texts, vec!["q1", "You said: q1", "q2 edited", "You said: q2 edited", "q3 rewritten", "You said: q3 rewritten"]);
    // Switch the upper branch back: the original q2 with its reply.
    let r = app.client.send_json("POST", &format!("/api/conversations/{id}/messages/{u2}/activate"), &json!({})).await.unwrap();
    assert_eq!(ids(&r.body["messages"])[2..].to_vec(), vec![u2.clone(), a2.clone()]);
    // And to the edited branch: it comes back at its newest leaf (q3 rewritten).
    let r = app.client.send_json("POST", &format!("/api/conversations/{id}/messages/{u2b}/activate"), &json!({})).await.unwrap();
    assert_eq!(r.body["messages"].as_array().unwrap().last().unwrap()["content"], "You said: q3 rewritten");
    let r = app.client.send_json("POST", &format!("/api/conversations/{id}/messages/{a3}/activate"), &json!({})).await.unwrap();
    assert_eq!(r.body["messages"].as_array().unwrap().last().unwrap()["id"], a3.as_str());
    // A new root branch (parent_id null) and a bad parent.
    let root = send(&app, &id, json!({ "content": "fresh start", "parent_id": null })).await;
    assert_eq!(get(&app, &format!("/api/conversations/{id}")).await["messages"][0]["id"], root[0]["user_message_id"]);
    let r = app.client.send_json("POST", &format!("/api/conversations/{id}/messages"), &json!({ "content": "x", "parent_id": "nope" })).await.unwrap();
    assert_eq!(r.status, 404);
}

async fn delete_removes_what_hangs_off_a_message(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let e1 = send(&app, &id, json!({ "content": "q1" })).await;
    let a1 = e1[0]["message_id"].as_str().unwrap().to_owned();
    let e2 = send(&app, &id, json!({ "content": "q2" })).await;
    let a2 = e2[0]["message_id"].as_str().unwrap().to_owned();
    let e2b = send(&app, &id, json!({ "content": "q2 edited", "parent_id": a1 })).await;
    let u2b = e2b[0]["user_message_id"].as_str().unwrap().to_owned();
    send(&app, &id, json!({ "content": "q3" })).await;
    assert_eq!(get(&app, &format!("/api/conversations/{id}")).await["conversation"]["message_count"], 8);
    // Deleting the edited message takes its reply and everything after it; the
    // conversation then shows the remaining branch.
    let r = app.client.raw("DELETE", &format!("/api/conversations/{id}/messages/{u2b}"), &[], vec![]).await.unwrap();
    assert_eq!(r.status, 204);
    let c = get(&app, &format!("/api/conversations/{id}")).await;
    assert_eq!(c["conversation"]["message_count"], 4);
    assert_eq!(c["conversation"]["active_leaf_id"], a2.as_str());
    assert_eq!(c["messages"].as_array().unwrap().len(), 4);
    assert_eq!(app.client.get(&format!("/api/conversations/{id}/messages/{u2b}")).await.unwrap().status, 404);
    assert_eq!(app.client.raw("DELETE", &format!("/api/conversations/{id}/messages/{u2b}"), &[], vec![]).await.unwrap().status, 404);
    // Deleting the first message empties the conversation.
    let first = c["messages"][0]["id"].as_str().unwrap().to_owned();
    app.client.raw("DELETE", &format!("/api/conversations/{id}/messages/{first}"), &[], vec![]).await.unwrap();
    let c = get(&app, &format!("/api/conversations/{id}")).await;
    assert_eq!((c["conversation"]["message_count"].clone(), c["messages"].clone(), c["conversation"]["active_leaf_id"].clone()), (json!(0), json!([]), Value::Null));
    // A message of another conversation is not found through this one.
    let other = new_conversation(&app).await;
    let e = send(&app, &other, json!({ "content": "mine" })).await;
    let theirs = e[0]["message_id"].as_str().unwrap();
    assert_eq!(app.client.raw("DELETE", &format!("/api/conversations/{id}/messages/{theirs}"), &[], vec![]).await.unwrap().status, 404);
}

async fn paging_returns_every_message_once(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    const N: usize = 5000;
    {
        // Build a 5,000-message conversation directly (the API would take minutes).
        let mut db = app.sqlite();
        let tx = db.transaction().unwrap();
        for i in 0..N {
            let parent = (i > 0).then(|| format!("m{}", i - 1));
            let role = if i % 2 == 0 { "user" } else { "assistant" };
            tx.execute(
                "INSERT INTO messages (id, conversation_id, parent_id, seq, role, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![format!("m{i}"), id, parent, i as i64 + 1, role, format!("message {i}")],
            )
            .unwrap();
        }
        tx.execute("UPDATE conversations SET active_leaf_id = ?1 WHERE id = ?2", rusqlite::params![format!("m{}", N - 1), id]).unwrap();
        tx.commit().unwrap();
    }
    let c = get(&app, &format!("/api/conversations/{id}")).await;
    assert_eq!(c["has_more"], true);
    assert_eq!(c["messages"].as_array().unwrap().len(), 50, "the newest page first");
    assert_eq!(c["messages"][49]["id"], format!("m{}", N - 1));
    let mut seen: Vec<String> = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let path = match &before {
            Some(b) => format!("/api/conversations/{id}/messages?limit=333&before={b}"),
            None => format!("/api/conversations/{id}/messages?limit=333"),
        };
        let page = get(&app, &path).await;
        let mut batch = ids(&page["messages"]);
        assert!(!batch.is_empty());
        before = Some(batch[0].clone());
        batch.extend(seen);
        seen = batch;
        if page["has_more"] == false {
            break;
        }
    }
    let want: Vec<String> = (0..N).map(|i| format!("m{i}")).collect();
    assert_eq!(seen, want, "every message exactly once, in order");
    for bad in ["limit=0", "limit=501", "limit=x", "before=nope"] {
        let r = app.client.get(&format!("/api/conversations/{id}/messages?{bad}")).await.unwrap();
        assert!(r.status == 400 || r.status == 404, "{bad}: {}", r.status);
    }
}

async fn stop_works_while_the_provider_is_silent(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    // Two chunks, then the provider goes quiet (as a model thinking for a long time).
    let mut writer = open(&app, &format!("/api/conversations/{id}/messages"), json!({ "content": "think hard [[hold=2]]" })).await;
    let mid = writer.next().await.unwrap().unwrap()["message_id"].as_str().unwrap().to_owned();
    assert_eq!(writer.next().await.unwrap().unwrap()["content"], "You");
    assert_eq!(writer.next().await.unwrap().unwrap()["content"], " said:");
    let t0 = std::time::Instant::now();
    let r = app.client.send_json("POST", &format!("/api/conversations/{id}/messages/{mid}/stop"), &json!({})).await.unwrap();
    assert_eq!(r.status, 202);
    let rest = writer.collect().await.unwrap();
    assert_eq!(last(&rest, "done")["status"], "stopped");
    assert!(t0.elapsed() < std::time::Duration::from_secs(3), "noticed without waiting for the provider: {:?}", t0.elapsed());
    let m = get(&app, &format!("/api/conversations/{id}/messages/{mid}")).await;
    assert_eq!((m["status"].as_str(), m["content"].as_str()), (Some("stopped"), Some("You said:")));
    // The provider's connection is gone: when it wakes up, its next write fails.
    app.fake.release();
    eventually(5, "the fake provider to see the connection closed", || async {
        (*app.fake.state.closed_early.lock().unwrap() >= 1).then_some(())
    })
    .await;
}
