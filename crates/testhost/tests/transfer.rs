//! Export, import, backup and restore end to end (test host, and real Spin when
//! present): the whole tree in JSON and the branch shown in Markdown, a lossless round
//! trip, duplicates, ChatGPT and Open WebUI files, malformed files refused whole, other
//! people's conversations out of reach, and a backup restored into a fresh instance.

mod common;

use common::{ADMIN, App, Options, Target};
use nexus_testhost::client::{Client, JsonResponse};
use nexus_testhost::fake_upstream::{FAKE_REASONING, reply_text};
use serde_json::{Value, json};

e2e!(
    export_json_holds_the_whole_tree_and_markdown_the_branch_shown,
    round_trip_is_lossless_and_a_second_import_stores_nothing,
    chatgpt_export_becomes_branches_with_the_branch_shown,
    open_webui_export_becomes_branches_with_the_branch_shown,
    malformed_files_are_refused_whole,
    other_people_cannot_export_my_conversations,
    backup_restores_into_a_fresh_instance_only,
);

const CHATGPT: &str = include_str!("fixtures/chatgpt-conversations.json");
const OPEN_WEBUI: &str = include_str!("fixtures/openwebui-export.json");
const PNG: &[u8] = include_bytes!("fixtures/picture-4x3.png");
const GIF: &[u8] = include_bytes!("fixtures/picture-1x1.gif");

async fn send(c: &Client, conversation: &str, path: &str, body: Value) -> Vec<Value> {
    c.stream(&format!("/api/conversations/{conversation}/messages{path}"), &body).await.unwrap().unwrap().collect().await.unwrap()
}

async fn new_conversation(c: &Client, body: Value) -> String {
    let r = c.send_json("POST", "/api/conversations", &body).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

/// `GET path`, checked to be a download; its body.
async fn download(c: &Client, path: &str, filename: &str) -> JsonResponse {
    let r = c.get(path).await.unwrap();
    assert_eq!(r.status, 200, "{path}: {}", r.text);
    let disposition = r.headers.get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(disposition.starts_with("attachment; filename=\""), "{disposition}");
    if !filename.is_empty() {
        assert_eq!(disposition, format!("attachment; filename=\"{filename}\""));
    }
    r
}

async fn export_all(c: &Client) -> Value {
    let doc = download(c, "/api/export", "").await.body;
    assert_eq!((doc["format"].as_str(), doc["version"].as_i64()), (Some("nexus-export"), Some(1)), "{doc}");
    doc
}

async fn import(c: &Client, body: &str) -> JsonResponse {
    c.raw("POST", "/api/import", &[("content-type", "application/json")], body.as_bytes().to_vec()).await.unwrap()
}

/// How many conversations the person has (archived ones too).
async fn count(c: &Client) -> usize {
    let mut n = 0;
    for archived in ["false", "true"] {
        let r = c.get(&format!("/api/conversations?archived={archived}&limit=200")).await.unwrap();
        n += r.body["conversations"].as_array().unwrap().len() + r.body["pinned"].as_array().unwrap().len();
    }
    n
}

fn without_exported_at(mut doc: Value) -> Value {
    doc.as_object_mut().unwrap().remove("exported_at");
    doc
}

fn find<'a>(doc: &'a Value, title: &str) -> &'a Value {
    doc["conversations"].as_array().unwrap().iter().find(|c| c["title"] == title).unwrap_or_else(|| panic!("no {title:?} in {doc}"))
}

fn contents(messages: &Value) -> Vec<String> {
    messages.as_array().unwrap().iter().map(|m| m["content"].as_str().unwrap().to_owned()).collect()
}

/// The branch a conversation shows (GET /api/conversations/{id}), as texts.
async fn shown(c: &Client, id: &str) -> Vec<String> {
    contents(&c.get(&format!("/api/conversations/{id}")).await.unwrap().body["messages"])
}

async fn export_json_holds_the_whole_tree_and_markdown_the_branch_shown(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let id = new_conversation(c, json!({ "model": "openai/gpt-4o-mini" })).await;
    c.send_json("PATCH", &format!("/api/conversations/{id}"), &json!({ "title": "Trip to Rome: day 1/2" })).await.unwrap();
    let ask = "Think about Rome [[think=1]]";
    let first = send(c, &id, "", json!({ "content": ask })).await;
    let (user_id, reply_id) = (first[0]["user_message_id"].as_str().unwrap().to_owned(), first[0]["message_id"].as_str().unwrap().to_owned());
    let again = send(c, &id, &format!("/{reply_id}/regenerate"), json!({})).await;
    let second_id = again[0]["message_id"].as_str().unwrap().to_owned();

    let doc = download(c, &format!("/api/export/{id}"), "Trip-to-Rome-day-1-2.json").await.body;
    assert_eq!(doc["format"], "nexus-export");
    let conv = &doc["conversations"][0];
    assert_eq!(doc["conversations"].as_array().unwrap().len(), 1);
    assert_eq!((conv["id"].as_str(), conv["title"].as_str(), conv["model"].as_str()), (Some(id.as_str()), Some("Trip to Rome: day 1/2"), Some("openai/gpt-4o-mini")));
    assert_eq!(conv["active_leaf_id"], second_id.as_str());
    let messages = conv["messages"].as_array().unwrap();
    let ids: Vec<&str> = messages.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [user_id.as_str(), reply_id.as_str(), second_id.as_str()], "oldest first, parents before children");
    assert_eq!(messages[0]["parent_id"], Value::Null);
    assert_eq!((messages[1]["parent_id"].as_str(), messages[2]["parent_id"].as_str()), (Some(user_id.as_str()), Some(user_id.as_str())), "two branches");
    for m in &messages[1..] {
        assert_eq!((m["role"].as_str(), m["status"].as_str(), m["model"].as_str()), (Some("assistant"), Some("completed"), Some("openai/gpt-4o-mini")));
        assert_eq!(m["parts"], json!([{ "type": "reasoning", "text": FAKE_REASONING }, { "type": "text", "text": reply_text(ask) }]), "{m}");
        assert!(m["metadata"]["completion_tokens"].as_i64().unwrap() > 0, "{m}");
        assert_eq!(m["refused"], false);
        assert!(m["created_at"].as_str().unwrap().ends_with('Z') && m["updated_at"].is_string());
    }
    for key in ["system_prompt", "archived_at", "pinned_at", "folder", "connection_id"] {
        assert_eq!(conv[key], Value::Null, "{key}");
    }
    assert_eq!((conv["tags"].clone(), conv["params"].clone()), (json!([]), json!({})));

    // Markdown: the branch shown, without the reasoning.
    let md = download(c, &format!("/api/export/{id}?format=markdown"), "Trip-to-Rome-day-1-2.md").await;
    assert!(md.headers["content-type"].to_str().unwrap().starts_with("text/markdown"));
    let expected = format!("# Trip to Rome: day 1/2\n\n**You**\n\n{ask}\n\n**Assistant (openai/gpt-4o-mini)**\n\n{}\n", reply_text(ask));
    assert_eq!(md.text, expected);
    assert!(!md.text.contains(FAKE_REASONING));

    // The whole export holds it too; an unknown format is refused.
    assert_eq!(export_all(c).await["conversations"][0], *conv);
    let r = c.get(&format!("/api/export/{id}?format=pdf")).await.unwrap();
    assert_eq!(r.status, 400, "{}", r.text);

    // Pictures are not in the Markdown, but a line marks each, before the text.
    let seen = new_conversation(c, json!({ "model": "openai/gpt-4o-mini" })).await;
    c.send_json("PATCH", &format!("/api/conversations/{seen}"), &json!({ "title": "Pictures" })).await.unwrap();
    let mut pictures = Vec::new();
    for (bytes, kind) in [(PNG, "image/png"), (GIF, "image/gif")] {
        let r = c.raw("POST", "/api/images", &[("content-type", kind)], bytes.to_vec()).await.unwrap();
        assert_eq!(r.status, 201, "{}", r.text);
        pictures.push(r.body["id"].as_str().unwrap().to_owned());
    }
    send(c, &seen, "", json!({ "content": "What is this?", "images": pictures })).await;
    let md = download(c, &format!("/api/export/{seen}?format=markdown"), "Pictures.md").await.text;
    let head = "# Pictures\n\n**You**\n\n*[picture: image/png, 4×3]*\n\n*[picture: image/gif, 1×1]*\n\nWhat is this?\n\n**Assistant (openai/gpt-4o-mini)**\n\n";
    assert!(md.starts_with(head), "{md}");
}

async fn round_trip_is_lossless_and_a_second_import_stores_nothing(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let prompt = c.send_json("POST", "/api/settings/prompts", &json!({ "name": "Pirate", "content": "Answer like a pirate." })).await.unwrap();
    assert_eq!(prompt.status, 201, "{}", prompt.text);
    let a = new_conversation(c, json!({})).await;
    let first = send(c, &a, "", json!({ "content": "Where is Rome [[think=1]]" })).await;
    send(c, &a, "", json!({ "content": "And Milan?" })).await;
    send(c, &a, &format!("/{}/regenerate", first[0]["message_id"].as_str().unwrap()), json!({})).await;
    let b = new_conversation(c, json!({ "system_prompt_id": prompt.body["id"], "params": { "temperature": 0.5, "max_tokens": 300 } })).await;
    send(c, &b, "", json!({ "content": "Ahoy" })).await;
    c.send_json("PATCH", &format!("/api/conversations/{b}"), &json!({ "archived": true })).await.unwrap();
    // What only other parts of the library set (folders, pins, tags, templates), and a
    // refused message, straight into the database.
    let user: String = app.sqlite().query_row("SELECT id FROM users WHERE username = ?", [ADMIN.0], |r| r.get(0)).unwrap();
    {
        let db = app.sqlite();
        db.execute("INSERT INTO folders (id, user_id, name) VALUES ('f1', ?1, 'Travel'), ('f2', ?1, 'Empty one')", [&user]).unwrap();
        db.execute("UPDATE conversations SET folder_id = 'f1', pinned_at = '2026-01-02T03:04:05.000Z' WHERE id = ?", [&a]).unwrap();
        db.execute("INSERT INTO conversation_tags (conversation_id, tag) VALUES (?1, 'rome'), (?1, 'plans')", [&a]).unwrap();
        db.execute("INSERT INTO prompt_templates (id, owner_id, name, content) VALUES ('t1', ?, 'Packing', 'Pack for {{days}} days')", [&user]).unwrap();
        db.execute("UPDATE messages SET refused = 1 WHERE conversation_id = ? AND content = 'And Milan?'", [&a]).unwrap();
    }
    let usage_before = c.get("/api/users/me/usage").await.unwrap().body;
    let shown_before = shown(c, &a).await;

    let before = export_all(c).await;
    assert_eq!(before["conversations"].as_array().unwrap().len(), 2);
    assert_eq!((before["folders"].clone(), before["templates"].clone()), (json!(["Empty one", "Travel"]), json!([{ "name": "Packing", "content": "Pack for {{days}} days" }])));
    let ca = before["conversations"].as_array().unwrap().iter().find(|x| x["id"] == a.as_str()).unwrap();
    assert_eq!((ca["folder"].as_str(), ca["tags"].clone(), ca["pinned_at"].as_str()), (Some("Travel"), json!(["plans", "rome"]), Some("2026-01-02T03:04:05.000Z")));
    let cb = before["conversations"].as_array().unwrap().iter().find(|x| x["id"] == b.as_str()).unwrap();
    assert_eq!((cb["system_prompt"].as_str(), cb["params"].clone()), (Some("Answer like a pirate."), json!({ "temperature": 0.5, "max_tokens": 300 })));
    assert!(cb["archived_at"].is_string());
    assert!(before.to_string().contains("\"refused\":true"));

    for id in [&a, &b] {
        assert_eq!(c.raw("DELETE", &format!("/api/conversations/{id}"), &[], vec![]).await.unwrap().status, 204);
    }
    assert_eq!(count(c).await, 0);
    let r = import(c, &before.to_string()).await;
    assert_eq!((r.status, r.body.clone()), (200, json!({ "format": "nexus", "imported": 2, "skipped": [], "duplicates": 0 })), "{}", r.text);
    let after = export_all(c).await;
    assert_eq!(without_exported_at(after.clone()), without_exported_at(before.clone()), "export → delete → import → export");
    assert_eq!(shown(c, &a).await, shown_before, "the branch shown is the same one");

    // Again: every conversation is found, nothing is stored.
    let r = import(c, &before.to_string()).await;
    assert_eq!((r.status, r.body["imported"].as_i64(), r.body["duplicates"].as_i64()), (200, Some(0), Some(2)), "{}", r.text);
    assert_eq!(count(c).await, 2);
    assert_eq!(without_exported_at(export_all(c).await), without_exported_at(before));
    let prompts = c.get("/api/settings/prompts").await.unwrap().body;
    assert_eq!(prompts.to_string().matches("Answer like a pirate.").count(), 1, "the prompt is found by its text, not copied: {prompts}");
    // Imports are not usage.
    assert_eq!(c.get("/api/users/me/usage").await.unwrap().body, usage_before);
}

async fn chatgpt_export_becomes_branches_with_the_branch_shown(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let default_model = c.send_json("POST", "/api/conversations", &json!({})).await.unwrap().body["model"].as_str().unwrap().to_owned();
    let r = import(c, CHATGPT).await;
    assert_eq!((r.status, r.body["format"].as_str(), r.body["imported"].as_i64(), r.body["duplicates"].as_i64()), (200, Some("chatgpt"), Some(2), Some(0)), "{}", r.text);
    let skipped = r.body["skipped"].as_array().unwrap();
    let reasons = |title: &str| -> Vec<String> { skipped.iter().filter(|s| s["title"] == title).map(|s| s["reason"].as_str().unwrap().to_owned()).collect() };
    assert_eq!(reasons("Only instructions"), ["It has no messages from you or the assistant."]);
    let paris = reasons("Weekend in Paris");
    assert_eq!(paris.len(), 2, "{paris:?}");
    assert!(paris.iter().any(|r| r.contains("1 image") && r.contains("[image]")), "{paris:?}");
    assert!(paris.iter().any(|r| r.contains("\"code\"")), "{paris:?}");

    let doc = export_all(c).await;
    let conv = find(&doc, "Weekend in Paris");
    assert_eq!((conv["model"].as_str(), conv["created_at"].as_str(), conv["updated_at"].as_str()), (Some("gpt-4o"), Some("2024-06-01T10:00:00.123Z"), Some("2024-06-01T11:00:00.500Z")));
    let m = conv["messages"].as_array().unwrap();
    assert_eq!(contents(&conv["messages"]), [
        "Plan a weekend in Paris for two.",
        "Day 1: the Louvre and a walk along the Seine. Day 2: Montmartre.",
        "[image]\n\nWhat is this building?",
        "That is the Eiffel Tower.",
        "A slower plan: one museum a day, long lunches.",
    ]);
    let roles: Vec<&str> = m.iter().map(|x| x["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["user", "assistant", "user", "assistant", "assistant"]);
    let id = |k: usize| m[k]["id"].as_str().unwrap();
    let parents: Vec<Option<&str>> = m.iter().map(|x| x["parent_id"].as_str()).collect();
    assert_eq!(parents, [None, Some(id(0)), Some(id(1)), Some(id(2)), Some(id(0))], "the system message skipped, the tool call's answer under the question");
    assert_eq!((m[1]["model"].as_str(), m[4]["model"].as_str(), m[0]["model"].as_str()), (Some("gpt-4o"), Some("gpt-4o-mini"), None));
    assert_eq!(m[1]["created_at"], "2024-06-01T10:00:10.250Z");
    assert_eq!(conv["active_leaf_id"], id(3), "current_node");
    assert_eq!(shown(c, conv["id"].as_str().unwrap()).await, contents(&conv["messages"])[..4]);

    // A conversation with hardly any fields.
    let bare = find(&doc, "Imported chat");
    assert_eq!(contents(&bare["messages"]), ["hi", "Hello! How can I help?"]);
    assert_eq!((bare["model"].as_str(), bare["active_leaf_id"].clone()), (Some(default_model.as_str()), bare["messages"][1]["id"].clone()));

    let r = import(c, CHATGPT).await;
    assert_eq!((r.body["imported"].as_i64(), r.body["duplicates"].as_i64()), (Some(0), Some(2)), "{}", r.text);
    assert_eq!(count(c).await, 3, "the two imported and the empty one made above");
}

async fn open_webui_export_becomes_branches_with_the_branch_shown(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let r = import(c, OPEN_WEBUI).await;
    assert_eq!((r.status, r.body["format"].as_str(), r.body["imported"].as_i64(), r.body["duplicates"].as_i64()), (200, Some("openwebui"), Some(3), Some(0)), "{}", r.text);
    assert_eq!(r.body["skipped"], json!([{ "title": "Sourdough starter", "reason": "1 image attachment kept as the placeholder [image] (Nexus imports text only)." }]));

    let doc = export_all(c).await;
    let conv = find(&doc, "Sourdough starter");
    assert_eq!(contents(&conv["messages"]), [
        "How do I feed a sourdough starter?",
        "Discard half, then add equal weights of flour and water.",
        "Does mine look ready?\n\n[image]",
        "It has doubled and is bubbly: ready to bake.",
        "Feed it once a day at room temperature.",
    ]);
    let m = conv["messages"].as_array().unwrap();
    let id = |k: usize| m[k]["id"].as_str().unwrap();
    let parents: Vec<Option<&str>> = m.iter().map(|x| x["parent_id"].as_str()).collect();
    assert_eq!(parents, [None, Some(id(0)), Some(id(1)), Some(id(2)), Some(id(0))]);
    assert_eq!((m[1]["model"].as_str(), m[4]["model"].as_str()), (Some("llama3.1:8b"), Some("qwen2.5:7b")));
    assert_eq!(conv["active_leaf_id"], id(4), "currentId");
    assert_eq!(shown(c, conv["id"].as_str().unwrap()).await, ["How do I feed a sourdough starter?", "Feed it once a day at room temperature."]);
    assert_eq!((conv["model"].as_str(), conv["tags"].clone()), (Some("llama3.1:8b"), json!(["baking", "kitchen"])));
    assert_eq!((conv["created_at"].as_str(), conv["pinned_at"].as_str(), conv["archived_at"].clone()), (Some("2024-06-10T06:13:20.000Z"), Some("2024-06-10T06:16:40.000Z"), Value::Null));

    let old = find(&doc, "Old chat");
    assert_eq!(contents(&old["messages"]), ["Say hello", "Hello!"]);
    assert_eq!(old["messages"][1]["parent_id"], old["messages"][0]["id"]);
    assert_eq!((old["created_at"].as_str(), old["archived_at"].as_str()), (Some("2023-11-14T22:13:20.000Z"), Some("2023-11-14T22:13:23.000Z")));

    let listed = find(&doc, "Listed branches");
    assert_eq!(contents(&listed["messages"]), ["Name a colour", "Blue", "Green"]);
    assert_eq!(listed["messages"][2]["parent_id"], listed["messages"][0]["id"]);
    assert_eq!(listed["active_leaf_id"], listed["messages"][2]["id"]);

    let r = import(c, OPEN_WEBUI).await;
    assert_eq!((r.body["imported"].as_i64(), r.body["duplicates"].as_i64()), (Some(0), Some(3)), "{}", r.text);
}

async fn malformed_files_are_refused_whole(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let id = new_conversation(c, json!({})).await;
    send(c, &id, "", json!({ "content": "keep me" })).await;
    let good = export_all(c).await;
    let mut bad_parent = good.clone();
    bad_parent["conversations"][0]["id"] = json!("another-id");
    bad_parent["conversations"][0]["messages"][1]["parent_id"] = json!("nowhere");
    let mut bad_role = good.clone();
    bad_role["conversations"][0]["id"] = json!("another-id");
    bad_role["conversations"][0]["messages"][0]["role"] = json!("system");
    // A good ChatGPT conversation first: it must not be stored either.
    let mut chatgpt: Value = serde_json::from_str(CHATGPT).unwrap();
    chatgpt.as_array_mut().unwrap().push(json!({ "title": "Broken", "mapping": 5 }));
    let cases = [
        ("{not json", "not valid JSON"),
        ("{\"foo\": 1}", "does not recognise"),
        ("[]", "no conversations"),
        ("[{\"title\": \"x\", \"mapping\": {\"a\": 3}}]", "not an object"),
        (&chatgpt.to_string(), "\"Broken\""),
        ("[{\"chat\": {\"title\": \"x\"}}]", "neither"),
        (&bad_parent.to_string(), "\"nowhere\""),
        (&bad_role.to_string(), "\"system\""),
        ("{\"format\": \"nexus-export\", \"version\": 2, \"conversations\": []}", "version 2"),
        ("{\"format\": \"nexus-backup\", \"version\": 1}", "POST /api/restore"),
    ];
    for (body, says) in cases {
        let r = import(c, body).await;
        assert_eq!((r.status, r.body["code"].as_str()), (400, Some("invalid_import")), "{body}: {}", r.text);
        assert!(r.body["error"].as_str().unwrap().contains(says), "{body}: {}", r.text);
        assert_eq!(count(c).await, 1, "nothing stored from {body}");
    }
    let r = c.raw("POST", "/api/import", &[("content-type", "text/plain")], CHATGPT.as_bytes().to_vec()).await.unwrap();
    assert_eq!(r.status, 415, "{}", r.text);
    // Over 1 MiB is fine here (the limit is 64 MiB).
    let mut big: Value = serde_json::from_str(OPEN_WEBUI).unwrap();
    big[0]["chat"]["history"]["messages"]["m-4"]["content"] = json!("bread ".repeat(300_000));
    let r = import(c, &big.to_string()).await;
    assert_eq!((r.status, r.body["imported"].as_i64()), (200, Some(3)), "{}", &r.text[..r.text.len().min(300)]);
    assert_eq!(count(c).await, 4);
}

async fn other_people_cannot_export_my_conversations(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let id = new_conversation(admin, json!({})).await;
    send(admin, &id, "", json!({ "content": "private thoughts" })).await;
    let mine = export_all(admin).await;
    let bob = admin.create_member("bob", "bob password").await.unwrap();
    for path in [format!("/api/export/{id}"), format!("/api/export/{id}?format=markdown")] {
        let r = bob.get(&path).await.unwrap();
        assert_eq!((r.status, r.body["code"].as_str()), (404, Some("not_found")), "{path}: {}", r.text);
        assert!(!r.text.contains("private thoughts"));
    }
    let theirs = export_all(&bob).await;
    assert_eq!(theirs["conversations"], json!([]));
    // Bob importing my export gets his own copy with new ids; mine stays as it was.
    let r = import(&bob, &mine.to_string()).await;
    assert_eq!((r.status, r.body["imported"].as_i64()), (200, Some(1)), "{}", r.text);
    let copy = export_all(&bob).await;
    let (theirs, ours) = (&copy["conversations"][0], &mine["conversations"][0]);
    assert_ne!(theirs["id"], ours["id"]);
    assert_ne!(theirs["messages"][0]["id"], ours["messages"][0]["id"]);
    assert_eq!(theirs["messages"][1]["parent_id"], theirs["messages"][0]["id"]);
    assert_eq!(contents(&theirs["messages"]), contents(&ours["messages"]));
    assert_eq!(without_exported_at(export_all(admin).await), without_exported_at(mine));
    let r = bob.get("/api/admin/backup").await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (403, Some("admin_only")), "{}", r.text);
    let r = app.client.anonymous().get("/api/export").await.unwrap();
    assert_eq!(r.status, 401);
}

async fn backup_restores_into_a_fresh_instance_only(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let done = new_conversation(admin, json!({})).await;
    send(admin, &done, "", json!({ "content": "Remember the milk [[think=1]]" })).await;
    admin.create_member("bob", "bob password").await.unwrap();
    // A reply still being written when the backup is taken: its text so far goes too.
    let live = new_conversation(admin, json!({})).await;
    let mut reader = admin.stream(&format!("/api/conversations/{live}/messages"), &json!({ "content": "one two three four [[hold=2]]" })).await.unwrap().unwrap();
    let live_id = reader.next().await.unwrap().unwrap()["message_id"].as_str().unwrap().to_owned();
    common::eventually(10, "the first words stored", || async {
        let m = admin.get(&format!("/api/conversations/{live}/messages/{live_id}")).await.unwrap().body;
        (m["content"] == "You said:").then_some(())
    })
    .await;
    let r = download(admin, "/api/admin/backup", "").await;
    app.fake.release();
    reader.collect().await.unwrap();
    let backup = r.body;
    assert_eq!((backup["format"].as_str(), backup["version"].as_i64(), backup["schema_version"].as_i64()), (Some("nexus-backup"), Some(1), Some(10)));
    let tables = backup["tables"].as_object().unwrap();
    for excluded in ["messages_fts", "messages_fts_data", "conversations_fts", "models_cache", "sqlite_sequence"] {
        assert!(!tables.contains_key(excluded), "{excluded}");
    }
    assert!(tables.contains_key("schema_version") && tables.contains_key("users") && tables.contains_key("sessions"));
    assert_eq!(tables["users"]["rows"].as_array().unwrap().len(), 2);
    assert!(!tables["message_chunks"]["rows"].as_array().unwrap().is_empty(), "the live reply's text so far");

    // Into the first instance (it has accounts): refused.
    let r = admin.send_json("POST", "/api/restore", &backup).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (409, Some("not_empty")), "{}", r.text);

    let fresh = App::start(t, Options { signed_in: false, ..Options::default() });
    let anon = fresh.client.anonymous();
    let mut wrong = backup.clone();
    wrong["schema_version"] = json!(8);
    let r = anon.send_json("POST", "/api/restore", &wrong).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (400, Some("backup_version")), "{}", r.text);
    let r = anon.send_json("POST", "/api/restore", &json!({ "format": "nexus-export", "version": 1, "conversations": [] })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (400, Some("invalid_backup")), "{}", r.text);
    let mut foreign = backup.clone();
    foreign["tables"]["not_a_table"] = json!({ "columns": ["x"], "rows": [[1]] });
    let r = anon.send_json("POST", "/api/restore", &foreign).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (400, Some("invalid_backup")), "{}", r.text);
    let mut unversioned = backup.clone();
    unversioned["tables"].as_object_mut().unwrap().remove("schema_version");
    let r = anon.send_json("POST", "/api/restore", &unversioned).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (400, Some("invalid_backup")), "{}", r.text);
    let mut dangling = backup.clone();
    dangling["tables"]["users"]["rows"] = json!([]);
    let r = anon.send_json("POST", "/api/restore", &dangling).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (400, Some("invalid_backup")), "rows whose user is missing: {}", r.text);
    assert_eq!(anon.get("/api/auth/status").await.unwrap().body["setup_required"], true, "nothing was stored");

    let r = anon.send_json("POST", "/api/restore", &backup).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
    for (name, table) in tables {
        assert_eq!(r.body["restored"][name].as_u64(), Some(table["rows"].as_array().unwrap().len() as u64), "{name}: {}", r.text);
    }
    let again = anon.send_json("POST", "/api/restore", &backup).await.unwrap();
    assert_eq!((again.status, again.body["code"].as_str()), (409, Some("not_empty")));

    // The same account signs in; the conversations and messages are the same.
    let restored = fresh.client.login(ADMIN.0, ADMIN.1).await.unwrap();
    fresh.client.login("bob", "bob password").await.unwrap();
    let before = admin.get(&format!("/api/conversations/{done}")).await.unwrap().body;
    assert_eq!(restored.get(&format!("/api/conversations/{done}")).await.unwrap().body, before);
    let original: Value = backup["tables"]["conversations"].clone();
    let listed = restored.get("/api/conversations").await.unwrap().body["conversations"].as_array().unwrap().len();
    assert_eq!(listed, original["rows"].as_array().unwrap().len());
    let m = restored.get(&format!("/api/conversations/{live}/messages/{live_id}")).await.unwrap().body;
    assert_eq!(m["content"], "You said:", "{m}");
    // The search index holds the restored messages.
    let hits: i64 = fresh.sqlite().query_row("SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'milk'", [], |r| r.get(0)).unwrap();
    assert_eq!(hits, 2, "the question and its answer");
    let titles: i64 = fresh.sqlite().query_row("SELECT COUNT(*) FROM conversations_fts", [], |r| r.get(0)).unwrap();
    assert_eq!(titles, 2);
}
