//! Spin's floor, measured beside Nexus by `bench/stream.sh --spin`: the least a component
//! that streams a chat reply does on Spin 4 — read the request, send the provider its
//! chat request, parse each SSE chunk and forward each delta as a Nexus `delta` event,
//! one write per provider read, then `done`. No database, no saves, no history. Nexus's
//! own cost is its figure minus this one, from the same run.
//!
//! Routes (what `nexus-bench` calls): `POST /api/conversations` → `{"id":"floor"}`;
//! `POST /api/conversations/{id}/messages` `{"content"}` → the stream.

use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use spin_sdk::http::{FullBody, IntoResponse, body::IncomingBodyExt};

type Answer = Result<spin_sdk::wasip3::http::types::Response, spin_sdk::wasip3::http::types::ErrorCode>;

fn json_response(status: u16, v: &Value) -> Answer {
    let body = FullBody::new(Bytes::from(v.to_string()));
    http::Response::builder().status(status).header("content-type", "application/json").body(body).unwrap().into_response()
}

#[spin_sdk::http_service]
async fn handle(req: spin_sdk::http::Request) -> Answer {
    let (parts, body) = req.into_parts();
    let mut bytes = Vec::new();
    let mut incoming = body.stream();
    while let Some(Ok(chunk)) = incoming.next().await {
        bytes.extend_from_slice(&chunk);
    }
    let path = parts.uri.path();
    if parts.method != http::Method::POST {
        return json_response(405, &json!({ "error": "POST only" }));
    }
    if path == "/api/conversations" {
        return json_response(201, &json!({ "id": "floor" }));
    }
    if !path.ends_with("/messages") {
        return json_response(404, &json!({ "error": "no such route" }));
    }
    let content = serde_json::from_slice::<Value>(&bytes).ok().and_then(|v| v["content"].as_str().map(str::to_owned)).unwrap_or_default();
    let base = spin_sdk::variables::get("upstream_url").await.unwrap_or_default();
    let (mut tx, out) = spin_sdk::http::body::stream::<Bytes>();
    spin_sdk::wasip3::spawn(async move {
        let _ = tx.send(Bytes::from_static(b"data: {\"type\":\"start\"}\n\n")).await;
        let chat = json!({ "model": "bench/model", "stream": true, "messages": [{ "role": "user", "content": content }] });
        let request = http::Request::post(format!("{base}/chat/completions"))
            .header("content-type", "application/json")
            .body(FullBody::new(Bytes::from(chat.to_string())))
            .unwrap();
        let Ok(resp) = spin_sdk::http::send(request).await else {
            let _ = tx.send(Bytes::from_static(b"data: {\"type\":\"error\"}\n\n")).await;
            return;
        };
        let mut upstream = resp.into_body().stream();
        let mut buf = String::new();
        while let Some(Ok(chunk)) = upstream.next().await {
            buf.push_str(&String::from_utf8_lossy(&chunk));
            let mut out = String::new();
            while let Some(end) = buf.find("\n\n") {
                let event: String = buf.drain(..end + 2).collect();
                for data in event.lines().filter_map(|l| l.strip_prefix("data: ")) {
                    if data == "[DONE]" {
                        out.push_str("data: {\"type\":\"done\"}\n\n");
                    } else if let Ok(v) = serde_json::from_str::<Value>(data)
                        && let Some(text) = v["choices"][0]["delta"]["content"].as_str()
                        && !text.is_empty()
                    {
                        out.push_str(&format!("data: {}\n\n", json!({ "type": "delta", "content": text })));
                    }
                }
            }
            if !out.is_empty() && tx.send(Bytes::from(out)).await.is_err() {
                return;
            }
        }
    });
    http::Response::builder()
        .status(200)
        .header("content-type", "text/event-stream")
        .header("cache-control", "no-cache")
        .body(out)
        .unwrap()
        .into_response()
}
