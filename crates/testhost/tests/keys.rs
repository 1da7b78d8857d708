//! Provider keys at rest (test host, and real Spin when present): a key pasted in
//! Settings is stored only encrypted under the `encryption_key` variable, is refused
//! without one, survives a change of master keys (`previous_encryption_key`), and a key
//! stored in plaintext by an older release is encrypted at the next start.

mod common;

use common::{App, Options, TEST_ENCRYPTION_KEY, Target};
use serde_json::{Value, json};

e2e!(keys_are_not_stored_without_a_master_key, stored_keys_are_encrypted_and_survive_a_change_of_keys);

/// Another master key (32 bytes of base64).
const NEW_KEY: &str = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

fn stored_key(app: &App) -> Option<String> {
    app.sqlite().query_row("SELECT value FROM config WHERE key = 'openrouter_api_key'", [], |r| r.get(0)).ok()
}

/// Sends a message in a new chat; returns the `Authorization` the provider received.
async fn authorization_sent(app: &App) -> Value {
    let c = app.client.send_json("POST", "/api/conversations", &json!({})).await.unwrap();
    let id = c.body["id"].as_str().unwrap();
    let events = app.client.stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": "hi" })).await.unwrap().unwrap().collect().await.unwrap();
    assert!(events.iter().any(|e| e["type"] == "done"), "{events:?}");
    let reqs: Vec<Value> = app.fake.requests().into_iter().filter(|r| r["body"]["stream"] == true).collect();
    reqs.last().unwrap()["authorization"].clone()
}

async fn keys_are_not_stored_without_a_master_key(t: Target) {
    let app = App::start(t, Options { encryption_key: None, ..Options::default() });
    let r = app.client.send_json("PATCH", "/api/settings", &json!({ "openrouter_api_key": "sk-or-typed-in-ui-1234", "theme": "light" })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (409, Some("encryption_key_missing")), "{}", r.text);
    assert!(r.body["error"].as_str().unwrap().contains("openssl rand -base64 32"));
    assert_eq!(stored_key(&app), None, "nothing stored");
    assert_eq!(app.client.get("/api/settings").await.unwrap().body["theme"], "dark", "nothing of the request was stored");
    assert_eq!(authorization_sent(&app).await, "Bearer sk-or-variable-key-9876", "the variable's key still works");
}

async fn stored_keys_are_encrypted_and_survive_a_change_of_keys(t: Target) {
    let mut app = App::start(t, Options::default());
    let r = app.client.send_json("PATCH", "/api/settings", &json!({ "openrouter_api_key": "sk-or-typed-in-ui-1234" })).await.unwrap();
    assert_eq!((r.status, r.body["api_key"]["hint"].as_str()), (200, Some("…1234")), "{}", r.text);
    let first = stored_key(&app).unwrap();
    assert!(first.starts_with("enc:v1:") && !first.contains("sk-or") && !first.contains("1234"), "{first}");
    assert_eq!(authorization_sent(&app).await, "Bearer sk-or-typed-in-ui-1234");

    // A change of master keys: the next start re-encrypts under the new one.
    app.set_var("encryption_key", NEW_KEY);
    app.set_var("previous_encryption_key", TEST_ENCRYPTION_KEY);
    app.restart();
    assert_eq!(authorization_sent(&app).await, "Bearer sk-or-typed-in-ui-1234");
    let second = stored_key(&app).unwrap();
    assert!(second.starts_with("enc:v1:") && second != first, "re-encrypted: {second}");
    app.set_var("previous_encryption_key", "");
    app.restart();
    assert_eq!(authorization_sent(&app).await, "Bearer sk-or-typed-in-ui-1234", "the old master key is no longer needed");

    // The wrong master key: the stored key is unusable, the admin is told why, and the
    // variable's key is used meanwhile; nothing is thrown away.
    app.set_var("encryption_key", TEST_ENCRYPTION_KEY);
    app.restart();
    let view = app.client.get("/api/settings").await.unwrap().body;
    assert_eq!(view["api_key"]["source"], "variable", "{view}");
    assert!(view["api_key"]["problem"].as_str().unwrap().contains("cannot be decrypted"), "{view}");
    assert_eq!(authorization_sent(&app).await, "Bearer sk-or-variable-key-9876");
    assert_eq!(stored_key(&app).unwrap(), second, "the stored key is kept as it was");

    // A key an older release stored in plaintext is encrypted at the next start.
    app.sqlite().execute("UPDATE config SET value = 'sk-or-plain-legacy-99' WHERE key = 'openrouter_api_key'", []).unwrap();
    app.restart();
    assert_eq!(authorization_sent(&app).await, "Bearer sk-or-plain-legacy-99");
    let sealed = stored_key(&app).unwrap();
    assert!(sealed.starts_with("enc:v1:") && !sealed.contains("legacy"), "{sealed}");
}
