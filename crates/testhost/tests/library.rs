//! Find and keep end to end (test host, and real Spin when present): full-text search
//! (English and Russian, prefixes, phrases, operators and garbage, isolation, deletes,
//! replies indexed when they end), the paged list with pins, folders, tags and bulk
//! changes, prompt templates, and share links.

mod common;

use common::{App, Options, Target, eventually};
use nexus_testhost::client::Client;
use serde_json::{Value, json};

e2e!(
    search_finds_words_in_both_languages_and_only_the_callers,
    search_input_never_fails_and_filters_apply,
    the_list_pages_and_keeps_pins_folders_and_tags,
    bulk_changes_touch_only_the_callers_conversations,
    templates_are_personal_or_the_households,
    a_share_link_opens_signed_out_until_it_is_revoked,
);

async fn new_conversation(c: &Client) -> String {
    let r = c.send_json("POST", "/api/conversations", &json!({})).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

/// Sends `content` and waits for the reply to end; the events.
async fn say(c: &Client, conversation: &str, content: &str) -> Vec<Value> {
    c.stream(&format!("/api/conversations/{conversation}/messages"), &json!({ "content": content }))
        .await
        .unwrap()
        .unwrap()
        .collect()
        .await
        .unwrap()
}

fn enc(q: &str) -> String {
    let mut out = String::new();
    for b in q.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn search(c: &Client, q: &str, extra: &str) -> Value {
    let r = c.get(&format!("/api/search?q={}{extra}", enc(q))).await.unwrap();
    assert_eq!(r.status, 200, "{q:?}: {}", r.text);
    r.body
}

/// The (role, plain snippet) of each message hit.
fn hits(body: &Value) -> Vec<(String, String)> {
    body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let text: String = m["snippet"].as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap()).collect();
            (m["role"].as_str().unwrap().to_owned(), text)
        })
        .collect()
}

fn marked(body: &Value) -> Vec<String> {
    body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["snippet"].as_array().unwrap().iter().filter(|s| s["hit"] == true).map(|s| s["text"].as_str().unwrap().to_lowercase()))
        .collect()
}

async fn search_finds_words_in_both_languages_and_only_the_callers(t: Target) {
    let app = App::start(t, Options::default());
    let a = &app.client;
    let b = a.create_member("bob", "bob password").await.unwrap();
    let trip = new_conversation(a).await;
    say(a, &trip, "Planning a trip to Rome: the Colosseum opens at nine").await;
    say(a, &trip, "Мы поедем на ёлку в Москве, потом в Санкт-Петербург").await;
    let other = new_conversation(a).await;
    say(a, &other, "Recipe for borscht with beetroot").await;
    let r = a.send_json("PATCH", &format!("/api/conversations/{other}"), &json!({ "title": "Soup evenings" })).await.unwrap();
    assert_eq!(r.status, 200);
    let bobs = new_conversation(&b).await;
    say(&b, &bobs, "Bob's secret Colosseum plan").await;

    // English, as a prefix, highlighted; user message and the reply that repeats it.
    let r = search(a, "colos", "").await;
    let found = hits(&r);
    assert_eq!(found.len(), 2, "{r}");
    assert!(found.iter().all(|(_, s)| s.contains("Colosseum") && !s.contains("Bob")), "{found:?}");
    assert!(marked(&r).iter().all(|m| m == "colosseum"), "{r}");
    assert_eq!(r["messages"][0]["conversation_id"], trip.as_str());
    // Russian: case-insensitive, prefix, and "е" finds "ё".
    for q in ["москв", "ЕЛКУ", "ёлку", "санкт-петербург"] {
        let r = search(a, q, "").await;
        assert_eq!(hits(&r).len(), 2, "{q}: {r}");
    }
    // A phrase must be in that order; -word excludes; OR widens.
    assert_eq!(hits(&search(a, "\"opens at nine\"", "").await).len(), 2);
    assert_eq!(hits(&search(a, "\"nine at opens\"", "").await).len(), 0);
    assert_eq!(hits(&search(a, "trip -Colosseum", "").await).len(), 0);
    assert_eq!(hits(&search(a, "borscht OR Colosseum", "").await).len(), 4);
    // Titles.
    let r = search(a, "soup", "").await;
    assert_eq!(r["titles"][0]["conversation_id"], other.as_str(), "{r}");
    assert_eq!(r["titles"][0]["highlight"], json!([{ "text": "Soup", "hit": true }, { "text": " evenings", "hit": false }]));
    // Another person's words are never found, not even by them being typed exactly.
    assert!(hits(&search(a, "secret", "").await).is_empty());
    assert_eq!(hits(&search(&b, "colosseum", "").await).len(), 2, "Bob finds his own");
    assert!(!search(&b, "rome OR borscht OR москве", "").await.to_string().contains("Rome"));

    // A deleted message (and the reply under it) leaves the results.
    let page = a.get(&format!("/api/conversations/{other}")).await.unwrap().body;
    let first = page["messages"][0]["id"].as_str().unwrap().to_owned();
    let r = a.raw("DELETE", &format!("/api/conversations/{other}/messages/{first}"), &[], vec![]).await.unwrap();
    assert_eq!(r.status, 204);
    assert!(hits(&search(a, "borscht", "").await).is_empty());
    // A deleted conversation too.
    assert_eq!(a.raw("DELETE", &format!("/api/conversations/{trip}"), &[], vec![]).await.unwrap().status, 204);
    assert!(hits(&search(a, "colosseum", "").await).is_empty());

    // A reply is found once it has ended, not while it streams.
    let live = new_conversation(a).await;
    let mut stream = a
        .stream(&format!("/api/conversations/{live}/messages"), &json!({ "content": "zebra [[hold=1 words=4]]" }))
        .await
        .unwrap()
        .unwrap();
    while let Some(e) = stream.next().await.unwrap() {
        if e["type"] == "delta" {
            break;
        }
    }
    let so_far: Vec<String> = hits(&search(a, "zebra", "").await).into_iter().map(|(role, _)| role).collect();
    assert_eq!(so_far, ["user"], "only the message so far");
    assert!(hits(&search(a, "lorem", "").await).is_empty(), "a streaming reply is not indexed yet");
    app.fake.release();
    while stream.next().await.unwrap().is_some() {}
    let r = eventually(10, "the ended reply is found", || async {
        let r = search(a, "lorem", "").await;
        (hits(&r).len() == 1).then_some(r)
    })
    .await;
    assert_eq!(r["messages"][0]["role"], "assistant");
}

async fn search_input_never_fails_and_filters_apply(t: Target) {
    let app = App::start(t, Options::default());
    let a = &app.client;
    let one = new_conversation(a).await;
    say(a, &one, "alpha beta gamma").await;
    let two = new_conversation(a).await;
    say(a, &two, "alpha delta").await;
    // Whatever is typed, the answer is 200 (FTS5 syntax is text, never an error).
    for q in [
        "\"", "\"\"", "*", "alpha*", "al*pha", "(alpha", "alpha)", "alpha AND", "AND", "OR", "NOT alpha", "NEAR(alpha beta)",
        "alpha:beta", "^alpha", "-", "--alpha", "'; DROP TABLE messages; --", "alpha\u{0}beta", "{alpha}", "a\"b\"c",
        "\u{1}alpha\u{2}", "🙂", "   ", "%", "alpha + beta", "col:alpha", "rowid", "messages_fts",
    ] {
        search(a, q, "").await;
    }
    assert_eq!(hits(&search(a, "'; DROP TABLE messages; --", "").await).len(), 0);
    assert_eq!(hits(&search(a, "alpha", "").await).len(), 4, "the database is intact");
    // Filters: archived left out by default, then included or only.
    let r = a.send_json("PATCH", &format!("/api/conversations/{two}"), &json!({ "archived": true })).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(hits(&search(a, "alpha", "").await).len(), 2);
    assert_eq!(hits(&search(a, "alpha", "&archived=include").await).len(), 4);
    let only = search(a, "alpha", "&archived=only").await;
    assert!(only["messages"].as_array().unwrap().iter().all(|m| m["conversation_id"] == two.as_str() && m["archived"] == true));
    // Tag and folder.
    let folder = a.send_json("POST", "/api/folders", &json!({ "name": "Greek" })).await.unwrap().body["id"].as_str().unwrap().to_owned();
    a.send_json("PATCH", &format!("/api/conversations/{one}"), &json!({ "folder_id": folder, "tags": ["letters"] })).await.unwrap();
    assert_eq!(hits(&search(a, "alpha", &format!("&archived=include&folder={folder}")).await).len(), 2);
    assert_eq!(hits(&search(a, "alpha", "&archived=include&tag=letters").await).len(), 2);
    assert_eq!(hits(&search(a, "alpha", "&archived=include&tag=nope").await).len(), 0);
    // Dates: today is in, a range in the past is not.
    let today = a.get(&format!("/api/conversations/{one}")).await.unwrap().body["conversation"]["created_at"].as_str().unwrap()[..10].to_owned();
    assert_eq!(hits(&search(a, "alpha", &format!("&from={today}&to={today}")).await).len(), 2);
    assert_eq!(hits(&search(a, "alpha", "&from=2001-01-01&to=2001-12-31").await).len(), 0);
    // Newest first, and paging.
    let newest = search(a, "alpha", "&archived=include&sort=newest&limit=3").await;
    assert_eq!(newest["has_more"], true);
    let dates: Vec<&str> = newest["messages"].as_array().unwrap().iter().map(|m| m["created_at"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let rest = search(a, "alpha", "&archived=include&sort=newest&limit=3&offset=3").await;
    assert_eq!((hits(&rest).len(), rest["has_more"].clone(), rest["titles"].clone()), (1, json!(false), json!([])));
    // Bad filters are 400 with a code.
    for extra in ["&from=yesterday", "&to=2026-13-01", "&from=2026-02-00", "&sort=best", "&limit=0", "&archived=maybe", "&offset=-1"] {
        let r = a.get(&format!("/api/search?q=alpha{extra}")).await.unwrap();
        assert_eq!((r.status, r.body["code"].as_str()), (400, Some("invalid_query")), "{extra}: {}", r.text);
    }
}

async fn the_list_pages_and_keeps_pins_folders_and_tags(t: Target) {
    let app = App::start(t, Options::default());
    let a = &app.client;
    let mut ids = Vec::new();
    for _ in 0..7 {
        ids.push(new_conversation(a).await);
    }
    ids.reverse(); // newest first
    // Pages of 3 cover all seven in order, once each.
    let mut seen: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/conversations?limit=3&cursor={}", enc(c)),
            None => "/api/conversations?limit=3".into(),
        };
        let r = a.get(&path).await.unwrap();
        assert_eq!(r.status, 200, "{}", r.text);
        seen.extend(r.body["conversations"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()));
        pages += 1;
        match r.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!((seen.clone(), pages), (ids.clone(), 3));
    // A pinned conversation leaves the pages and heads `pinned` on the first page.
    let r = a.send_json("PATCH", &format!("/api/conversations/{}", ids[4]), &json!({ "pinned": true, "tags": ["work", " Work ", "home"] })).await.unwrap();
    assert_eq!((r.status, r.body["tags"].clone()), (200, json!(["home", "work"])), "tags compare without case: {}", r.text);
    assert!(r.body["pinned_at"].is_string());
    let first = a.get("/api/conversations?limit=50").await.unwrap().body;
    assert_eq!(first["pinned"][0]["id"], ids[4].as_str());
    assert_eq!(first["conversations"].as_array().unwrap().len(), 6);
    // Folders: one level; a conversation moves in and out; deleting the folder keeps it.
    let f = a.send_json("POST", "/api/folders", &json!({ "name": "  Trips  " })).await.unwrap();
    assert_eq!((f.status, f.body["name"].as_str()), (201, Some("Trips")), "{}", f.text);
    let folder = f.body["id"].as_str().unwrap().to_owned();
    let dup = a.send_json("POST", "/api/folders", &json!({ "name": "trips" })).await.unwrap();
    assert_eq!((dup.status, dup.body["code"].as_str()), (409, Some("folder_exists")));
    for id in [&ids[0], &ids[1]] {
        let r = a.send_json("PATCH", &format!("/api/conversations/{id}"), &json!({ "folder_id": folder })).await.unwrap();
        assert_eq!((r.status, r.body["folder_id"].as_str()), (200, Some(folder.as_str())));
    }
    let inside = a.get(&format!("/api/conversations?folder={folder}")).await.unwrap().body;
    let inside: Vec<&str> = inside["conversations"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(inside, [ids[0].as_str(), ids[1].as_str()]);
    let unfiled = a.get("/api/conversations?folder=none").await.unwrap().body;
    assert_eq!(unfiled["conversations"].as_array().unwrap().len(), 4, "7 − 2 in the folder − 1 pinned");
    let folders = a.get("/api/folders").await.unwrap().body;
    assert_eq!(folders["folders"][0]["conversation_count"], 2);
    // Tags: filter and counts.
    let work = a.get("/api/conversations?tag=WORK").await.unwrap().body;
    assert_eq!(work["pinned"][0]["id"], ids[4].as_str());
    let tags = a.get("/api/tags").await.unwrap().body;
    assert_eq!(tags["tags"], json!([{ "name": "home", "count": 1 }, { "name": "work", "count": 1 }]));
    // Rename, then delete the folder: its conversations stay, in no folder.
    let r = a.send_json("PATCH", &format!("/api/folders/{folder}"), &json!({ "name": "Travel" })).await.unwrap();
    assert_eq!((r.status, r.body["name"].as_str()), (200, Some("Travel")));
    assert_eq!(a.raw("DELETE", &format!("/api/folders/{folder}"), &[], vec![]).await.unwrap().status, 204);
    let c = a.get(&format!("/api/conversations/{}", ids[0])).await.unwrap().body;
    assert_eq!(c["conversation"]["folder_id"], Value::Null);
    // Bad queries and bodies say what is wrong.
    for (path, status, code) in [
        ("/api/conversations?cursor=garbage", 400, "invalid_query"),
        ("/api/conversations?limit=500", 400, "invalid_query"),
        (&format!("/api/conversations?folder={folder}"), 404, "not_found"),
    ] {
        let r = a.get(path).await.unwrap();
        assert_eq!((r.status, r.body["code"].as_str()), (status, Some(code)), "{path}: {}", r.text);
    }
    let r = a.send_json("PATCH", &format!("/api/conversations/{}", ids[0]), &json!({ "folder_id": "no-such-folder" })).await.unwrap();
    assert_eq!(r.status, 404);
    let r = a.send_json("PATCH", &format!("/api/conversations/{}", ids[0]), &json!({ "tags": ["x".repeat(41)] })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (400, Some("invalid_tag")));
}

async fn bulk_changes_touch_only_the_callers_conversations(t: Target) {
    let app = App::start(t, Options::default());
    let a = &app.client;
    let b = a.create_member("bob", "bob password").await.unwrap();
    let mine = [new_conversation(a).await, new_conversation(a).await, new_conversation(a).await];
    let bobs = new_conversation(&b).await;
    let folder = a.send_json("POST", "/api/folders", &json!({ "name": "Batch" })).await.unwrap().body["id"].as_str().unwrap().to_owned();
    let all: Vec<&str> = mine.iter().map(String::as_str).chain([bobs.as_str()]).collect();
    let bulk = |body: Value| async move { a.send_json("POST", "/api/conversations/bulk", &body).await.unwrap() };
    let r = bulk(json!({ "ids": all, "action": "move", "folder_id": folder })).await;
    assert_eq!((r.status, r.body["changed"].as_i64()), (200, Some(3)), "{}", r.text);
    let r = bulk(json!({ "ids": all, "action": "tag", "tag": "batch" })).await;
    assert_eq!(r.body["changed"], 3);
    assert_eq!(a.get("/api/tags").await.unwrap().body["tags"], json!([{ "name": "batch", "count": 3 }]));
    assert_eq!(bulk(json!({ "ids": [mine[0]], "action": "untag", "tag": "batch" })).await.body["changed"], 1);
    assert_eq!(bulk(json!({ "ids": [mine[1]], "action": "pin" })).await.body["changed"], 1);
    assert_eq!(bulk(json!({ "ids": all, "action": "archive" })).await.body["changed"], 3);
    assert_eq!(a.get("/api/conversations").await.unwrap().body["conversations"], json!([]));
    assert_eq!(a.get("/api/conversations?archived=true").await.unwrap().body["pinned"].as_array().unwrap().len(), 1);
    assert_eq!(bulk(json!({ "ids": all, "action": "delete" })).await.body["changed"], 3);
    assert_eq!(app.sqlite().query_row("SELECT COUNT(*) FROM conversations", [], |r| r.get::<_, i64>(0)).unwrap(), 1, "Bob's is still there");
    let r = b.get(&format!("/api/conversations/{bobs}")).await.unwrap();
    assert_eq!((r.status, r.body["conversation"]["folder_id"].clone(), r.body["conversation"]["tags"].clone()), (200, Value::Null, json!([])));
    // Bad bulk requests store nothing.
    for body in [json!({ "ids": [], "action": "pin" }), json!({ "ids": [bobs], "action": "explode" }), json!({ "ids": [bobs], "action": "tag" }), json!({ "ids": [bobs], "action": "move" })] {
        assert_eq!(bulk(body.clone()).await.status, 400, "{body}");
    }
    let r = bulk(json!({ "ids": [bobs], "action": "move", "folder_id": "not-mine" })).await;
    assert_eq!(r.status, 404);
}

async fn templates_are_personal_or_the_households(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let member = admin.create_member("bob", "bob password").await.unwrap();
    let carol = admin.create_member("carol", "carol password").await.unwrap();
    let list = member.get("/api/templates").await.unwrap().body;
    let seeded: Vec<&str> = list["templates"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(seeded, ["Explain simply", "Summarize", "Translate"], "the household's, by name");
    let translate = list["templates"].as_array().unwrap().iter().find(|t| t["name"] == "Translate").unwrap().clone();
    assert_eq!((translate["scope"].as_str(), translate["editable"].as_bool(), translate["variables"].clone()), (Some("household"), Some(false), json!(["language", "text"])));
    // A member keeps their own; cannot add to or change the household's.
    let r = member.send_json("POST", "/api/templates", &json!({ "name": "Mail", "content": "Write to {{ who }} about {{topic}}; sign as {{who}}." })).await.unwrap();
    assert_eq!((r.status, r.body["variables"].clone(), r.body["editable"].clone()), (201, json!(["who", "topic"]), json!(true)), "{}", r.text);
    let mail = r.body["id"].as_str().unwrap().to_owned();
    let r = member.send_json("POST", "/api/templates", &json!({ "name": "Ours", "content": "x", "scope": "household" })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (403, Some("admin_only")));
    let tid = translate["id"].as_str().unwrap();
    let r = member.send_json("PATCH", &format!("/api/templates/{tid}"), &json!({ "name": "Mine now" })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (403, Some("admin_only")));
    assert_eq!(member.raw("DELETE", &format!("/api/templates/{tid}"), &[], vec![]).await.unwrap().status, 403);
    // Carol does not see Bob's; the admin does not either (it is Bob's own).
    for other in [&carol, admin] {
        let l = other.get("/api/templates").await.unwrap();
        assert!(!l.text.contains("Mail"), "{}", l.text);
        assert_eq!(other.raw("DELETE", &format!("/api/templates/{mail}"), &[], vec![]).await.unwrap().status, 404);
    }
    // The admin manages the household's.
    let r = admin.send_json("POST", "/api/templates", &json!({ "name": "House rules", "content": "Remember: {{rule}}", "scope": "household" })).await.unwrap();
    assert_eq!((r.status, r.body["scope"].as_str(), r.body["editable"].as_bool()), (201, Some("household"), Some(true)));
    assert!(carol.get("/api/templates").await.unwrap().text.contains("House rules"));
    let r = admin.send_json("PATCH", &format!("/api/templates/{tid}"), &json!({ "content": "Into {{language}}: {{text}}" })).await.unwrap();
    assert_eq!((r.status, r.body["content"].as_str()), (200, Some("Into {{language}}: {{text}}")));
    assert_eq!(admin.raw("DELETE", &format!("/api/templates/{tid}"), &[], vec![]).await.unwrap().status, 204);
    // Bad input.
    for body in [json!({ "name": "", "content": "x" }), json!({ "name": "x", "content": "  " }), json!({ "name": "x", "content": "x", "scope": "world" })] {
        assert_eq!(member.send_json("POST", "/api/templates", &body).await.unwrap().status, 400, "{body}");
    }
    let big = member.send_json("POST", "/api/templates", &json!({ "name": "big", "content": "x".repeat(20_001) })).await.unwrap();
    assert_eq!(big.status, 413);
}

async fn a_share_link_opens_signed_out_until_it_is_revoked(t: Target) {
    let app = App::start(t, Options::default());
    let a = &app.client;
    let shared = new_conversation(a).await;
    say(a, &shared, "What is on the menu?").await;
    let private = new_conversation(a).await;
    say(a, &private, "My private diary").await;
    let empty = new_conversation(a).await;
    let r = a.send_json("POST", "/api/shares", &json!({ "conversation_id": empty })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (400, Some("empty_conversation")));
    let r = a.send_json("POST", "/api/shares", &json!({ "conversation_id": shared, "expires_in_days": 7 })).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    let token = r.body["token"].as_str().unwrap().to_owned();
    assert_eq!((token.len(), r.body["url"].as_str().unwrap().to_owned()), (64, format!("/s/{token}")));
    assert!(r.body["expires_at"].is_string());
    let share_id = r.body["id"].as_str().unwrap().to_owned();
    // Messages sent after sharing are not in the snapshot.
    say(a, &shared, "A later question").await;

    let anon = a.anonymous();
    let s = anon.get(&format!("/api/shared/{token}")).await.unwrap();
    assert_eq!(s.status, 200, "{}", s.text);
    let contents: Vec<&str> = s.body["messages"].as_array().unwrap().iter().map(|m| m["content"].as_str().unwrap()).collect();
    assert_eq!(contents, ["What is on the menu?", &nexus_testhost::fake_upstream::reply_text("What is on the menu?")]);
    assert!(!s.text.contains("diary") && !s.text.contains("later") && !s.text.contains(&shared) && !s.text.contains("user_id"), "{}", s.text);
    for (h, v) in [("x-robots-tag", "noindex, nofollow"), ("x-frame-options", "DENY"), ("referrer-policy", "no-referrer")] {
        assert_eq!(s.headers.get(h).and_then(|v| v.to_str().ok()), Some(v), "{h}");
    }
    let page = anon.raw("GET", &format!("/s/{token}"), &[], vec![]).await.unwrap();
    assert_eq!(page.status, 200);
    assert_eq!(page.headers.get("x-robots-tag").and_then(|v| v.to_str().ok()), Some("noindex, nofollow"));
    // The owner lists theirs (all, or one conversation's); nobody else does.
    let mine = a.get("/api/shares").await.unwrap().body;
    assert_eq!(mine["shares"][0]["token"], token.as_str());
    assert_eq!(a.get(&format!("/api/shares?conversation_id={private}")).await.unwrap().body["shares"], json!([]));
    // Guessing: other tokens, the share's id, malformed ones: not found.
    for guess in [&share_id, &"0".repeat(64), "x", &token[..63], &format!("{token}0"), "../conversations"] {
        let r = anon.get(&format!("/api/shared/{guess}")).await.unwrap();
        assert!(r.status == 404, "{guess}: {}", r.text);
    }
    // Expired, then revoked: not found.
    let second = a.send_json("POST", "/api/shares", &json!({ "conversation_id": shared })).await.unwrap().body;
    let second_token = second["token"].as_str().unwrap().to_owned();
    assert_eq!(second["expires_at"], Value::Null);
    app.sqlite().execute("UPDATE shares SET expires_at = '2000-01-01T00:00:00.000Z' WHERE token = ?", [&second_token]).unwrap();
    assert_eq!(anon.get(&format!("/api/shared/{second_token}")).await.unwrap().status, 404);
    assert_eq!(a.raw("DELETE", &format!("/api/shares/{share_id}"), &[], vec![]).await.unwrap().status, 204);
    let r = anon.get(&format!("/api/shared/{token}")).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (404, Some("not_found")));
    // Deleting the conversation deletes its links.
    let third = a.send_json("POST", "/api/shares", &json!({ "conversation_id": private })).await.unwrap().body["token"].as_str().unwrap().to_owned();
    assert_eq!(anon.get(&format!("/api/shared/{third}")).await.unwrap().status, 200);
    assert_eq!(a.raw("DELETE", &format!("/api/conversations/{private}"), &[], vec![]).await.unwrap().status, 204);
    assert_eq!(anon.get(&format!("/api/shared/{third}")).await.unwrap().status, 404);
    let bad = a.send_json("POST", "/api/shares", &json!({ "conversation_id": shared, "expires_in_days": 0 })).await.unwrap();
    assert_eq!(bad.status, 400);
}
