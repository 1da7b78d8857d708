//! Every query and migration on real SQLite (rusqlite, bundled), through the same `Db`
//! trait the components use.

/// The user every row of these tests belongs to (the legacy owner migration 1 seeds).
const U: &str = nexus_core::schema::LEGACY_OWNER_ID;
use nexus_core::db::Db;
use nexus_core::platform::Platform;
use nexus_core::schema::{self, MIGRATIONS};
use nexus_core::store::{self, NewMessage, status};
use nexus_testhost::platform::NativePlatform;
use nexus_testhost::server::run_local;
use std::collections::HashMap;

fn platform(name: &str) -> NativePlatform {
    let dir = std::env::temp_dir().join(format!("nexus-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    NativePlatform::new(dir.join("nexus.db"), &HashMap::new(), &HashMap::new())
}

async fn migrated(p: &NativePlatform) -> impl Db {
    nexus_core::platform::open_migrated(p).await.unwrap()
}

#[test]
fn migrations_are_idempotent_and_seed_once() {
    run_local(async {
        let p = platform("migrate");
        let db = migrated(&p).await;
        let latest = MIGRATIONS.last().unwrap().version;
        assert_eq!(schema::current_version(&db).await.unwrap(), latest);
        // Applying again (new connection, as every request does) changes nothing.
        let db2 = migrated(&p).await;
        schema::migrate(&db2).await.unwrap();
        assert_eq!(schema::current_version(&db2).await.unwrap(), latest);
        let versions = db.query("SELECT COUNT(*) FROM schema_version", vec![]).await.unwrap();
        assert_eq!(versions[0].int(0).unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(store::list_prompts(&db, U).await.unwrap().len(), 1);
        assert_eq!(store::settings_for(&db, "").await.unwrap().get("default_model").cloned().as_deref(), Some(schema::DEFAULT_MODEL));
        // A user's change survives re-migration (seeds never overwrite).
        store::set_config(&db, "theme", "light").await.unwrap();
        schema::migrate(&db2).await.unwrap();
        assert_eq!(store::settings_for(&db, "").await.unwrap().get("theme").cloned().as_deref(), Some("light"));
        // WAL, foreign keys on, indexes present.
        let mode = db.query("PRAGMA journal_mode", vec![]).await.unwrap();
        assert_eq!(mode[0].text(0).unwrap(), "wal");
        let fk = db.query("PRAGMA foreign_keys", vec![]).await.unwrap();
        assert_eq!(fk[0].int(0).unwrap(), 1);
        let idx = db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name", vec![]).await.unwrap();
        let names: Vec<String> = idx.iter().map(|r| r.text(0).unwrap()).collect();
        assert!(names.contains(&"conversations_user_page".to_string()), "{names:?}");
        let plan = db.query("EXPLAIN QUERY PLAN SELECT id FROM messages WHERE conversation_id = ? ORDER BY seq", vec!["x".into()]).await.unwrap();
        let plan: String = plan.iter().map(|r| r.text(3).unwrap()).collect::<Vec<_>>().join(" ");
        assert!(plan.contains("USING INDEX"), "message loading uses an index: {plan}");
    });
}

#[test]
fn concurrent_first_start_migrates_once() {
    let p = platform("race");
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let path = p.db_path.clone();
            std::thread::spawn(move || {
                run_local(async move {
                    let p = NativePlatform::new(path, &HashMap::new(), &HashMap::new());
                    let db = p.open_db().await.unwrap();
                    schema::migrate(&db).await.unwrap();
                })
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    run_local(async {
        let db = migrated(&p).await;
        assert_eq!(store::list_prompts(&db, U).await.unwrap().len(), 1);
        let n = db.query("SELECT COUNT(*) FROM schema_version", vec![]).await.unwrap();
        assert_eq!(n[0].int(0).unwrap(), MIGRATIONS.len() as i64);
    });
}

#[test]
fn conversation_and_message_queries() {
    run_local(async {
        let p = platform("queries");
        let db = migrated(&p).await;
        store::insert_conversation(&db, U, "c1", "m/one", None, None, &Default::default()).await.unwrap();
        store::insert_conversation(&db, U, "c2", "m/two", Some("default"), None, &Default::default()).await.unwrap();
        let c1 = store::get_conversation(&db, U, "c1").await.unwrap().unwrap();
        assert_eq!((c1.title.as_str(), c1.model.as_str(), c1.message_count, c1.title_is_default), ("New chat", "m/one", 0, true));
        assert!(store::get_conversation(&db, U, "nope").await.unwrap().is_none());

        for (i, (role, text)) in [("user", "hello"), ("assistant", "hi there"), ("user", "  multi\n line   question  ")].iter().enumerate() {
            let id = format!("m{i}");
            let parent = (i > 0).then(|| format!("m{}", i - 1));
            store::insert_message(&db, &NewMessage { id: &id, conversation_id: "c1", parent_id: parent.as_deref(), role, content: text, model: None, status: status::COMPLETED }).await.unwrap();
        }
        store::set_active_leaf(&db, "c1", Some("m2")).await.unwrap();
        let msgs = store::path_to(&db, "m2", None).await.unwrap();
        assert_eq!(msgs.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), vec!["m0", "m1", "m2"]);
        assert_eq!(msgs[1].parent_id.as_deref(), Some("m0"));
        assert_eq!(msgs[1].sibling_ids, vec!["m1".to_string()]);
        assert_eq!(store::count_messages(&db, "c1").await.unwrap(), 3);
        db.execute("UPDATE conversations SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now', '+1 second') WHERE id = 'c1'", vec![]).await.unwrap();
        let list = store::list_conversations(&db, U, false).await.unwrap();
        assert_eq!(list[0].id, "c1");
        assert_eq!(list[0].message_count, 3);
        assert_eq!(list[0].preview.as_deref(), Some("multi line question"), "preview of the active leaf");
        assert_eq!(list[1].preview, None);

        // Streaming reply: appended chunks, then finish (which drops the chunks).
        store::insert_message(&db, &NewMessage { id: "r", conversation_id: "c1", parent_id: Some("m2"), role: "assistant", content: "", model: Some("m/one"), status: status::STREAMING }).await.unwrap();
        assert!(store::append_chunk(&db, "r", 0, "Hal").await.unwrap());
        assert_eq!(store::get_message(&db, "c1", "r").await.unwrap().unwrap().content, "Hal");
        let c1 = store::get_conversation(&db, U, "c1").await.unwrap().unwrap();
        assert_eq!(c1.active_leaf_id.as_deref(), Some("r"), "a new streaming reply is the leaf shown (trigger messages_new_reply)");
        assert_eq!(store::list_conversations(&db, U, false).await.unwrap()[0].preview, Some("Hal".into()), "its preview comes from its chunks");
        let meta = serde_json::json!({ "model": "m/one", "completion_tokens": 3 });
        store::finish_message(&db, "r", "Hallo!", status::COMPLETED, &meta, &[]).await.unwrap();
        let r = store::get_message(&db, "c1", "r").await.unwrap().unwrap();
        assert_eq!((r.content.as_str(), r.status.as_str(), r.metadata.clone()), ("Hallo!", "completed", meta));
        assert_eq!(db.query("SELECT COUNT(*) FROM message_chunks", vec![]).await.unwrap()[0].int(0).unwrap(), 0);

        // Staleness is shown, not written, by readers; a write path stores it; a writer
        // that was only late takes its row back.
        store::insert_message(&db, &NewMessage { id: "s", conversation_id: "c1", parent_id: Some("m2"), role: "assistant", content: "", model: None, status: status::STREAMING }).await.unwrap();
        assert!(store::append_chunk(&db, "s", 0, "x").await.unwrap());
        store::persist_interrupted(&db, "c1").await.unwrap();
        assert_eq!(store::get_message(&db, "c1", "s").await.unwrap().unwrap().status, "streaming", "fresh rows are left alone");
        db.execute("UPDATE messages SET updated_at = '2000-01-01T00:00:00.000Z' WHERE id = 's'", vec![]).await.unwrap();
        let s = store::get_message(&db, "c1", "s").await.unwrap().unwrap();
        assert_eq!((s.status.as_str(), s.content.as_str()), ("interrupted", "x"), "a reader sees it interrupted");
        assert_eq!(s.metadata["error_code"], "interrupted");
        let raw = db.query("SELECT status FROM messages WHERE id = 's'", vec![]).await.unwrap();
        assert_eq!(raw[0].text(0).unwrap(), "streaming", "reading wrote nothing");
        store::persist_interrupted(&db, "c1").await.unwrap();
        let raw = db.query("SELECT status, content FROM messages WHERE id = 's'", vec![]).await.unwrap();
        assert_eq!((raw[0].text(0).unwrap(), raw[0].text(1).unwrap()), ("interrupted".into(), "x".into()), "stored, chunks moved into content");
        assert!(store::append_chunk(&db, "s", 1, "y").await.unwrap());
        let s = store::get_message(&db, "c1", "s").await.unwrap().unwrap();
        assert_eq!((s.status.as_str(), s.content.as_str()), ("streaming", "xy"), "a slow writer takes its row back");
        assert_eq!(store::read_tail(&db, "s", 1).await.unwrap().unwrap().text, "y");

        // Titles: generated only while the title is the default.
        assert!(store::set_generated_title(&db, "c1", "Auto").await.unwrap());
        assert!(!store::set_generated_title(&db, "c1", "Again").await.unwrap());
        let mut c = store::get_conversation(&db, U, "c2").await.unwrap().unwrap();
        c.title = "Mine".into();
        c.title_is_default = false;
        c.system_prompt_id = None;
        store::update_conversation(&db, U, &c).await.unwrap();
        assert!(!store::set_generated_title(&db, "c2", "Auto").await.unwrap());
        let c2 = store::get_conversation(&db, U, "c2").await.unwrap().unwrap();
        assert_eq!((c2.title.as_str(), c2.system_prompt_id), ("Mine", None));
        store::set_conversation_model(&db, U, "c2", "m/three", None).await.unwrap();
        assert_eq!(store::get_conversation(&db, U, "c2").await.unwrap().unwrap().model, "m/three");

        // Delete cascades.
        assert!(store::delete_conversation(&db, U, "c1").await.unwrap());
        assert!(!store::delete_conversation(&db, U, "c1").await.unwrap());
        assert_eq!(store::count_messages(&db, "c1").await.unwrap(), 0);
        let orphans = db.query("SELECT COUNT(*) FROM messages", vec![]).await.unwrap();
        assert_eq!(orphans[0].int(0).unwrap(), 0);
        // SQL injection attempts are just data.
        store::insert_conversation(&db, U, "c3'); DROP TABLE messages; --", "m", None, None, &Default::default()).await.unwrap();
        assert!(store::get_conversation(&db, U, "c3'); DROP TABLE messages; --").await.unwrap().is_some());
        assert_eq!(store::count_messages(&db, "c2").await.unwrap(), 0);
    });
}

#[test]
fn prompt_config_and_cache_queries() {
    run_local(async {
        let p = platform("prompts");
        let db = migrated(&p).await;
        let default = |prompts: Vec<store::SystemPrompt>| prompts.into_iter().find(|p| p.is_default).map(|p| p.id);
        assert_eq!(default(store::list_prompts(&db, U).await.unwrap()).as_deref(), Some("default"));
        store::insert_prompt(&db, U, "p1", "Pirate", "Arr").await.unwrap();
        let mut p1 = store::get_prompt(&db, U, "p1").await.unwrap().unwrap();
        assert!(!p1.is_default);
        p1.content = "Arrr".into();
        store::update_prompt(&db, U, &p1).await.unwrap();
        assert_eq!(store::get_prompt(&db, U, "p1").await.unwrap().unwrap().content, "Arrr");
        assert!(!store::delete_prompt(&db, U, "default").await.unwrap(), "the default is never deleted");
        store::make_default_prompt(&db, U, "p1").await.unwrap();
        assert_eq!(default(store::list_prompts(&db, U).await.unwrap()).as_deref(), Some("p1"));
        let prompts = store::list_prompts(&db, U).await.unwrap();
        assert_eq!(prompts[0].id, "p1");
        assert_eq!(prompts.iter().filter(|p| p.is_default).count(), 1);
        // Deleting a prompt a conversation uses sets the conversation back to the default.
        store::insert_conversation(&db, U, "c", "m", Some("default"), None, &Default::default()).await.unwrap();
        assert!(store::delete_prompt(&db, U, "default").await.unwrap());
        assert_eq!(store::get_conversation(&db, U, "c").await.unwrap().unwrap().system_prompt_id, None);

        store::set_config(&db, "k", "v1").await.unwrap();
        store::set_config(&db, "k", "v2").await.unwrap();
        assert_eq!(store::settings_for(&db, "").await.unwrap().get("k").cloned().as_deref(), Some("v2"));
        store::delete_config(&db, "k").await.unwrap();
        assert_eq!(store::settings_for(&db, "").await.unwrap().get("k").cloned(), None);

        assert_eq!(store::get_models_cache(&db, "http://x/v1").await.unwrap(), None);
        store::put_models_cache(&db, "http://x/v1", 100, "{\"data\":[]}").await.unwrap();
        store::put_models_cache(&db, "http://x/v1", 200, "{\"data\":[1]}").await.unwrap();
        assert_eq!(store::get_models_cache(&db, "http://x/v1").await.unwrap(), Some((200, "{\"data\":[1]}".into())));
    });
}

#[test]
fn migration_2_turns_existing_conversations_into_one_branch() {
    run_local(async {
        let p = platform("v1-to-v2");
        let db = p.open_db().await.unwrap();
        schema::migrate_to(&db, 1).await.unwrap();
        assert_eq!(schema::current_version(&db).await.unwrap(), 1);
        // Data as version 1 wrote it.
        db.execute("INSERT INTO conversations (id, user_id, title, model) VALUES ('c', 'owner', 'Old', 'm')", vec![]).await.unwrap();
        db.execute("INSERT INTO conversations (id, user_id, title, model) VALUES ('empty', 'owner', 'Empty', 'm')", vec![]).await.unwrap();
        for (seq, role) in [(1, "user"), (2, "assistant"), (3, "user"), (4, "assistant")] {
            db.execute(
                "INSERT INTO messages (id, conversation_id, seq, role, content) VALUES (?, 'c', ?, ?, ?)",
                vec![format!("m{seq}").into(), (seq as i64).into(), role.into(), format!("text {seq}").into()],
            )
            .await
            .unwrap();
        }
        schema::migrate(&db).await.unwrap();
        assert_eq!(schema::current_version(&db).await.unwrap(), MIGRATIONS.last().unwrap().version);
        let c = store::get_conversation(&db, U, "c").await.unwrap().unwrap();
        assert_eq!(c.active_leaf_id.as_deref(), Some("m4"));
        assert_eq!(c.title, "Old");
        let path = store::path_to(&db, "m4", None).await.unwrap();
        let got: Vec<(String, Option<String>, String)> = path.iter().map(|m| (m.id.clone(), m.parent_id.clone(), m.content.clone())).collect();
        assert_eq!(got, vec![
            ("m1".into(), None, "text 1".into()),
            ("m2".into(), Some("m1".into()), "text 2".into()),
            ("m3".into(), Some("m2".into()), "text 3".into()),
            ("m4".into(), Some("m3".into()), "text 4".into()),
        ]);
        assert_eq!(store::get_conversation(&db, U, "empty").await.unwrap().unwrap().active_leaf_id, None);
    });
}

#[test]
fn tree_queries() {
    run_local(async {
        let p = platform("tree");
        let db = migrated(&p).await;
        store::insert_conversation(&db, U, "c", "m", None, None, &Default::default()).await.unwrap();
        // u1 ─ a1 ─ u2 ─ a2
        //          └ u2b ─ a2b
        //                └ a2c
        for (id, parent, role) in [("u1", None, "user"), ("a1", Some("u1"), "assistant"), ("u2", Some("a1"), "user"), ("a2", Some("u2"), "assistant"),
                                   ("u2b", Some("a1"), "user"), ("a2b", Some("u2b"), "assistant"), ("a2c", Some("u2b"), "assistant")] {
            store::insert_message(&db, &NewMessage { id, conversation_id: "c", parent_id: parent, role, content: id, model: None, status: status::COMPLETED }).await.unwrap();
        }
        let path = store::path_to(&db, "a2c", None).await.unwrap();
        assert_eq!(path.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), vec!["u1", "a1", "u2b", "a2c"]);
        assert_eq!(path[2].sibling_ids, vec!["u2", "u2b"]);
        assert_eq!(path[3].sibling_ids, vec!["a2b", "a2c"]);
        let last2 = store::path_to(&db, "a2c", Some(2)).await.unwrap();
        assert_eq!(last2.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), vec!["u2b", "a2c"]);
        assert_eq!(store::prompt_path(&db, "a2").await.unwrap().iter().map(|t| t.text.as_str()).collect::<Vec<_>>(), vec!["u1", "a1", "u2", "a2"]);
        assert_eq!(store::newest_leaf_under(&db, "c", "a1").await.unwrap().as_deref(), Some("a2c"));
        assert_eq!(store::newest_leaf_under(&db, "c", "u2").await.unwrap().as_deref(), Some("a2"));
        assert_eq!(store::newest_leaf_under(&db, "c", "a2").await.unwrap().as_deref(), Some("a2"));
        assert_eq!(store::newest_root(&db, "c").await.unwrap().as_deref(), Some("u1"));
        let mut gone = store::delete_subtree(&db, "c", "u2b").await.unwrap();
        gone.sort();
        assert_eq!(gone, vec!["a2b", "a2c", "u2b"]);
        assert_eq!(store::count_messages(&db, "c").await.unwrap(), 4);
        assert!(store::request_stop(&db, "c", "a2").await.is_ok_and(|stopped| !stopped), "only streaming replies can be stopped");
        let tail = store::read_tail(&db, "a2", 1).await.unwrap().unwrap();
        assert_eq!((tail.text.as_str(), tail.status.as_str()), ("2", "completed"));
    });
}

/// A growing reply read from every offset while it is chunks, and after it is finished:
/// always exactly the text after that many characters (multi-byte characters included).
#[test]
fn tail_after_every_offset_of_a_chunked_reply() {
    run_local(async {
        let p = platform("tail");
        let db = migrated(&p).await;
        store::insert_conversation(&db, U, "c", "m/one", None, None, &Default::default()).await.unwrap();
        store::insert_message(&db, &NewMessage { id: "u", conversation_id: "c", parent_id: None, role: "user", content: "hi", model: None, status: status::COMPLETED }).await.unwrap();
        store::insert_message(&db, &NewMessage { id: "a", conversation_id: "c", parent_id: Some("u"), role: "assistant", content: "", model: None, status: status::STREAMING }).await.unwrap();
        let pieces = ["Grüße ", "🎉", " aus", "", " Köln — ", "ok"];
        let mut full = String::new();
        for piece in pieces.iter().filter(|p| !p.is_empty()) {
            assert!(store::append_chunk(&db, "a", full.chars().count() as i64, piece).await.unwrap());
            full.push_str(piece);
        }
        let n = full.chars().count();
        for finished in [false, true] {
            if finished {
                store::finish_message(&db, "a", &full, status::COMPLETED, &serde_json::json!({}), &[]).await.unwrap();
            }
            for k in 0..=n + 2 {
                let tail = store::read_tail(&db, "a", k as i64).await.unwrap().unwrap();
                let expected: String = full.chars().skip(k).collect();
                assert_eq!(tail.text, expected, "offset {k}, finished {finished}");
            }
            let m = store::get_message(&db, "c", "a").await.unwrap().unwrap();
            assert_eq!(m.content, full);
            assert_eq!(store::prompt_path(&db, "a").await.unwrap()[1].text, full);
        }
    });
}

/// A stop request makes the next append store nothing and say "stop"; a deleted reply
/// takes its chunks with it.
#[test]
fn append_after_stop_or_delete() {
    run_local(async {
        let p = platform("append-stop");
        let db = migrated(&p).await;
        store::insert_conversation(&db, U, "c", "m/one", None, None, &Default::default()).await.unwrap();
        store::insert_message(&db, &NewMessage { id: "u", conversation_id: "c", parent_id: None, role: "user", content: "hi", model: None, status: status::COMPLETED }).await.unwrap();
        store::insert_message(&db, &NewMessage { id: "a", conversation_id: "c", parent_id: Some("u"), role: "assistant", content: "", model: None, status: status::STREAMING }).await.unwrap();
        assert!(store::append_chunk(&db, "a", 0, "one").await.unwrap());
        assert_eq!(store::touch_message(&db, "a").await.unwrap(), Some(false));
        assert!(store::request_stop(&db, "c", "a").await.unwrap());
        assert!(!store::append_chunk(&db, "a", 3, "two").await.unwrap());
        assert_eq!(store::touch_message(&db, "a").await.unwrap(), Some(true));
        assert_eq!(store::get_message(&db, "c", "a").await.unwrap().unwrap().content, "one");
        store::delete_subtree(&db, "c", "u").await.unwrap();
        assert!(!store::append_chunk(&db, "a", 3, "three").await.unwrap());
        assert_eq!(store::touch_message(&db, "a").await.unwrap(), None);
        assert_eq!(db.query("SELECT COUNT(*) FROM message_chunks", vec![]).await.unwrap()[0].int(0).unwrap(), 0);
    });
}

#[test]
fn a_reply_starts_in_one_statement() {
    use store::ReplyParent;
    run_local(async {
        let p = platform("start-reply");
        let db = migrated(&p).await;
        store::insert_conversation(&db, U, "c", "m/one", None, None, &Default::default()).await.unwrap();
        let leaf = async |db: &_| store::get_conversation(db, U, "c").await.unwrap().unwrap().active_leaf_id;

        // The first message: under nothing; the reply under it, and shown.
        let s = store::start_reply(&db, "c", ReplyParent::Shown, Some(("u1", "hi")), "r1", "m/one").await.unwrap().unwrap();
        assert_eq!(s, store::StartedReply { parent_id: None, answers: "u1".into() });
        assert_eq!(leaf(&db).await.as_deref(), Some("r1"));
        let r1 = store::get_message(&db, "c", "r1").await.unwrap().unwrap();
        assert_eq!((r1.parent_id.as_deref(), r1.status.as_str(), r1.model.as_deref()), (Some("u1"), "streaming", Some("m/one")));
        assert_eq!(store::get_message(&db, "c", "u1").await.unwrap().unwrap().content, "hi");

        // The next one follows the branch shown, read when it is stored (a chain).
        let s = store::start_reply(&db, "c", ReplyParent::Shown, Some(("u2", "more")), "r2", "m/one").await.unwrap().unwrap();
        assert_eq!(s.parent_id.as_deref(), Some("r1"));
        // What a new reply reads in one query: the branch shown (as prompt_path reads
        // it, oldest first, chunks included), the prompt, the config.
        assert!(store::append_chunk(&db, "r2", 0, "par").await.unwrap());
        let ctx = store::reply_context(&db, U, "c").await.unwrap().unwrap();
        assert_eq!(ctx.conversation.active_leaf_id.as_deref(), Some("r2"));
        assert_eq!(ctx.shown_history, store::prompt_path(&db, "r2").await.unwrap());
        let roles: Vec<(&str, &str)> = ctx.shown_history.iter().map(|t| (t.role.as_str(), t.text.as_str())).collect();
        assert_eq!(roles, vec![("user", "hi"), ("assistant", ""), ("user", "more"), ("assistant", "par")]);
        assert_eq!(ctx.system_prompt.as_deref(), Some(schema::DEFAULT_PROMPT_TEXT));
        assert_eq!(ctx.config.get("default_model").map(String::as_str), Some(schema::DEFAULT_MODEL));
        assert!(!ctx.has_stale);
        assert_eq!(store::reply_context(&db, U, "nope").await.unwrap(), None);
        // Regenerate: a sibling of r2 answering u2, no user message.
        let s = store::start_reply(&db, "c", ReplyParent::Message("u2"), None, "r3", "m/two").await.unwrap().unwrap();
        assert_eq!(s, store::StartedReply { parent_id: Some("u2".into()), answers: "u2".into() });
        assert_eq!(store::get_message(&db, "c", "r3").await.unwrap().unwrap().sibling_ids, vec!["r2".to_string(), "r3".to_string()]);
        assert_eq!(leaf(&db).await.as_deref(), Some("r3"));
        // A new branch at the root.
        let s = store::start_reply(&db, "c", ReplyParent::Root, Some(("u4", "again")), "r4", "m/one").await.unwrap().unwrap();
        assert_eq!(s.parent_id, None);
        assert_eq!(store::get_message(&db, "c", "u4").await.unwrap().unwrap().sibling_ids, vec!["u1".to_string(), "u4".to_string()]);

        // Under a message that is gone (or in another conversation): nothing stored.
        let before = store::count_messages(&db, "c").await.unwrap();
        assert_eq!(store::start_reply(&db, "c", ReplyParent::Message("gone"), Some(("u5", "x")), "r5", "m/one").await.unwrap(), None);
        assert_eq!(store::count_messages(&db, "c").await.unwrap(), before);
        assert_eq!(leaf(&db).await.as_deref(), Some("r4"), "the leaf shown did not move");

        // Its end is one statement too: the chunks go with the status change.
        assert!(store::append_chunk(&db, "r4", 0, "Hel").await.unwrap());
        store::finish_message(&db, "r4", "Hello", status::STOPPED, &serde_json::json!({}), &[]).await.unwrap();
        assert_eq!(db.query("SELECT COUNT(*) FROM message_chunks WHERE message_id = 'r4'", vec![]).await.unwrap()[0].int(0).unwrap(), 0);
        assert_eq!(store::get_message(&db, "c", "r4").await.unwrap().unwrap().content, "Hello");
    });
}

/// A database made by the release before accounts (migration 4) with a conversation:
/// migration 5 keeps every row, nobody can sign in until setup, and the first admin
/// takes over the conversations, prompts and preferences of the legacy owner.
#[test]
fn accounts_migration_hands_old_data_to_the_first_admin() {
    use nexus_core::auth::Role;
    use nexus_core::store::accounts;
    run_local(async {
        let p = platform("accounts-migration");
        let db = p.open_db().await.unwrap();
        schema::migrate_to(&db, 4).await.unwrap();
        // The columns of that release (no connection, no parameters yet).
        db.execute("INSERT INTO conversations (id, user_id, title, model) VALUES ('old', ?, 'Old chat', 'm/one')", vec![U.into()]).await.unwrap();
        store::insert_message(&db, &NewMessage { id: "u", conversation_id: "old", parent_id: None, role: "user", content: "from before", model: None, status: status::COMPLETED }).await.unwrap();
        store::insert_message(&db, &NewMessage { id: "a", conversation_id: "old", parent_id: Some("u"), role: "assistant", content: "", model: None, status: status::STREAMING }).await.unwrap();
        db.execute("UPDATE messages SET content = 'an answer', status = 'completed', metadata = '{\"total_tokens\":45}' WHERE id = 'a'", vec![]).await.unwrap();
        schema::migrate(&db).await.unwrap();
        assert_eq!(schema::current_version(&db).await.unwrap(), MIGRATIONS.last().unwrap().version);
        assert!(accounts::setup_required(&db).await.unwrap());
        assert_eq!(store::list_conversations(&db, U, false).await.unwrap().len(), 1, "kept, still the legacy owner's");

        assert!(accounts::create_first_admin(&db, "admin-id", "Alice", "$argon2id$fake").await.unwrap());
        assert!(!accounts::setup_required(&db).await.unwrap());
        let list = store::list_conversations(&db, "admin-id", false).await.unwrap();
        assert_eq!(list.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["old"]);
        assert_eq!(store::path_to(&db, "u", None).await.unwrap()[0].content, "from before");
        let answer = &store::path_to(&db, "a", None).await.unwrap()[1];
        assert_eq!(answer.parts, [store::Part::Text { text: "an answer".into() }], "an old message is one text part");
        let prompts = store::list_prompts(&db, "admin-id").await.unwrap();
        assert_eq!(prompts.len(), 1, "the legacy default prompt moved with its owner");
        assert!(prompts[0].is_default);
        assert!(store::list_conversations(&db, U, false).await.unwrap().is_empty());
        let usage = nexus_core::store::household::usage(&db, "admin-id").await.unwrap();
        assert_eq!((usage.active_chats, usage.tokens_this_month), (1, 45), "the tokens used before (backfilled by migration 6) moved too");
        let month = db.query("SELECT substr(day, 1, 7) FROM usage_daily", vec![]).await.unwrap()[0].text(0).unwrap();
        let (days, models) = nexus_core::store::connections::month(&db, "admin-id", &month).await.unwrap();
        assert_eq!((days.len(), models.len(), models[0].totals.replies), (1, 1, 1), "and so did the daily usage (backfilled by migration 7)");
        let c = &list[0];
        assert_eq!((c.connection_id.as_deref(), c.params), (None, Default::default()), "an old conversation uses the server connection");
        let owner = db.query("SELECT COUNT(*) FROM users WHERE id = ?", vec![U.into()]).await.unwrap();
        assert_eq!(owner[0].int(0).unwrap(), 0, "the legacy owner row is gone");
        // A second "first admin" is refused; a username differing only in case is taken.
        assert!(!accounts::create_first_admin(&db, "other", "Bob", "$argon2id$fake").await.unwrap());
        assert!(!accounts::create_user(&db, "b", "alice", "$argon2id$fake", Role::Member).await.unwrap());
        assert!(accounts::create_user(&db, "b", "bob", "$argon2id$fake", Role::Member).await.unwrap());
        assert_eq!(store::list_prompts(&db, "b").await.unwrap().len(), 1, "a new user gets their own default prompt");
        assert!(store::list_conversations(&db, "b", false).await.unwrap().is_empty());
        // Deleting a user deletes their data with them.
        assert!(accounts::delete_user(&db, "admin-id").await.unwrap());
        let left = db.query("SELECT (SELECT COUNT(*) FROM conversations), (SELECT COUNT(*) FROM messages)", vec![]).await.unwrap();
        assert_eq!((left[0].int(0).unwrap(), left[0].int(1).unwrap()), (0, 0));
    });
}

/// A streaming reply under `u` in conversation `c`.
async fn streaming_reply(db: &impl Db, id: &str) {
    store::insert_message(db, &NewMessage { id, conversation_id: "c", parent_id: Some("u"), role: "assistant", content: "", model: None, status: status::STREAMING }).await.unwrap();
}

/// The writers of one instance check in together: one INSERT for every append and one
/// SELECT for every stop check, each writer told whether to go on; a reply with a stop
/// requested, or deleted, stores nothing and is told to stop — in the same batch as the
/// others, each on its own connection as a request has.
#[test]
fn writers_check_in_together() {
    use nexus_core::checkin::Answer;
    run_local(async {
        let p = platform("check-ins");
        let db = migrated(&p).await;
        store::insert_conversation(&db, U, "c", "m/one", None, None, &Default::default()).await.unwrap();
        store::insert_message(&db, &NewMessage { id: "u", conversation_id: "c", parent_id: None, role: "user", content: "hi", model: None, status: status::COMPLETED }).await.unwrap();
        for id in ["a0", "a1", "a2", "stopped", "deleted"] {
            streaming_reply(&db, id).await;
        }
        assert!(store::request_stop(&db, "c", "stopped").await.unwrap());
        store::delete_subtree(&db, "c", "deleted").await.unwrap();
        let ci = p.check_ins();
        let _writers: Vec<_> = (0..5).map(|_| ci.join()).collect();
        let (d0, d1, d2, d3, d4) = (migrated(&p).await, migrated(&p).await, migrated(&p).await, migrated(&p).await, migrated(&p).await);
        let answers = tokio::join!(
            ci.check_in(&p, &d0, "a0", 0, Some("Zero ")),
            ci.check_in(&p, &d1, "a1", 0, Some("One ")),
            ci.check_in(&p, &d2, "a2", 0, Some("Two ")),
            ci.check_in(&p, &d3, "stopped", 0, Some("never")),
            ci.check_in(&p, &d4, "deleted", 0, Some("never")),
        );
        assert_eq!(answers, (Answer::GoOn, Answer::GoOn, Answer::GoOn, Answer::Stop, Answer::Stop));
        assert_eq!(ci.statements(), 1, "five appends, one statement");
        // Appends and stop checks at one tick: one INSERT and one SELECT.
        let answers = tokio::join!(
            ci.check_in(&p, &d0, "a0", 5, Some("and on")),
            ci.check_in(&p, &d1, "a1", 4, None),
            ci.check_in(&p, &d2, "a2", 4, None),
            ci.check_in(&p, &d3, "stopped", 0, None),
        );
        assert_eq!(answers, (Answer::GoOn, Answer::GoOn, Answer::GoOn, Answer::Stop));
        assert_eq!(ci.statements(), 3);
        let texts = db.query("SELECT message_id, group_concat(text, '') FROM (SELECT * FROM message_chunks ORDER BY message_id, start) GROUP BY message_id", vec![]).await.unwrap();
        let texts: Vec<(String, String)> = texts.iter().map(|r| (r.text(0).unwrap(), r.text(1).unwrap())).collect();
        assert_eq!(texts, vec![("a0".into(), "Zero and on".into()), ("a1".into(), "One ".into()), ("a2".into(), "Two ".into())]);
        // Readers see each reply's text by offset, as with one writer.
        assert_eq!(store::read_tail(&db, "a0", 2).await.unwrap().unwrap().text, "ro and on");
    });
}

/// A writer that goes away before its batch runs stores nothing, and the writers waiting
/// behind it still get their turn (one of them leads).
#[test]
fn a_writer_gone_before_its_batch_stores_nothing_and_blocks_no_one() {
    use nexus_core::checkin::Answer;
    use std::task::{Context, Waker};
    run_local(async {
        let p = platform("check-in-gone");
        let db = migrated(&p).await;
        store::insert_conversation(&db, U, "c", "m/one", None, None, &Default::default()).await.unwrap();
        store::insert_message(&db, &NewMessage { id: "u", conversation_id: "c", parent_id: None, role: "user", content: "hi", model: None, status: status::COMPLETED }).await.unwrap();
        streaming_reply(&db, "gone").await;
        streaming_reply(&db, "stays").await;
        let ci = p.check_ins();
        let _writers = (ci.join(), ci.join());
        let mut cx = Context::from_waker(Waker::noop());
        let mut leader = Box::pin(ci.check_in(&p, &db, "gone", 0, Some("lost")));
        assert!(leader.as_mut().poll(&mut cx).is_pending(), "the leader waits for the others of its tick");
        let mut follower = Box::pin(ci.check_in(&p, &db, "stays", 0, Some("kept")));
        assert!(follower.as_mut().poll(&mut cx).is_pending(), "a batch is being gathered: the follower waits");
        drop(leader);
        assert_eq!(follower.as_mut().await, Answer::GoOn);
        let chunks = db.query("SELECT message_id, text FROM message_chunks", vec![]).await.unwrap();
        let chunks: Vec<(String, String)> = chunks.iter().map(|r| (r.text(0).unwrap(), r.text(1).unwrap())).collect();
        assert_eq!(chunks, vec![("stays".into(), "kept".into())]);
        assert_eq!(ci.statements(), 1);
    });
}
