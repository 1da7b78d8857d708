//! A small HTTP client for the end-to-end tests and the benchmark: JSON requests and a
//! server-sent-event reader that yields events as they arrive.

use crate::platform::{NativeBody, send_http1};
use anyhow::{Result, anyhow};
use nexus_core::platform::BodyStream;
use serde_json::Value;

pub struct Client {
    pub base: String,
}

#[derive(Debug)]
pub struct JsonResponse {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Client {
    pub fn new(base: impl Into<String>) -> Client {
        Client { base: base.into() }
    }

    pub async fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Result<JsonResponse> {
        let mut b = http::Request::builder().method(method).uri(format!("{}{path}", self.base));
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let resp = send_http1(b.body(body)?).await?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().read_to_end(64 * 1024 * 1024).await?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(JsonResponse { status, headers, body, text })
    }

    pub async fn get(&self, path: &str) -> Result<JsonResponse> {
        self.raw("GET", path, &[], vec![]).await
    }

    pub async fn send_json(&self, method: &str, path: &str, body: &Value) -> Result<JsonResponse> {
        self.raw(method, path, &[("content-type", "application/json")], serde_json::to_vec(body)?).await
    }

    /// POSTs a message and returns the open event stream (or the error response).
    pub async fn stream(&self, path: &str, body: &Value) -> Result<Result<SseReader, JsonResponse>> {
        let req = http::Request::builder()
            .method("POST")
            .uri(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(serde_json::to_vec(body)?)?;
        let resp = send_http1(req).await?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let ct = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        if status != 200 || !ct.starts_with("text/event-stream") {
            let bytes = resp.into_body().read_to_end(1 << 20).await?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            return Ok(Err(JsonResponse { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::Null), text }));
        }
        Ok(Ok(SseReader { headers, body: resp.into_body(), buf: String::new() }))
    }
}

/// Reads `data:` events one at a time from a live response.
pub struct SseReader {
    pub headers: http::HeaderMap,
    body: NativeBody,
    buf: String,
}

impl SseReader {
    /// The next event's JSON, or `None` at the end of the stream.
    pub async fn next(&mut self) -> Result<Option<Value>> {
        loop {
            if let Some(pos) = self.buf.find("\n\n") {
                let event: String = self.buf.drain(..pos + 2).collect();
                let data: Vec<&str> = event.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
                if data.is_empty() {
                    continue;
                }
                return Ok(Some(serde_json::from_str(&data.join("\n")).map_err(|e| anyhow!("bad event {event:?}: {e}"))?));
            }
            match self.body.next_chunk().await {
                Some(chunk) => self.buf.push_str(std::str::from_utf8(&chunk?)?),
                None => return Ok(None),
            }
        }
    }

    /// Reads to the end; returns every event.
    pub async fn collect(mut self) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        while let Some(e) = self.next().await? {
            out.push(e);
        }
        Ok(out)
    }
}
