//! End-to-end: real conditions — a phone that stops reading mid-reply, a provider slow
//! to answer, a reply that would never end, two tabs writing at once, cross-site
//! requests, and a phone revalidating the page. On the test host and on real Spin.

mod common;

use common::{App, Options, Target, eventually};
use nexus_testhost::fake_upstream::reply_text;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

e2e!(
    a_client_that_stops_reading_does_not_hold_up_the_reply,
    stop_works_while_the_client_is_stalled,
    a_reply_stops_at_the_size_cap,
    slow_provider_start_keeps_the_reply_alive_and_stoppable,
    concurrent_sends_and_deletes_keep_one_tree,
    json_bodies_only_and_no_cross_site_writes,
    static_files_revalidate_with_etags,
    a_reply_whose_client_left_survives_other_traffic,
);

async fn new_conversation(app: &App) -> String {
    let r = app.client.send_json("POST", "/api/conversations", &json!({})).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

async fn get(app: &App, path: &str) -> Value {
    let r = app.client.get(path).await.unwrap();
    assert_eq!(r.status, 200, "{path}: {}", r.text);
    r.body
}

/// Posts a message like a phone whose screen locked: a tiny receive buffer, and after
/// the response's first bytes it reads nothing more. Returns the open socket.
async fn stalled_send(app: &App, conversation: &str, content: &str) -> tokio::net::TcpStream {
    let addr: std::net::SocketAddr = app.client.base.trim_start_matches("http://").parse().unwrap();
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut s = socket.connect(addr).await.unwrap();
    let body = json!({ "content": content }).to_string();
    let head = format!(
        "POST /api/conversations/{conversation}/messages HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\ncookie: {}\r\nx-requested-with: nexus\r\n\r\n",
        body.len(),
        app.client.cookie.as_deref().unwrap_or("")
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body.as_bytes()).await.unwrap();
    let mut first = [0u8; 64];
    let n = s.read(&mut first).await.unwrap();
    assert!(first[..n].starts_with(b"HTTP/1.1 200"), "{:?}", String::from_utf8_lossy(&first[..n]));
    s
}

/// The reply being written in a conversation (its active leaf).
async fn reply_id(app: &App, conversation: &str) -> String {
    eventually(10, "the reply row", || async {
        let c = get(app, &format!("/api/conversations/{conversation}")).await;
        let leaf = c["conversation"]["active_leaf_id"].as_str()?.to_owned();
        let m = get(app, &format!("/api/conversations/{conversation}/messages/{leaf}")).await;
        (m["role"] == "assistant").then_some(leaf)
    })
    .await
}

/// The reply as stored, once it has left `streaming`.
async fn finished(app: &App, conversation: &str, mid: &str, secs: u64) -> Value {
    eventually(secs, "the reply to finish", || async {
        let m = get(app, &format!("/api/conversations/{conversation}/messages/{mid}")).await;
        (m["status"] != "streaming").then_some(m)
    })
    .await
}

/// The decoded body of a chunked HTTP/1.1 response read to its last chunk.
async fn read_chunked_to_end(s: &mut tokio::net::TcpStream) -> String {
    let mut raw = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf)).await.expect("the response ended").unwrap();
        raw.extend_from_slice(&buf[..n]);
        if n == 0 || raw.ends_with(b"\r\n0\r\n\r\n") || Instant::now() > deadline {
            break;
        }
    }
    let start = raw.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4).unwrap_or(0); // after the head (or its rest)
    let mut rest = &raw[start..];
    let mut out = Vec::new();
    loop {
        let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") else { break };
        let size = usize::from_str_radix(std::str::from_utf8(&rest[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
        rest = &rest[eol + 2 + size + 2..];
    }
    String::from_utf8(out).unwrap()
}

fn deltas_and_last_id(sse: &str) -> (String, Option<i64>, bool) {
    let mut text = String::new();
    let mut last_id = None;
    let mut terminal = false;
    for event in sse.split("\n\n") {
        for line in event.lines() {
            if let Some(id) = line.strip_prefix("id: ") {
                last_id = id.parse().ok();
            }
            if let Some(data) = line.strip_prefix("data: ") {
                let v: Value = serde_json::from_str(data).unwrap();
                match v["type"].as_str() {
                    Some("delta") => text.push_str(v["content"].as_str().unwrap()),
                    Some("done" | "error") => terminal = true,
                    _ => {}
                }
            }
        }
    }
    (text, last_id, terminal)
}

/// The writer never waits on a browser: a client that stops reading is let go (its
/// response ends where it fell behind), the reply is generated and stored in full, and
/// the client resumes from the offset it has.
async fn a_client_that_stops_reading_does_not_hold_up_the_reply(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    // 150,000 one-character events: several MB of SSE, more than the kernel and the
    // server buffer for a client that does not read.
    let content = "a long one [[delay=0 words=25000 tiny=1]]";
    let full = reply_text(content);
    let mut stalled = stalled_send(&app, &id, content).await;
    let mid = reply_id(&app, &id).await;
    let m = finished(&app, &id, &mid, 60).await;
    assert_eq!(m["status"], "completed", "{}", m["metadata"]);
    assert_eq!(m["content"].as_str().unwrap().len(), full.len());
    assert_eq!(m["content"], full.as_str());
    // The stalled client's response ended early, without `done`, at an offset it can
    // resume from; following from there gives exactly the rest.
    let sse = read_chunked_to_end(&mut stalled).await;
    let (got, last_id, terminal) = deltas_and_last_id(&sse);
    assert!(!terminal, "the stalled client was let go, not fed to the end ({} of {} characters)", got.chars().count(), full.chars().count());
    let offset = last_id.expect("events carry ids");
    assert_eq!(got.chars().count() as i64, offset);
    assert!((offset as usize) < full.chars().count());
    let r = app.client.get(&format!("/api/conversations/{id}/messages/{mid}/stream?offset={offset}")).await.unwrap();
    let (rest, _, terminal) = deltas_and_last_id(&r.text);
    assert!(terminal);
    assert_eq!(format!("{got}{rest}"), full);
}

/// Stop reaches a writer whose client stopped reading, and closes the provider
/// connection (no more tokens billed).
async fn stop_works_while_the_client_is_stalled(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    // 120,000 one-character chunks as fast as possible, then the provider holds (it
    // would go on).
    let _stalled = stalled_send(&app, &id, "go on [[delay=0 words=25000 tiny=1 hold=120000]]").await;
    let mid = reply_id(&app, &id).await;
    eventually(60, "the saved text to reach the hold", || async {
        let m = get(&app, &format!("/api/conversations/{id}/messages/{mid}")).await;
        (m["content"].as_str().unwrap().len() > 110_000).then_some(())
    })
    .await;
    let r = app.client.send_json("POST", &format!("/api/conversations/{id}/messages/{mid}/stop"), &json!({})).await.unwrap();
    assert_eq!(r.status, 202, "{}", r.text);
    let m = finished(&app, &id, &mid, 5).await;
    assert_eq!(m["status"], "stopped");
    assert!(m["content"].as_str().unwrap().starts_with("You said: go on lorem ipsum"));
    app.fake.release();
    eventually(5, "the provider to see its connection closed", || async {
        (*app.fake.state.closed_early.lock().unwrap() == 1).then_some(())
    })
    .await;
}

/// A reply is cut at `MAX_REPLY_CHARS`: the provider connection is closed, the text up
/// to the cap is stored, and the reply ends with the `too_long` code and a sentence.
async fn a_reply_stops_at_the_size_cap(t: Target) {
    let cap = nexus_core::generation::MAX_REPLY_CHARS;
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let content = "never ending [[delay=0 words=200000]]";
    let full = reply_text(content);
    assert!(full.chars().count() > cap);
    // The writer's own client may be let go if it reads slower than this fast provider
    // writes; a follower from offset 0 then gets the whole stored reply and its end.
    let events = app.client.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": content })).await.unwrap().unwrap().collect().await.unwrap();
    let mid = events[0]["message_id"].as_str().unwrap().to_owned();
    finished(&app, &id, &mid, 60).await;
    let r = app.client.get(&format!("/api/conversations/{id}/messages/{mid}/stream?offset=0")).await.unwrap();
    let (text, _, terminal) = deltas_and_last_id(&r.text);
    assert!(terminal);
    let events: Vec<Value> = r.text.split("\n\n").filter_map(|ev| ev.lines().find_map(|l| l.strip_prefix("data: "))).map(|d| serde_json::from_str(d).unwrap()).collect();
    let err = events.iter().rev().find(|e| e["type"] == "error").unwrap_or_else(|| panic!("no error event in {:?}", events.last()));
    assert_eq!(err["code"], "too_long");
    assert!(err["message"].as_str().unwrap().contains(&cap.to_string()), "{err}");
    let expected: String = full.chars().take(cap).collect();
    assert_eq!(text, expected, "exactly the text up to the cap");
    let m = get(&app, &format!("/api/conversations/{id}/messages/{mid}")).await;
    assert_eq!((m["status"].as_str(), m["metadata"]["error_code"].as_str()), (Some("error"), Some("too_long")));
    assert_eq!(m["content"].as_str().unwrap(), expected, "stored up to the cap");
    eventually(5, "the provider to see its connection closed", || async {
        (*app.fake.state.closed_early.lock().unwrap() == 1).then_some(())
    })
    .await;
}

/// A provider that takes longer than the heartbeat to send its headers (a local server
/// loading a model): the writer keeps its row alive meanwhile, so it never reads as
/// interrupted; and Stop works before the provider has answered.
async fn slow_provider_start_keeps_the_reply_alive_and_stoppable(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let path = format!("/api/conversations/{id}/messages");
    let stream = app.client.stream(&path, &json!({ "content": "cold start [[wait=6500]]" })).await.unwrap().unwrap();
    let reader = tokio::task::spawn_local(stream.collect());
    let mid = reply_id(&app, &id).await;
    let alive_for = |app: &App, mid: &str| -> f64 {
        app.sqlite()
            .query_row("SELECT (julianday(updated_at) - julianday(created_at)) * 86400.0 FROM messages WHERE id = ?1", [mid], |r| r.get(0))
            .unwrap()
    };
    tokio::time::sleep(Duration::from_millis(5_900)).await;
    let touched = alive_for(&app, &mid);
    assert!(touched >= 4.5, "the writer touched its row {touched:.2} s after creating it, while the provider had not answered");
    let m = get(&app, &format!("/api/conversations/{id}/messages/{mid}")).await;
    assert_eq!((m["status"].as_str(), m["content"].as_str()), (Some("streaming"), Some("")));
    let events = reader.await.unwrap().unwrap();
    assert_eq!(events.iter().rev().find(|e| e["type"] == "done").map(|e| e["status"].clone()), Some(json!("completed")), "{events:?}");
    assert_eq!(finished(&app, &id, &mid, 5).await["content"], reply_text("cold start [[wait=6500]]"));

    // Stop while waiting for the provider's headers.
    let stream = app.client.stream(&path, &json!({ "content": "another cold start [[wait=8000]]" })).await.unwrap().unwrap();
    let reader = tokio::task::spawn_local(stream.collect());
    let mid = reply_id(&app, &id).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let asked = Instant::now();
    let r = app.client.send_json("POST", &format!("/api/conversations/{id}/messages/{mid}/stop"), &json!({})).await.unwrap();
    assert_eq!(r.status, 202, "{}", r.text);
    let m = finished(&app, &id, &mid, 3).await;
    assert!(asked.elapsed() < Duration::from_secs(3));
    assert_eq!((m["status"].as_str(), m["content"].as_str()), (Some("stopped"), Some("")));
    let events = reader.await.unwrap().unwrap();
    assert_eq!(events.last().unwrap()["status"], "stopped", "{events:?}");
}

/// Two tabs sending into one conversation at once, while a third deletes: every message
/// hangs off an existing parent, the branch shown leads from a root to an existing leaf,
/// and every message sent is stored (or refused with 404 when its parent was deleted).
async fn concurrent_sends_and_deletes_keep_one_tree(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let path = format!("/api/conversations/{id}/messages");
    let send = |content: String| {
        let c = app.client.clone();
        let path = path.clone();
        tokio::task::spawn_local(async move {
            match c.stream(&path, &json!({ "content": content })).await.unwrap() {
                Ok(s) => {
                    s.collect().await.unwrap();
                    200
                }
                Err(r) => r.status,
            }
        })
    };
    assert_eq!(send("first".into()).await.unwrap(), 200);
    let mut sent = 1;
    for round in 0..8 {
        // Delete the message the next sends would answer (the user message above the
        // reply shown) while they are being stored.
        let leaf = get(&app, &format!("/api/conversations/{id}")).await["conversation"]["active_leaf_id"].as_str().map(str::to_owned);
        let target = match &leaf {
            Some(leaf) => get(&app, &format!("/api/conversations/{id}/messages/{leaf}")).await["parent_id"].as_str().map(str::to_owned),
            None => None,
        };
        let a = send(format!("a{round} [[delay=1]]"));
        let b = send(format!("b{round} [[delay=1]]"));
        let base = app.client.clone();
        let del_path = format!("/api/conversations/{id}/messages/{}", target.unwrap_or_else(|| "none".into()));
        let d = tokio::task::spawn_local(async move { base.raw("DELETE", &del_path, &[], vec![]).await.unwrap().status });
        let (a, b, d) = (a.await.unwrap(), b.await.unwrap(), d.await.unwrap());
        assert!(matches!(d, 204 | 404), "delete answered {d}");
        for s in [a, b] {
            assert!(matches!(s, 200 | 404), "send answered {s}");
            sent += usize::from(s == 200);
        }
    }
    // A round's delete may have taken every message (when the branch shown was one
    // exchange at the root, the sends stored before it went too): one more send makes
    // sure there is a branch to check.
    assert_eq!(send("last".into()).await.unwrap(), 200);
    // Let every generation finish.
    eventually(20, "no reply streaming", || async {
        let n: i64 = app.sqlite().query_row("SELECT COUNT(*) FROM messages WHERE status = 'streaming'", [], |r| r.get(0)).unwrap();
        (n == 0).then_some(())
    })
    .await;
    let db = app.sqlite();
    let orphans: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM messages m WHERE m.parent_id IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM messages p WHERE p.id = m.parent_id AND p.conversation_id = m.conversation_id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "a message hangs off a deleted parent (a lost leaf)");
    let c = get(&app, &format!("/api/conversations/{id}?limit=500")).await;
    let leaf = c["conversation"]["active_leaf_id"].as_str().expect("an active leaf");
    let msgs = c["messages"].as_array().unwrap();
    assert_eq!(msgs.last().unwrap()["id"], leaf, "the branch shown ends at the active leaf");
    assert!(msgs[0]["parent_id"].is_null(), "and starts at a root");
    assert!(sent >= 2);
    let users: i64 = db.query_row("SELECT COUNT(*) FROM messages WHERE role = 'user' AND conversation_id = ?1", [&id], |r| r.get(0)).unwrap();
    assert!(users >= 1);
}

/// JSON endpoints take only `application/json` bodies (415 otherwise), and a browser's
/// state-changing request from another site is refused (403) — both with a `code`.
async fn json_bodies_only_and_no_cross_site_writes(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let expect = |r: nexus_testhost::client::JsonResponse, status: u16, code: &str| {
        assert_eq!(r.status, status, "{}", r.text);
        assert_eq!(r.body["code"], code, "{}", r.text);
        assert!(r.body["error"].as_str().is_some_and(|e| e.len() > 20), "{}", r.text);
    };
    let body = b"{\"model\": \"x/y\"}".to_vec();
    // What a cross-site form can send without a preflight.
    for ct in ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
        expect(c.raw("POST", "/api/conversations", &[("content-type", ct)], body.clone()).await.unwrap(), 415, "unsupported_media_type");
    }
    expect(c.raw("POST", "/api/conversations", &[], body.clone()).await.unwrap(), 415, "unsupported_media_type");
    let r = c.raw("POST", "/api/conversations", &[("content-type", "application/json; charset=utf-8")], body.clone()).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_owned();
    // Cross-site writes are refused, whatever the route.
    let json_ct = ("content-type", "application/json");
    let evil = ("origin", "http://evil.example");
    for (method, path) in [("POST", "/api/conversations".to_string()), ("PATCH", format!("/api/conversations/{id}")), ("DELETE", format!("/api/conversations/{id}")), ("POST", format!("/api/conversations/{id}/messages")), ("PATCH", "/api/settings".to_string())] {
        let body = if method == "DELETE" { vec![] } else { b"{}".to_vec() };
        expect(c.raw(method, &path, &[json_ct, evil], body.clone()).await.unwrap(), 403, "cross_site");
        expect(c.raw(method, &path, &[json_ct, ("sec-fetch-site", "cross-site")], body).await.unwrap(), 403, "cross_site");
    }
    expect(c.raw("POST", "/api/conversations", &[json_ct, ("origin", "null")], b"{}".to_vec()).await.unwrap(), 403, "cross_site");
    assert_eq!(get(&app, &format!("/api/conversations/{id}")).await["conversation"]["title"], "New chat", "nothing was changed or deleted");
    // The app's own pages, and clients that are not browsers, may write.
    let host = c.base.trim_start_matches("http://").to_owned();
    let own = format!("http://{host}");
    let ok = c.raw("PATCH", &format!("/api/conversations/{id}"), &[json_ct, ("origin", own.as_str()), ("sec-fetch-site", "same-origin")], b"{\"title\": \"y\"}".to_vec()).await.unwrap();
    assert_eq!(ok.status, 200, "{}", ok.text);
    let ok = c.raw("PATCH", &format!("/api/conversations/{id}"), &[json_ct, ("origin", own.as_str())], b"{\"title\": \"z\"}".to_vec()).await.unwrap();
    assert_eq!(ok.status, 200, "{}", ok.text);
    let ok = c.raw("PATCH", &format!("/api/conversations/{id}"), &[json_ct, ("origin", "https://nexus.home.lan"), ("x-forwarded-host", "nexus.home.lan")], b"{\"title\": \"w\"}".to_vec()).await.unwrap();
    assert_eq!(ok.status, 200, "behind a reverse proxy: {}", ok.text);
    // Reads from anywhere still work (CORS keeps other sites from reading the answer).
    let r = c.raw("GET", "/api/conversations", &[evil], vec![]).await.unwrap();
    assert_eq!(r.status, 200);
    assert!(r.headers.get("access-control-allow-origin").is_none());
}

/// `index.html` and other files carry an `ETag`; sending it back gets `304 Not
/// Modified` with no body; each encoding has its own tag.
async fn static_files_revalidate_with_etags(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let first = c.get("/").await.unwrap();
    assert_eq!(first.status, 200);
    let tag = first.headers["etag"].to_str().unwrap().to_owned();
    assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");
    let again = c.raw("GET", "/", &[("if-none-match", tag.as_str())], vec![]).await.unwrap();
    assert_eq!(again.status, 304);
    assert!(again.text.is_empty());
    assert_eq!(again.headers["etag"], tag.as_str());
    assert_eq!(again.headers["cache-control"], "no-cache");
    let list = format!("\"other\", W/{tag}");
    assert_eq!(c.raw("GET", "/chat/123", &[("if-none-match", list.as_str())], vec![]).await.unwrap().status, 304, "SPA routes are index.html too");
    assert_eq!(c.raw("GET", "/", &[("if-none-match", "\"stale\"")], vec![]).await.unwrap().status, 200);
    let head = c.raw("HEAD", "/", &[("if-none-match", tag.as_str())], vec![]).await.unwrap();
    assert_eq!(head.status, 304);
    // A precompressed copy is another representation with its own tag.
    let gz = c.raw("GET", "/", &[("accept-encoding", "gzip")], vec![]).await.unwrap();
    if gz.headers.get("content-encoding").is_some() {
        let gz_tag = gz.headers["etag"].to_str().unwrap().to_owned();
        assert_ne!(gz_tag, tag);
        let r = c.raw("GET", "/", &[("accept-encoding", "gzip"), ("if-none-match", gz_tag.as_str())], vec![]).await.unwrap();
        assert_eq!(r.status, 304);
    }
    // API answers are never cached this way.
    assert!(c.get("/api/conversations").await.unwrap().headers.get("etag").is_none());
}

/// A reply whose browser left keeps generating while others use the app: on Spin an
/// instance is dropped after `--max-instance-reuse-count` requests (128 by default),
/// taking a running generation with it, so Nexus runs Spin with a far higher count
/// (`common::SPIN_UP_FLAGS`, README, Dockerfile). 300 requests to the messages
/// component while the reply streams.
async fn a_reply_whose_client_left_survives_other_traffic(t: Target) {
    let app = App::start(t, Options::default());
    let id = new_conversation(&app).await;
    let content = "keep going [[delay=10 words=400]]";
    let mut stream = app.client.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": content })).await.unwrap().unwrap();
    let mid = stream.next().await.unwrap().unwrap()["message_id"].as_str().unwrap().to_owned();
    drop(stream); // the browser left
    for _ in 0..300 {
        let r = app.client.get(&format!("/api/conversations/{id}/messages?limit=1")).await.unwrap();
        assert_eq!(r.status, 200);
    }
    let m = finished(&app, &id, &mid, 30).await;
    assert_eq!(m["status"], "completed", "{}", m["metadata"]);
    assert_eq!(m["content"], reply_text(content));
}
