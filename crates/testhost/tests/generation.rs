//! The writer on real parts with limits a test can wait for: the overall deadline
//! (`GENERATION_DEADLINE`, 30 minutes in production) against a provider that stops
//! sending mid-reply and one that never answers; real SQLite, real HTTP to the fake.

use nexus_core::generation::{Generation, Limits, PendingParent, PendingStart};
use nexus_core::platform::{Delivery, EventSink, open_migrated};
use nexus_core::store::{self, NewMessage, status};
use nexus_core::provider::{ChatMessage, Kind, Provider};
use nexus_testhost::fake_upstream::FakeUpstream;
use nexus_testhost::platform::NativePlatform;
use nexus_testhost::server::run_local;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

#[derive(Clone, Default)]
struct Collect(Rc<RefCell<Vec<Value>>>);

impl EventSink for Collect {
    fn offer(&mut self, bytes: Vec<u8>) -> Delivery {
        let text = String::from_utf8(bytes).unwrap();
        if let Some(data) = text.lines().find_map(|l| l.strip_prefix("data: ")) {
            self.0.borrow_mut().push(serde_json::from_str(data).unwrap());
        }
        Delivery::Sent
    }
}

/// Stores a conversation with one user message and an empty streaming reply; returns
/// the generation for it, with `limits`.
async fn setup(name: &str, content: &str, fake: &FakeUpstream, limits: Limits) -> (NativePlatform, Generation) {
    let dir = std::env::temp_dir().join(format!("nexus-gen-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let p = NativePlatform::new(dir.join("nexus.db"), &HashMap::new(), &HashMap::new());
    let db = open_migrated(&p).await.unwrap();
    store::insert_conversation(&db, nexus_core::schema::LEGACY_OWNER_ID, "c", "m/one", None, None, &Default::default()).await.unwrap();
    store::insert_message(&db, &NewMessage { id: "u", conversation_id: "c", parent_id: None, role: "user", content, model: None, status: status::COMPLETED }).await.unwrap();
    store::insert_message(&db, &NewMessage { id: "a", conversation_id: "c", parent_id: Some("u"), role: "assistant", content: "", model: None, status: status::STREAMING }).await.unwrap();
    let g = Generation {
        conversation_id: "c".into(),
        user_message_id: "u".into(),
        message_id: "a".into(),
        model: "m/one".into(),
        messages: vec![ChatMessage::new("user", content)],
        provider: Provider::new(Kind::OpenRouter, fake.base_url(), Some("sk-test".into())),
        title_model: None,
        user_content: content.into(),
        limits,
        params: Default::default(),
        connection_id: "default".into(),
        price: None,
        pending: None,
    };
    (p, g)
}

fn last_error(events: &[Value]) -> &Value {
    events.iter().rev().find(|e| e["type"] == "error").unwrap_or_else(|| panic!("no error event in {events:?}"))
}

#[test]
fn a_reply_that_never_ends_stops_at_the_deadline() {
    run_local(async {
        let fake = FakeUpstream::start("127.0.0.1:0".parse().unwrap()).unwrap();
        let limits = Limits { deadline: Duration::from_millis(1500), ..Limits::default() };
        // Three chunks, then the provider goes quiet (until released); enough left after
        // the release that its writes meet the closed connection.
        let (p, g) = setup("deadline", "stall [[hold=3 delay=0 words=5000]]", &fake, limits).await;
        let sink = Collect::default();
        let started = Instant::now();
        g.run(p.clone(), sink.clone()).await;
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(1500) && took < Duration::from_secs(5), "{took:?}");
        let events = sink.0.borrow().clone();
        assert_eq!(last_error(&events)["code"], "timeout");
        let db = open_migrated(&p).await.unwrap();
        let m = store::get_message(&db, "c", "a").await.unwrap().unwrap();
        assert_eq!((m.status.as_str(), m.metadata["error_code"].as_str()), ("error", Some("timeout")));
        assert_eq!(m.content, "You said: stall", "the text so far is kept");
        fake.release();
        for _ in 0..100 {
            if *fake.state.closed_early.lock().unwrap() == 1 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the provider connection was not closed");
    });
}

#[test]
fn a_provider_that_never_answers_stops_at_the_deadline() {
    run_local(async {
        let fake = FakeUpstream::start("127.0.0.1:0".parse().unwrap()).unwrap();
        let limits = Limits { deadline: Duration::from_millis(1200), ..Limits::default() };
        let (p, g) = setup("no-answer", "loading model [[wait=20000]]", &fake, limits).await;
        let sink = Collect::default();
        let started = Instant::now();
        g.run(p.clone(), sink.clone()).await;
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(last_error(&sink.0.borrow())["code"], "timeout");
        let db = open_migrated(&p).await.unwrap();
        let m = store::get_message(&db, "c", "a").await.unwrap().unwrap();
        assert_eq!((m.status.as_str(), m.content.as_str()), ("error", ""));
        assert!(m.metadata["error"].as_str().unwrap().contains("min"), "{}", m.metadata);
    });
}

#[test]
fn the_size_cap_counts_characters_not_bytes() {
    run_local(async {
        let fake = FakeUpstream::start("127.0.0.1:0".parse().unwrap()).unwrap();
        let limits = Limits { max_chars: 25, ..Limits::default() };
        let (p, g) = setup("cap", "Grüße 🎉 aus Köln [[delay=0 words=50]]", &fake, limits).await;
        let sink = Collect::default();
        g.run(p.clone(), sink.clone()).await;
        let events = sink.0.borrow().clone();
        assert_eq!(last_error(&events)["code"], "too_long");
        let sent: String = events.iter().filter(|e| e["type"] == "delta").map(|e| e["content"].as_str().unwrap()).collect();
        let expected: String = nexus_testhost::fake_upstream::reply_text("Grüße 🎉 aus Köln [[delay=0 words=50]]").chars().take(25).collect();
        assert_eq!(sent, expected);
        assert_eq!(sent, "You said: Grüße 🎉 aus Köl");
        let db = open_migrated(&p).await.unwrap();
        assert_eq!(store::get_message(&db, "c", "a").await.unwrap().unwrap().content, sent);
    });
}

/// A generation whose rows are still to be stored (`pending`): a user message "u2" under
/// `parent`, the history read for `expected`.
fn pending(mut g: Generation, parent: PendingParent, expected: Option<&str>, history_note: &str) -> Generation {
    g.user_message_id = "u2".into();
    g.message_id = "a2".into();
    g.messages = vec![ChatMessage::new("user", history_note), ChatMessage::new("user", "second [[delay=0]]")];
    g.pending = Some(PendingStart {
        parent,
        user_content: Some("second [[delay=0]]".into()),
        expected_parent: expected.map(str::to_owned),
        system: None,
        client_id: None,
        images: Vec::new(),
        owner: "owner".into(),
        model_images: false,
    });
    g
}

fn chat_requests(fake: &FakeUpstream) -> Vec<Value> {
    fake.requests().into_iter().filter(|r| r["path"] == "/v1/chat/completions" && r["body"]["stream"] == true).collect()
}

#[test]
fn the_rows_are_stored_while_the_request_is_on_its_way() {
    run_local(async {
        let fake = FakeUpstream::start("127.0.0.1:0".parse().unwrap()).unwrap();
        let (p, g) = setup("pending", "first [[delay=0]]", &fake, Limits::default()).await;
        let db = open_migrated(&p).await.unwrap();
        store::finish_message(&db, "a", "first answer", status::COMPLETED, &serde_json::json!({}), &[]).await.unwrap();
        store::set_active_leaf(&db, "c", Some("a")).await.unwrap();
        // As the handler reads it: the branch shown ends at "a".
        let g = pending(g, PendingParent::Shown, Some("a"), "first");
        let sink = Collect::default();
        g.run(p.clone(), sink.clone()).await;
        let events = sink.0.borrow().clone();
        assert_eq!((events[0]["type"].as_str(), events[0]["user_message_id"].as_str()), (Some("start"), Some("u2")), "start comes once the rows exist");
        assert!(events.iter().any(|e| e["type"] == "done"), "{events:?}");
        assert_eq!(chat_requests(&fake).len(), 1, "one request: the one sent while storing");
        let path: Vec<String> = store::path_to(&db, "a2", None).await.unwrap().into_iter().map(|m| m.id).collect();
        assert_eq!(path, ["u", "a", "u2", "a2"]);
    });
}

#[test]
fn another_tabs_message_in_between_means_the_history_is_read_again() {
    run_local(async {
        let fake = FakeUpstream::start("127.0.0.1:0".parse().unwrap()).unwrap();
        let (p, g) = setup("pending-moved", "first [[delay=0]]", &fake, Limits::default()).await;
        let db = open_migrated(&p).await.unwrap();
        store::finish_message(&db, "a", "first answer", status::COMPLETED, &serde_json::json!({}), &[]).await.unwrap();
        store::set_active_leaf(&db, "c", Some("a")).await.unwrap();
        // The handler read the branch when it was empty; "u"/"a" arrived since.
        let g = pending(g, PendingParent::Shown, None, "stale history");
        let sink = Collect::default();
        g.run(p.clone(), sink.clone()).await;
        assert!(sink.0.borrow().iter().any(|e| e["type"] == "done"), "{:?}", sink.0.borrow());
        let sent = chat_requests(&fake);
        let last = sent.last().unwrap();
        let contents: Vec<&str> = last["body"]["messages"].as_array().unwrap().iter().map(|m| m["content"].as_str().unwrap()).collect();
        assert_eq!(contents, ["first [[delay=0]]", "first answer", "second [[delay=0]]"], "the model sees the branch the message really went under");
        assert!(!last["body"].to_string().contains("stale history"));
    });
}

#[test]
fn a_parent_deleted_meanwhile_stores_nothing_and_says_so() {
    run_local(async {
        let fake = FakeUpstream::start("127.0.0.1:0".parse().unwrap()).unwrap();
        let (p, g) = setup("pending-gone", "first [[delay=0]]", &fake, Limits::default()).await;
        let g = pending(g, PendingParent::Message("deleted-meanwhile".into()), Some("deleted-meanwhile"), "first");
        let sink = Collect::default();
        g.run(p.clone(), sink.clone()).await;
        let events = sink.0.borrow().clone();
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!((events[0]["type"].as_str(), events[0]["code"].as_str()), (Some("error"), Some("deleted")));
        let db = open_migrated(&p).await.unwrap();
        assert!(store::get_message(&db, "c", "u2").await.unwrap().is_none() && store::get_message(&db, "c", "a2").await.unwrap().is_none());
    });
}
