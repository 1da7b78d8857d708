//! Prompt assembly, validation, SSE encoding and the static file server.

use nexus_core::api::static_files::{IMMUTABLE_CACHE, make_response, safe_relative_path};
use nexus_core::events::Event;
use nexus_core::provider::{ChatImage, ChatMessage};
use nexus_core::store::Turn;
use nexus_core::{prompt, validate};

fn branch(items: &[(&str, &str)]) -> Vec<Turn> {
    items.iter().map(|(r, c)| Turn::new(r.to_string(), c.to_string(), None)).collect()
}

#[test]
fn prompt_is_system_branch_user() {
    let history = branch(&[
        ("user", "q1"),
        ("assistant", "a1"),
        ("user", "q2"),
        ("assistant", ""),
        ("user", "q3"),
        ("assistant", "partial a3"),
    ]);
    let p = prompt::assemble(Some("Be brief."), &history, Some("q4"), &[], false);
    let want = [("system", "Be brief."), ("user", "q1"), ("assistant", "a1"), ("user", "q2"), ("user", "q3"), ("assistant", "partial a3"), ("user", "q4")];
    assert_eq!(p, want.iter().map(|(r, c)| ChatMessage::new(r, c)).collect::<Vec<_>>());
    let p = prompt::assemble(Some("  "), &[], Some("hi"), &[], false);
    assert_eq!(p, vec![ChatMessage::new("user", "hi")], "a blank system prompt is left out");
    // Regenerating answers the branch's last message: no new user message.
    let p = prompt::assemble(None, &branch(&[("user", "q1")]), None, &[], false);
    assert_eq!(p, vec![ChatMessage::new("user", "q1")]);
}

#[test]
fn pictures_go_with_their_message_or_become_placeholders() {
    let parts = r#"[{"type":"image","image_id":"i1","content_type":"image/png","width":2,"height":1}]"#;
    let history = vec![Turn::new("user".into(), "look".into(), Some(parts)), Turn::new("assistant".into(), "a cat".into(), None)];
    let new = vec!["i2".to_string(), "i3".to_string()];
    let pending = |id: &str| ChatImage { id: id.into(), media_type: String::new(), data: String::new() };
    let p = prompt::assemble(None, &history, Some(""), &new, true);
    assert_eq!(p[0].images, vec![pending("i1")]);
    assert_eq!((p[0].content.as_str(), p[1].images.len()), ("look", 0));
    assert_eq!((p[2].content.as_str(), p[2].images.clone()), ("", vec![pending("i2"), pending("i3")]));
    // A model without pictures reads where they were.
    let p = prompt::assemble(None, &history, Some("and these?"), &new, false);
    assert_eq!(p[0], ChatMessage::new("user", "[image]\nlook"));
    assert_eq!(p[2], ChatMessage::new("user", "[image]\n[image]\nand these?"));
}

#[test]
fn validation_limits() {
    assert!(validate::message_content("hi").is_ok());
    assert_eq!(validate::message_content(" \n ").unwrap_err().status(), 400);
    assert!(validate::message_content(&"é".repeat(validate::MAX_CONTENT_CHARS)).is_ok(), "limit counts characters");
    assert_eq!(validate::message_content(&"a".repeat(validate::MAX_CONTENT_CHARS + 1)).unwrap_err().status(), 413);
    assert_eq!(validate::model_id(" openai/gpt-4o ").unwrap(), "openai/gpt-4o");
    assert!(validate::model_id("a b").is_err());
    assert!(validate::model_id("").is_err());
    assert_eq!(validate::title("  a \n b ").unwrap(), "a b");
    assert!(validate::title(&"t".repeat(201)).is_err());
    assert_eq!(validate::base_url("http://192.168.1.10:11434/v1/").unwrap(), "http://192.168.1.10:11434/v1");
    assert_eq!(validate::base_url("https://openrouter.ai/api/v1").unwrap(), "https://openrouter.ai/api/v1");
    for bad in ["ftp://x/v1", "openrouter.ai/api/v1", "http:///v1", "https://x/v1?key=1", "javascript:alert(1)"] {
        assert!(validate::base_url(bad).is_err(), "{bad}");
    }
    assert!(validate::theme("light").is_ok());
    assert!(validate::theme("neon").is_err());
    assert!(validate::api_key("sk-or-v1-abc").is_ok());
    assert!(validate::api_key("sk or").is_err());
    assert!(validate::path_id("3f2a-11", "conversation").is_ok());
    assert_eq!(validate::path_id("../x", "conversation").unwrap_err().status(), 404);
}

#[test]
fn events_encode_as_sse() {
    let e = Event::Delta { content: "a\nb \"c\"".into() };
    assert_eq!(String::from_utf8(e.encode(Some(3))).unwrap(), "id: 3\ndata: {\"type\":\"delta\",\"content\":\"a\\nb \\\"c\\\"\"}\n\n");
    let e = Event::Error { message_id: "m".into(), code: "auth".into(), message: "x".into() };
    assert!(String::from_utf8(e.encode(None)).unwrap().starts_with("data: {\"type\":\"error\""));
}

fn site() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("nexus-static-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html>app").unwrap();
    std::fs::write(dir.join("assets/index-abc123.js"), "console.log(1)").unwrap();
    std::fs::write(dir.join("assets/index-abc123.js.br"), "BROTLI").unwrap();
    std::fs::write(dir.join("manifest.webmanifest"), "{}").unwrap();
    std::fs::write(dir.join("icon.svg"), "<svg/>").unwrap();
    std::fs::write(dir.parent().unwrap().join(format!("nexus-secret-{}.txt", std::process::id())), "secret").unwrap();
    dir
}

#[test]
fn static_files() {
    let root = site();
    let r = make_response(&root, "/", "");
    assert_eq!((r.status().as_u16(), r.body().as_slice()), (200, &b"<!doctype html>app"[..]));
    assert_eq!(r.headers()["cache-control"], "no-cache");
    let r = make_response(&root, "/assets/index-abc123.js", "gzip, deflate");
    assert_eq!(r.headers()["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(r.headers()["cache-control"], IMMUTABLE_CACHE);
    assert_eq!(r.body(), b"console.log(1)");
    let r = make_response(&root, "/assets/index-abc123.js", "gzip, br");
    assert_eq!((r.headers()["content-encoding"].to_str().unwrap(), r.body().as_slice()), ("br", &b"BROTLI"[..]));
    let r = make_response(&root, "/assets/index-abc123.js", "br;q=0, gzip");
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(make_response(&root, "/manifest.webmanifest", "").headers()["content-type"], "application/manifest+json");
    assert_eq!(make_response(&root, "/icon.svg", "").headers()["content-type"], "image/svg+xml");
    assert_eq!(make_response(&root, "/chat/42", "").body(), b"<!doctype html>app", "SPA fallback");
    assert_eq!(make_response(&root, "/nope.png", "").status(), 404);
    let secret = format!("/../nexus-secret-{}.txt", std::process::id());
    for evil in [secret.clone(), secret.replace("..", "%2e%2e"), secret.replace('/', "%2f"), "/assets/..%5c..%5cx".into()] {
        let r = make_response(&root, &evil, "");
        assert_ne!(r.body(), b"secret", "{evil}");
    }
    assert!(safe_relative_path("/a/../b").is_none());
    assert!(safe_relative_path("/a/%00/b").is_none());
    assert_eq!(safe_relative_path("/a%20b/c.txt").unwrap(), std::path::PathBuf::from("a b/c.txt"));
}
