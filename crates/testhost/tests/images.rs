//! End-to-end: pictures in the chat (upload, serve, attach, send to each protocol, share,
//! isolation) and a client's own id for a message (the offline outbox's duplicate check).

mod common;

use common::{ADMIN, App, Options, Target};
use nexus_testhost::client::{Client, JsonResponse};
use serde_json::{Value, json};

e2e!(
    client_id_makes_a_second_send_a_duplicate,
    a_picture_is_uploaded_served_and_deleted,
    what_is_not_a_picture_or_too_big_is_refused,
    pictures_reach_an_openai_style_provider_as_data_urls,
    pictures_reach_anthropic_as_base64_blocks,
    another_person_cannot_see_delete_or_send_a_picture,
    a_share_link_serves_only_the_pictures_of_its_snapshot,
    pictures_travel_in_exports_imports_and_backups,
    a_backup_over_64_mib_of_pictures_restores_byte_for_byte,
    a_backup_over_the_restore_limit_is_refused_unkept,
    an_export_over_64_mib_of_pictures_imports_byte_for_byte,
    an_import_over_its_limit_is_refused_unkept,
);

const PNG: &[u8] = include_bytes!("fixtures/picture-4x3.png");
const GIF: &[u8] = include_bytes!("fixtures/picture-1x1.gif");
/// The fake provider's models: one that sees pictures, one that does not.
const VISION_MODEL: &str = "openai/gpt-4o-mini";
const TEXT_MODEL: &str = "meta-llama/llama-3.1-8b-instruct:free";

async fn upload(c: &Client, content_type: &str, bytes: &[u8]) -> JsonResponse {
    c.raw("POST", "/api/images", &[("content-type", content_type)], bytes.to_vec()).await.unwrap()
}

async fn upload_ok(c: &Client, bytes: &[u8]) -> String {
    let r = upload(c, "image/png", bytes).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn image_rows(app: &App) -> i64 {
    app.sqlite().query_row("SELECT COUNT(*) FROM images", [], |r| r.get(0)).unwrap()
}

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
    // Another spelling of the same UUID is the same message.
    for spelling in ["3F0C1A52-7D4E-4B8A-9C1E-2A6F5B7D8E90", "{3f0c1a52-7d4e-4b8a-9c1e-2a6f5b7d8e90}", "3f0c1a527d4e4b8a9c1e2a6f5b7d8e90"] {
        let r = app.client.send_json("POST", &format!("/api/conversations/{id}/messages"), &json!({ "content": "from the outbox", "client_id": spelling })).await.unwrap();
        assert_eq!((r.status, r.body["message_id"].as_str()), (409, Some(stored.as_str())), "{spelling}: {}", r.text);
    }
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

async fn a_picture_is_uploaded_served_and_deleted(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let r = upload(c, "image/png", PNG).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!((r.body["content_type"].as_str(), r.body["bytes"].as_u64()), (Some("image/png"), Some(PNG.len() as u64)));
    assert_eq!((r.body["width"].as_u64(), r.body["height"].as_u64()), (Some(4), Some(3)));
    assert!(r.body["created_at"].as_str().unwrap().ends_with('Z'));

    let got = c.get(&format!("/api/images/{id}")).await.unwrap();
    assert_eq!((got.status, got.bytes.as_slice()), (200, PNG), "the bytes as uploaded");
    let h = |r: &JsonResponse, k: &str| r.headers.get(k).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(h(&got, "content-type"), "image/png");
    assert_eq!(h(&got, "cache-control"), "private, max-age=31536000, immutable");
    assert_eq!(h(&got, "x-content-type-options"), "nosniff");
    assert_eq!(h(&got, "content-security-policy"), "default-src 'none'; sandbox");
    let etag = h(&got, "etag");
    assert!(etag.len() == 66 && etag.starts_with('"') && etag.ends_with('"'), "the SHA-256 as the ETag: {etag}");
    let again = c.raw("GET", &format!("/api/images/{id}"), &[("if-none-match", &etag)], vec![]).await.unwrap();
    assert_eq!((again.status, again.bytes.len()), (304, 0));
    assert_eq!(h(&again, "etag"), etag);
    let other = c.raw("GET", &format!("/api/images/{id}"), &[("if-none-match", "\"abc\"")], vec![]).await.unwrap();
    assert_eq!(other.status, 200);

    // The type is the bytes', not the header's: a GIF sent as image/png is a GIF.
    let r = upload(c, "image/png", GIF).await;
    assert_eq!((r.status, r.body["content_type"].as_str(), r.body["width"].as_u64()), (201, Some("image/gif"), Some(1)), "{}", r.text);
    let gif = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(h(&c.get(&format!("/api/images/{gif}")).await.unwrap(), "content-type"), "image/gif");

    // Not sent yet: it can be deleted, once.
    assert_eq!(c.raw("DELETE", &format!("/api/images/{id}"), &[], vec![]).await.unwrap().status, 204);
    assert_eq!(c.get(&format!("/api/images/{id}")).await.unwrap().status, 404);
    let r = c.raw("DELETE", &format!("/api/images/{id}"), &[], vec![]).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (404, Some("not_found")));
    assert_eq!(image_rows(&app), 1);

    // A day-old picture that was never sent is swept by the next upload.
    app.sqlite().execute("UPDATE images SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-25 hours') WHERE id = ?1", [&gif]).unwrap();
    let fresh = upload_ok(c, PNG).await;
    assert_eq!(c.get(&format!("/api/images/{gif}")).await.unwrap().status, 404, "swept");
    assert_eq!(c.get(&format!("/api/images/{fresh}")).await.unwrap().status, 200);
}

async fn what_is_not_a_picture_or_too_big_is_refused(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>"#;
    for (ct, body, what) in [
        ("text/plain", &b"just some text"[..], "a text file"),
        ("image/svg+xml", &svg[..], "an SVG"),
        ("text/plain", PNG, "a PNG sent as text"),
        ("image/png", &PNG[..20], "a cut PNG header"),
    ] {
        let r = upload(c, ct, body).await;
        assert_eq!((r.status, r.body["code"].as_str()), (415, Some("unsupported_image")), "{what}: {}", r.text);
        assert!(r.body["error"].as_str().unwrap().contains("PNG, JPEG, WEBP, GIF"), "{}", r.text);
    }
    let r = upload(c, "image/png", b"").await;
    assert_eq!((r.status, r.body["code"].as_str()), (400, Some("bad_request")), "{}", r.text);
    // One byte over 5 MiB (a real PNG header, then padding): refused before anything is read into the store.
    let mut big = PNG.to_vec();
    big.resize(nexus_core::images::MAX_IMAGE_BYTES + 1, 0);
    let r = upload(c, "image/png", &big).await;
    assert_eq!((r.status, r.body["code"].as_str()), (413, Some("image_too_large")), "{}", r.text);
    // Exactly the limit is taken (the per-path body limit is the picture's, not 1 MiB).
    big.truncate(nexus_core::images::MAX_IMAGE_BYTES);
    let r = upload(c, "image/png", &big).await;
    assert_eq!((r.status, r.body["bytes"].as_u64()), (201, Some(nexus_core::images::MAX_IMAGE_BYTES as u64)), "{}", r.text);
    assert_eq!(image_rows(&app), 1, "only the one that was a picture");
    // Other paths keep the 1 MiB limit.
    let r = c.raw("POST", "/api/conversations", &[("content-type", "application/json")], vec![b' '; 2 * 1024 * 1024]).await.unwrap();
    assert_eq!(r.status, 413);
}

/// Sends and returns the chat request the provider received.
async fn send_and_capture(app: &App, id: &str, body: Value) -> Value {
    let before = chat_requests(app).len();
    let events = send(app, id, body).await;
    assert!(events.iter().any(|e| e["type"] == "done"), "{events:?}");
    let sent = chat_requests(app);
    assert_eq!(sent.len(), before + 1);
    sent.last().unwrap()["body"].clone()
}

async fn pictures_reach_an_openai_style_provider_as_data_urls(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let models = c.get("/api/settings/models").await.unwrap().body["models"].clone();
    let takes = |id: &str| models.as_array().unwrap().iter().find(|m| m["id"] == id).unwrap()["images"].clone();
    assert_eq!((takes(VISION_MODEL), takes(TEXT_MODEL)), (json!(true), json!(false)));
    let id = new_conversation(&app).await;
    let (a, b) = (upload_ok(c, PNG).await, upload_ok(c, GIF).await);
    let body = send_and_capture(&app, &id, json!({ "content": "What is in these?", "images": [a, b] })).await;
    let last = body["messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last,
        json!({ "role": "user", "content": [
            { "type": "text", "text": "What is in these?" },
            { "type": "image_url", "image_url": { "url": format!("data:image/png;base64,{}", b64(PNG)) } },
            { "type": "image_url", "image_url": { "url": format!("data:image/gif;base64,{}", b64(GIF)) } },
        ] }),
        "OpenAI's content parts"
    );
    // Stored: the pictures are the message's parts, before its text; they are now in use.
    let page = c.get(&format!("/api/conversations/{id}/messages")).await.unwrap().body;
    let user = &page["messages"][0];
    assert_eq!(user["content"], "What is in these?");
    assert_eq!(
        user["parts"],
        json!([
            { "type": "image", "image_id": a, "content_type": "image/png", "width": 4, "height": 3 },
            { "type": "image", "image_id": b, "content_type": "image/gif", "width": 1, "height": 1 },
            { "type": "text", "text": "What is in these?" },
        ])
    );
    let r = c.raw("DELETE", &format!("/api/images/{a}"), &[], vec![]).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (409, Some("image_in_use")), "{}", r.text);

    // Pictures without words; the history keeps the earlier pictures.
    let d = upload_ok(c, PNG).await;
    let body = send_and_capture(&app, &id, json!({ "images": [d] })).await;
    let msgs = body["messages"].as_array().unwrap();
    assert_eq!(msgs[1]["content"].as_array().unwrap().len(), 3, "the first message still has its pictures");
    assert_eq!(msgs.last().unwrap()["content"], json!([{ "type": "image_url", "image_url": { "url": format!("data:image/png;base64,{}", b64(PNG)) } }]));
    let r = c.send_json("POST", &format!("/api/conversations/{id}/messages"), &json!({ "content": "  " })).await.unwrap();
    assert_eq!(r.status, 400, "neither words nor pictures");

    // Five pictures, or a model that cannot see: refused, nothing stored.
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(upload_ok(c, PNG).await);
    }
    let count = message_count(&app, &id).await;
    let r = c.send_json("POST", &format!("/api/conversations/{id}/messages"), &json!({ "content": "x", "images": ids })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (413, Some("too_many_images")), "{}", r.text);
    let r = c.send_json("POST", &format!("/api/conversations/{id}/messages"), &json!({ "content": "x", "images": [ids[0]], "model": TEXT_MODEL })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (400, Some("images_not_supported")), "{}", r.text);
    assert_eq!(r.body["error"], format!("{TEXT_MODEL} cannot see images; choose a model that can, or remove the pictures."));
    assert_eq!(message_count(&app, &id).await, count);
    let conv = c.get(&format!("/api/conversations/{id}")).await.unwrap().body;
    assert_eq!(conv["conversation"]["model"], VISION_MODEL, "the refused send did not switch the model");

    // That model is sent the history with [image] where the pictures were.
    let body = send_and_capture(&app, &id, json!({ "content": "Describe it in words", "model": TEXT_MODEL })).await;
    let msgs = body["messages"].as_array().unwrap();
    assert_eq!(msgs[1], json!({ "role": "user", "content": "[image]\n[image]\nWhat is in these?" }));
    assert_eq!(msgs[3], json!({ "role": "user", "content": "[image]" }));

    // Edit & resend with the first message's pictures: the new version gets copies.
    let body = send_and_capture(&app, &id, json!({ "content": "Only the first", "images": [a], "parent_id": null, "model": VISION_MODEL })).await;
    assert_eq!(body["messages"].as_array().unwrap().last().unwrap()["content"][1]["image_url"]["url"], format!("data:image/png;base64,{}", b64(PNG)));
    let page = c.get(&format!("/api/conversations/{id}/messages")).await.unwrap().body;
    let copy = page["messages"][0]["parts"][0]["image_id"].as_str().unwrap().to_owned();
    assert_ne!(copy, a, "a copy for the new version");
    assert_eq!(c.get(&format!("/api/images/{copy}")).await.unwrap().bytes, PNG);
    assert_eq!(c.get(&format!("/api/images/{a}")).await.unwrap().status, 200, "the original stays with its message");

    // Deleting the conversation deletes its pictures; unsent uploads stay.
    assert_eq!(c.raw("DELETE", &format!("/api/conversations/{id}"), &[], vec![]).await.unwrap().status, 204);
    assert_eq!(c.get(&format!("/api/images/{a}")).await.unwrap().status, 404);
    assert_eq!(image_rows(&app), 5, "the five never sent");
}

async fn pictures_reach_anthropic_as_base64_blocks(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let r = c.send_json("PATCH", "/api/settings", &json!({ "provider_protocol": "anthropic", "default_model": "claude-sonnet-4-5" })).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
    let models = c.get("/api/settings/models?refresh=1").await.unwrap().body["models"].clone();
    assert!(models.as_array().unwrap().iter().all(|m| m["images"] == true), "{models}");
    let id = new_conversation(&app).await;
    let a = upload_ok(c, PNG).await;
    let body = send_and_capture(&app, &id, json!({ "content": "What is this?", "images": [a] })).await;
    assert_eq!(
        body["messages"],
        json!([{ "role": "user", "content": [
            { "type": "image", "source": { "type": "base64", "media_type": "image/png", "data": b64(PNG) } },
            { "type": "text", "text": "What is this?" },
        ] }]),
        "Anthropic's content blocks, the picture first"
    );
    // A picture alone: no empty text block (Anthropic refuses those).
    let g = upload_ok(c, GIF).await;
    let body = send_and_capture(&app, &id, json!({ "images": [g] })).await;
    assert_eq!(
        body["messages"].as_array().unwrap().last().unwrap()["content"],
        json!([{ "type": "image", "source": { "type": "base64", "media_type": "image/gif", "data": b64(GIF) } }])
    );
    // Regenerating keeps the pictures of the history.
    let page = c.get(&format!("/api/conversations/{id}/messages")).await.unwrap().body;
    let reply = page["messages"].as_array().unwrap().last().unwrap()["id"].as_str().unwrap().to_owned();
    let before = chat_requests(&app).len();
    let events = app.client.stream(&format!("/api/conversations/{id}/messages/{reply}/regenerate"), &json!({})).await.unwrap().unwrap().collect().await.unwrap();
    assert!(events.iter().any(|e| e["type"] == "done"), "{events:?}");
    let sent = chat_requests(&app);
    assert_eq!(sent.len(), before + 1);
    assert_eq!(sent.last().unwrap()["body"]["messages"][0]["content"][0]["source"]["data"], b64(PNG));
}

async fn another_person_cannot_see_delete_or_send_a_picture(t: Target) {
    let app = App::start(t, Options::default());
    let admin = &app.client;
    let bob = admin.create_member("bob", "bob password").await.unwrap();
    let mine = upload_ok(&bob, PNG).await;
    let unknown = "00000000-0000-4000-8000-000000000000";
    for id in [mine.as_str(), unknown] {
        let r = admin.get(&format!("/api/images/{id}")).await.unwrap();
        assert_eq!((r.status, r.body["code"].as_str()), (404, Some("not_found")), "{}", r.text);
        let r = admin.raw("DELETE", &format!("/api/images/{id}"), &[], vec![]).await.unwrap();
        assert_eq!((r.status, r.body["code"].as_str()), (404, Some("not_found")), "{}", r.text);
    }
    let id = new_conversation(&app).await;
    let r = admin.send_json("POST", &format!("/api/conversations/{id}/messages"), &json!({ "content": "mine now", "images": [mine] })).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (404, Some("not_found")), "{}", r.text);
    assert_eq!(message_count(&app, &id).await, 0);
    assert_eq!(bob.get(&format!("/api/images/{mine}")).await.unwrap().bytes, PNG, "still Bob's, unsent");
    assert!(app.sqlite().query_row("SELECT message_id IS NULL FROM images WHERE id = ?1", [&mine], |r| r.get::<_, bool>(0)).unwrap());
}

async fn a_share_link_serves_only_the_pictures_of_its_snapshot(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let shared_conv = new_conversation(&app).await;
    let a = upload_ok(c, PNG).await;
    send(&app, &shared_conv, json!({ "content": "Look", "images": [a] })).await;
    let other_conv = new_conversation(&app).await;
    let other = upload_ok(c, GIF).await;
    send(&app, &other_conv, json!({ "content": "Not shared", "images": [other] })).await;
    let unsent = upload_ok(c, PNG).await;
    let r = c.send_json("POST", "/api/shares", &json!({ "conversation_id": shared_conv })).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.text);
    let (share, token) = (r.body["id"].as_str().unwrap().to_owned(), r.body["token"].as_str().unwrap().to_owned());

    let public = c.anonymous();
    let snap = public.get(&format!("/api/shared/{token}")).await.unwrap();
    assert_eq!(snap.body["messages"][0]["parts"][0], json!({ "type": "image", "image_id": a, "content_type": "image/png", "width": 4, "height": 3 }));
    let r = public.get(&format!("/api/shared/{token}/images/{a}")).await.unwrap();
    assert_eq!((r.status, r.bytes.as_slice()), (200, PNG), "{}", r.text);
    let h = |k: &str| r.headers.get(k).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!((h("content-type"), h("x-robots-tag"), h("x-content-type-options")), ("image/png".into(), "noindex".into(), "nosniff".into()));
    assert_eq!(h("content-security-policy"), "default-src 'none'; sandbox");
    let etag = h("etag");
    let again = public.raw("GET", &format!("/api/shared/{token}/images/{a}"), &[("if-none-match", &etag)], vec![]).await.unwrap();
    assert_eq!(again.status, 304);
    // The owner's other pictures, sent elsewhere or not sent, are not in the snapshot.
    for id in [&other, &unsent, &"00000000-0000-4000-8000-000000000000".to_string()] {
        let r = public.get(&format!("/api/shared/{token}/images/{id}")).await.unwrap();
        assert_eq!((r.status, r.body["code"].as_str()), (404, Some("not_found")), "{id}: {}", r.text);
    }
    let r = public.get(&format!("/api/shared/{}/images/{a}", "0".repeat(64))).await.unwrap();
    assert_eq!(r.status, 404, "an unknown token");
    // Revoked: gone.
    assert_eq!(c.raw("DELETE", &format!("/api/shares/{share}"), &[], vec![]).await.unwrap().status, 204);
    assert_eq!(public.get(&format!("/api/shared/{token}/images/{a}")).await.unwrap().status, 404);
}

async fn pictures_travel_in_exports_imports_and_backups(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    let id = new_conversation(&app).await;
    let (a, g) = (upload_ok(c, PNG).await, upload_ok(c, GIF).await);
    send(&app, &id, json!({ "content": "Two pictures", "images": [a, g] })).await;
    let export = c.get(&format!("/api/export/{id}?format=json")).await.unwrap();
    assert_eq!(export.status, 200, "{}", export.text);
    let doc = export.body.clone();
    let images = doc["conversations"][0]["images"].as_array().unwrap();
    let user_id = doc["conversations"][0]["messages"][0]["id"].as_str().unwrap();
    assert_eq!(images.len(), 2);
    assert_eq!(
        images[0],
        json!({ "id": a, "message_id": user_id, "content_type": "image/png", "width": 4, "height": 3,
                "created_at": images[0]["created_at"], "data": b64(PNG) })
    );
    assert_eq!((images[1]["id"].as_str(), images[1]["data"].as_str()), (Some(g.as_str()), Some(b64(GIF).as_str())));

    // Bob imports it: his own copies; the ids are taken (they are the admin's), so new ones, and the parts follow.
    let bob = c.create_member("bob", "bob password").await.unwrap();
    let r = bob.send_json("POST", "/api/import", &doc).await.unwrap();
    assert_eq!((r.status, r.body["imported"].as_u64()), (200, Some(1)), "{}", r.text);
    let listed = bob.get("/api/conversations").await.unwrap().body["conversations"][0]["id"].as_str().unwrap().to_owned();
    let page = bob.get(&format!("/api/conversations/{listed}/messages")).await.unwrap().body;
    let parts = page["messages"][0]["parts"].as_array().unwrap().clone();
    assert_eq!(parts.len(), 3, "{parts:?}");
    let bobs = parts[0]["image_id"].as_str().unwrap().to_owned();
    assert_ne!(bobs, a, "the admin's id is taken: a new one");
    assert_eq!(parts[0], json!({ "type": "image", "image_id": bobs, "content_type": "image/png", "width": 4, "height": 3 }));
    assert_eq!(bob.get(&format!("/api/images/{bobs}")).await.unwrap().bytes, PNG);
    assert_eq!(c.get(&format!("/api/images/{bobs}")).await.unwrap().status, 404, "Bob's, not the admin's");
    // And his replies to it send the picture along.
    let before = chat_requests(&app).len();
    let reader = bob.stream(&format!("/api/conversations/{listed}/messages"), &json!({ "content": "And now?" })).await.unwrap();
    reader.unwrap_or_else(|r| panic!("{}", r.text)).collect().await.unwrap();
    let sent = chat_requests(&app);
    assert_eq!(sent.len(), before + 1);
    assert_eq!(sent.last().unwrap()["body"]["messages"][1]["content"][1]["image_url"]["url"], format!("data:image/png;base64,{}", b64(PNG)));

    // The admin deletes the original and imports it back: the ids are free again and kept.
    assert_eq!(c.raw("DELETE", &format!("/api/conversations/{id}"), &[], vec![]).await.unwrap().status, 204);
    let r = c.send_json("POST", "/api/import", &doc).await.unwrap();
    assert_eq!((r.status, r.body["imported"].as_u64()), (200, Some(1)), "{}", r.text);
    assert_eq!(c.get(&format!("/api/images/{a}")).await.unwrap().bytes, PNG, "kept its id");
    // A picture that is not a picture refuses the whole file.
    let mut bad = doc.clone();
    bad["conversations"][0]["id"] = json!("11111111-1111-4111-8111-111111111111");
    bad["conversations"][0]["images"][0]["data"] = json!(b64(b"<svg/>"));
    let r = c.send_json("POST", "/api/import", &bad).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (400, Some("invalid_import")), "{}", r.text);
    assert!(r.body["error"].as_str().unwrap().contains("is not a PNG, JPEG, WebP or GIF"), "{}", r.text);

    // A backup holds the pictures (base64) and a restore brings them back byte for byte.
    let backup = c.get("/api/admin/backup").await.unwrap();
    assert_eq!(backup.status, 200);
    let rows = backup.body["tables"]["images"]["rows"].as_array().unwrap().len() as i64;
    assert_eq!(rows, image_rows(&app));
    let fresh = App::start(t, Options { signed_in: false, ..Options::default() });
    let r = fresh.client.anonymous().send_json("POST", "/api/restore", &backup.body).await.unwrap();
    assert_eq!((r.status, r.body["restored"]["images"].as_i64()), (200, Some(rows)), "{}", r.text);
    let admin = fresh.client.login(common::ADMIN.0, common::ADMIN.1).await.unwrap();
    let got = admin.get(&format!("/api/images/{a}")).await.unwrap();
    assert_eq!((got.status, got.bytes.as_slice()), (200, PNG));
    let bob = fresh.client.login("bob", "bob password").await.unwrap();
    assert_eq!(bob.get(&format!("/api/images/{bobs}")).await.unwrap().bytes, PNG);
}

/// A PNG of `width`×`height` whose data is `size` bytes of noise from `seed` (the server
/// reads the header only; noise, like a photo, does not compress).
fn noise_png(seed: u64, width: u32, height: u32, size: usize) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&[0; 4]); // CRC: not checked by anyone here
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let data: Vec<u8> = (0..size.div_ceil(8))
        .flat_map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()
        })
        .take(size)
        .collect();
    chunk(b"IDAT", &data);
    chunk(b"IEND", &[]);
    out
}

/// Old limit of a restore (before pictures were kept in the database).
const OLD_RESTORE_LIMIT: usize = 64 * 1024 * 1024;

async fn a_backup_over_64_mib_of_pictures_restores_byte_for_byte(t: Target) {
    let app = App::start(t, Options::default());
    let c = &app.client;
    // 14 pictures of 4.6 MB: 64 MB of bytes, 86 MB in the backup's base64.
    let pictures: Vec<Vec<u8>> = (0..14).map(|i| noise_png(i + 1, 2048, 1536, 4_600_000)).collect();
    let mut ids = Vec::new();
    for p in &pictures {
        ids.push(upload_ok(c, p).await);
    }
    // Four of them sent in a message (attached), the others still waiting.
    let id = new_conversation(&app).await;
    let events = send(&app, &id, json!({ "content": "Which is the sharpest?", "images": ids[..4] })).await;
    assert_eq!(event(&events, "done")["status"], "completed");
    let before = c.get(&format!("/api/conversations/{id}/messages")).await.unwrap().body;

    let backup = c.get("/api/admin/backup").await.unwrap();
    assert_eq!(backup.status, 200);
    assert!(backup.bytes.len() > OLD_RESTORE_LIMIT + 10 * 1024 * 1024, "{} bytes", backup.bytes.len());
    assert_eq!(backup.body["tables"]["images"]["rows"].as_array().unwrap().len(), 14);

    let fresh = App::start(t, Options { signed_in: false, ..Options::default() });
    let r = fresh.client.anonymous().raw("POST", "/api/restore", &[("content-type", "application/json")], backup.bytes.to_vec()).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["restored"]["images"], 14, "{}", r.text);

    let restored = fresh.client.login(ADMIN.0, ADMIN.1).await.unwrap();
    for (id, bytes) in ids.iter().zip(&pictures) {
        let r = restored.get(&format!("/api/images/{id}")).await.unwrap();
        assert_eq!((r.status, r.headers["content-type"].to_str().unwrap()), (200, "image/png"));
        assert!(r.bytes[..] == bytes[..], "picture {id} differs after the restore");
    }
    let after = restored.get(&format!("/api/conversations/{id}/messages")).await.unwrap().body;
    assert_eq!(after, before, "the message still shows its four pictures");
    let parts = &after["messages"][0]["parts"];
    assert_eq!(parts[3], json!({ "type": "image", "image_id": ids[3], "content_type": "image/png", "width": 2048, "height": 1536 }));
    // Still attached: a picture in use cannot be deleted.
    let r = restored.raw("DELETE", &format!("/api/images/{}", ids[0]), &[], vec![]).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (409, Some("image_in_use")), "{}", r.text);
}

/// Sends a request of `length` bytes: `start`, then spaces (written from a small buffer,
/// never held whole), then reads the answer. `client`: its session goes along.
fn long_post(client: &Client, path: &str, length: usize, start: &[u8]) -> (u16, Value) {
    use std::io::{Read, Write};
    let addr = client.base.trim_start_matches("http://");
    let mut extra = String::new();
    if let Some(cookie) = &client.cookie {
        extra.push_str(&format!("cookie: {cookie}\r\nx-requested-with: nexus\r\n"));
    }
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(120))).unwrap();
    write!(s, "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n{extra}connection: close\r\n\r\n").unwrap();
    s.write_all(start).unwrap();
    let spaces = vec![b' '; 1 << 20];
    let mut left = length - start.len();
    while left > 0 {
        let n = left.min(spaces.len());
        s.write_all(&spaces[..n]).unwrap();
        left -= n;
    }
    // `connection: close` asked for: the answer ends where the stream does.
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, mut body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no answer: {text}"));
    let mut unchunked = String::new();
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        while let Some((size, rest)) = body.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).unwrap();
            if n == 0 {
                break;
            }
            unchunked.push_str(&rest[..n]);
            body = rest[n..].trim_start_matches("\r\n");
        }
        body = &unchunked;
    }
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {text}")))
}

async fn a_backup_over_the_restore_limit_is_refused_unkept(t: Target) {
    let app = App::start(t, Options { signed_in: false, ..Options::default() });
    let limit = nexus_core::web::MAX_RESTORE_BYTES;
    let start = br#"{"format":"nexus-backup","version":1,"schema_version":10,"tables":{"images":{"columns":["data"],"rows":[[{"base64":""#;
    // One byte over (the server runs on its own thread or process: blocking is fine here).
    let (status, body) = long_post(&app.client.anonymous(), "/api/restore", limit + 1, start);
    assert_eq!((status, body["code"].as_str()), (413, Some("payload_too_large")), "{body}");
    let error = body["error"].as_str().unwrap();
    assert!(error.contains(&format!("{} MiB", limit / (1024 * 1024))) && error.contains("nothing was stored"), "{error}");
    // Nothing stored: the instance is still waiting for its setup, with no pictures.
    let status = app.client.anonymous().get("/api/auth/status").await.unwrap();
    assert_eq!(status.body["setup_required"], true);
    assert_eq!(image_rows(&app), 0);
    // A body under the limit is read (this one, cut short, is then not valid JSON).
    let r = app.client.anonymous().raw("POST", "/api/restore", &[("content-type", "application/json")], start.to_vec()).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (400, Some("invalid_backup")), "{}", r.text);
}

/// Old limit of an import (before a Nexus export was read in place).
const OLD_IMPORT_LIMIT: usize = 64 * 1024 * 1024;

/// A Nexus export of `pictures`, four to a user message (each answered), ten messages
/// to a conversation.
fn export_with(pictures: &[(String, Vec<u8>)]) -> Value {
    let mut conversations = Vec::new();
    for (c, group) in pictures.chunks(20).enumerate() {
        let (mut messages, mut images, mut parent) = (Vec::new(), Vec::new(), Value::Null);
        for (k, four) in group.chunks(4).enumerate() {
            let (user, reply) = (format!("00000000-0000-4000-8000-{c:06}{k:06}"), format!("00000000-0000-4000-9000-{c:06}{k:06}"));
            let parts: Vec<Value> = four
                .iter()
                .map(|(id, _)| json!({ "type": "image", "image_id": id, "content_type": "image/png", "width": 2048, "height": 1536 }))
                .collect();
            messages.push(json!({ "id": user, "parent_id": parent, "role": "user", "content": format!("Set {k}"), "parts": parts }));
            messages.push(json!({ "id": reply, "parent_id": user, "role": "assistant", "content": "Nice.", "model": VISION_MODEL }));
            for (id, bytes) in four {
                images.push(json!({ "id": id, "message_id": user, "content_type": "image/png", "width": 2048, "height": 1536,
                                    "created_at": "2026-12-01T10:00:00.000Z", "data": b64(bytes) }));
            }
            parent = json!(reply);
        }
        conversations.push(json!({ "id": format!("00000000-0000-4000-a000-{c:012}"), "title": format!("Photos {c}"),
                                   "created_at": "2026-12-01T10:00:00.000Z", "active_leaf_id": parent,
                                   "messages": messages, "images": images }));
    }
    json!({ "format": "nexus-export", "version": 1, "exported_at": "2026-12-01T10:00:00.000Z", "conversations": conversations })
}

async fn an_export_over_64_mib_of_pictures_imports_byte_for_byte(t: Target) {
    // 14 pictures of 4.6 MB: 64 MB of bytes, 86 MB of base64.
    let pictures: Vec<(String, Vec<u8>)> =
        (0..14).map(|i| (format!("00000000-0000-4000-b000-{i:012}"), noise_png(i + 1, 2048, 1536, 4_600_000))).collect();
    let file = serde_json::to_vec(&export_with(&pictures)).unwrap();
    assert!(file.len() > OLD_IMPORT_LIMIT + 10 * 1024 * 1024, "{} bytes", file.len());
    let app = App::start(t, Options::default());
    let c = &app.client;
    let r = c.raw("POST", "/api/import", &[("content-type", "application/json")], file).await.unwrap();
    assert_eq!((r.status, r.body["imported"].as_u64()), (200, Some(1)), "{}", r.text);
    assert_eq!(image_rows(&app), 14);

    // Everything exported (more than the old limit) goes into another instance, and into
    // another account of this one.
    let export = c.get("/api/export").await.unwrap();
    assert_eq!(export.status, 200);
    assert!(export.bytes.len() > OLD_IMPORT_LIMIT + 10 * 1024 * 1024, "{} bytes", export.bytes.len());
    let fresh = App::start(t, Options::default());
    let r = fresh.client.raw("POST", "/api/import", &[("content-type", "application/json")], export.bytes.clone()).await.unwrap();
    assert_eq!((r.status, r.body["imported"].as_u64(), r.body["duplicates"].as_u64()), (200, Some(1), Some(0)), "{}", r.text);
    for (id, bytes) in &pictures {
        let r = fresh.client.get(&format!("/api/images/{id}")).await.unwrap();
        assert_eq!((r.status, r.headers["content-type"].to_str().unwrap()), (200, "image/png"), "{id} kept its id");
        assert!(r.bytes[..] == bytes[..], "picture {id} differs after the import");
    }
    let listed = fresh.client.get("/api/conversations").await.unwrap().body["conversations"][0]["id"].as_str().unwrap().to_owned();
    let page = fresh.client.get(&format!("/api/conversations/{listed}/messages")).await.unwrap().body;
    assert_eq!(page["messages"].as_array().unwrap().len(), 8, "four sets, each answered");

    let bob = c.create_member("bob", "bob password").await.unwrap();
    let r = bob.raw("POST", "/api/import", &[("content-type", "application/json")], export.bytes.clone()).await.unwrap();
    assert_eq!((r.status, r.body["imported"].as_u64()), (200, Some(1)), "{}", r.text);
    assert_eq!(image_rows(&app), 28, "Bob's own copies");
    let listed = bob.get("/api/conversations").await.unwrap().body["conversations"][0]["id"].as_str().unwrap().to_owned();
    let page = bob.get(&format!("/api/conversations/{listed}/messages")).await.unwrap().body;
    let mut got = Vec::new();
    for m in page["messages"].as_array().unwrap() {
        for part in m["parts"].as_array().unwrap().iter().filter(|p| p["type"] == "image") {
            let id = part["image_id"].as_str().unwrap();
            assert!(pictures.iter().all(|(taken, _)| taken != id), "the admin's ids are taken: new ones");
            got.push(bob.get(&format!("/api/images/{id}")).await.unwrap().bytes);
        }
    }
    assert_eq!(got.len(), 14);
    assert!(got.iter().zip(&pictures).all(|(a, (_, b))| a == b), "Bob's pictures are the same bytes, in order");
    // Imported again: a duplicate, nothing more stored.
    let r = bob.raw("POST", "/api/import", &[("content-type", "application/json")], export.bytes.clone()).await.unwrap();
    assert_eq!((r.status, r.body["imported"].as_u64(), r.body["duplicates"].as_u64()), (200, Some(0), Some(1)), "{}", r.text);
    assert_eq!(image_rows(&app), 28);
}

async fn an_import_over_its_limit_is_refused_unkept(t: Target) {
    let app = App::start(t, Options::default());
    let limit = nexus_core::web::MAX_IMPORT_BYTES;
    let start = br#"{"format":"nexus-export","version":1,"conversations":[{"id":"x","images":[{"data":""#;
    let (status, body) = long_post(&app.client, "/api/import", limit + 1, start);
    assert_eq!((status, body["code"].as_str()), (413, Some("payload_too_large")), "{body}");
    let error = body["error"].as_str().unwrap();
    assert!(error.contains(&format!("{} MiB", limit / (1024 * 1024))) && error.contains("nothing was stored"), "{error}");
    assert_eq!(image_rows(&app), 0);
    assert_eq!(app.client.get("/api/conversations").await.unwrap().body["conversations"], json!([]));
    // Another app's file has its own, smaller limit (it is read into a JSON tree).
    let other = nexus_core::web::MAX_OTHER_IMPORT_BYTES;
    let (status, body) = long_post(&app.client, "/api/import", other + 1, br#"[{"mapping":{}}"#);
    assert_eq!((status, body["code"].as_str()), (413, Some("payload_too_large")), "{body}");
    assert!(body["error"].as_str().unwrap().contains("ChatGPT or Open WebUI"), "{body}");
    // A Nexus export under the limit is read (this one, cut short, is then not valid JSON).
    let r = app.client.raw("POST", "/api/import", &[("content-type", "application/json")], start.to_vec()).await.unwrap();
    assert_eq!((r.status, r.body["code"].as_str()), (400, Some("invalid_import")), "{}", r.text);
}
