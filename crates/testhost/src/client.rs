//! A small HTTP client for the end-to-end tests and the benchmark: JSON requests and a
//! server-sent-event reader that yields events as they arrive.

use crate::platform::{NativeBody, send_http1};
use anyhow::{Result, anyhow};
use nexus_core::platform::BodyStream;
use serde_json::Value;

/// Largest response body a test reads (a backup full of pictures can be hundreds of MB).
pub const MAX_RESPONSE_BYTES: usize = 1 << 30;

#[derive(Clone, Debug)]
pub struct Client {
    pub base: String,
    /// `Cookie:` sent with every request (a signed-in session), if any.
    pub cookie: Option<String>,
    /// `Authorization:` sent with every request (an API token), if any.
    pub bearer: Option<String>,
    /// Whether requests carry `X-Requested-With: nexus` (what the UI sends).
    pub csrf_header: bool,
}

#[derive(Debug)]
pub struct JsonResponse {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Value,
    pub text: String,
    /// The body as received (a picture's bytes).
    pub bytes: Vec<u8>,
}

impl Client {
    pub fn new(base: impl Into<String>) -> Client {
        Client { base: base.into(), cookie: None, bearer: None, csrf_header: true }
    }

    /// The same server, without credentials.
    pub fn anonymous(&self) -> Client {
        Client { cookie: None, bearer: None, ..self.clone() }
    }

    /// The same server, signed in with the session cookie from a response's `Set-Cookie`.
    pub fn with_session_from(&self, resp: &JsonResponse) -> Client {
        Client { cookie: session_cookie(resp), bearer: None, ..self.clone() }
    }

    fn builder(&self, method: &str, path: &str) -> http::request::Builder {
        let mut b = http::Request::builder().method(method).uri(format!("{}{path}", self.base));
        if let Some(c) = &self.cookie {
            b = b.header("cookie", c);
        }
        if let Some(t) = &self.bearer {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        if self.csrf_header {
            b = b.header("x-requested-with", "nexus");
        }
        b
    }

    /// Creates the first admin (`POST /api/auth/setup`) and returns a client signed in as them.
    pub async fn setup_admin(&self, username: &str, password: &str) -> Result<Client> {
        let r = self.anonymous().send_json("POST", "/api/auth/setup", &serde_json::json!({ "username": username, "password": password })).await?;
        anyhow::ensure!(r.status == 201, "setup failed: {} {}", r.status, r.text);
        Ok(self.with_session_from(&r))
    }

    /// Signs in (`POST /api/auth/login`) and returns a client with that session.
    pub async fn login(&self, username: &str, password: &str) -> Result<Client> {
        let r = self.anonymous().send_json("POST", "/api/auth/login", &serde_json::json!({ "username": username, "password": password })).await?;
        anyhow::ensure!(r.status == 200, "login failed: {} {}", r.status, r.text);
        Ok(self.with_session_from(&r))
    }

    /// As an admin: creates a member and returns a client signed in as them.
    pub async fn create_member(&self, username: &str, password: &str) -> Result<Client> {
        let r = self.send_json("POST", "/api/admin/users", &serde_json::json!({ "username": username, "password": password })).await?;
        anyhow::ensure!(r.status == 201, "creating a user failed: {} {}", r.status, r.text);
        self.login(username, password).await
    }

    pub async fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Result<JsonResponse> {
        let mut b = self.builder(method, path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let resp = send_http1(b.body(body)?).await?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().read_to_end(MAX_RESPONSE_BYTES).await?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(JsonResponse { status, headers, body, text, bytes })
    }

    pub async fn get(&self, path: &str) -> Result<JsonResponse> {
        self.raw("GET", path, &[], vec![]).await
    }

    pub async fn send_json(&self, method: &str, path: &str, body: &Value) -> Result<JsonResponse> {
        self.raw(method, path, &[("content-type", "application/json")], serde_json::to_vec(body)?).await
    }

    /// POSTs a message and returns the open event stream (or the error response).
    pub async fn stream(&self, path: &str, body: &Value) -> Result<Result<SseReader, JsonResponse>> {
        let req = self
            .builder("POST", path)
            .header("content-type", "application/json")
            .body(serde_json::to_vec(body)?)?;
        let resp = send_http1(req).await?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let ct = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        if status != 200 || !ct.starts_with("text/event-stream") {
            let bytes = resp.into_body().read_to_end(1 << 20).await?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            return Ok(Err(JsonResponse { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::Null), bytes: text.clone().into_bytes(), text }));
        }
        Ok(Ok(SseReader { headers, body: resp.into_body(), buf: String::new() }))
    }
}

/// `nexus_session=<token>` from a response's `Set-Cookie` headers.
pub fn session_cookie(resp: &JsonResponse) -> Option<String> {
    resp.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find_map(|c| {
        let pair = c.split(';').next()?.trim();
        (pair.starts_with("nexus_session=") && pair.len() > "nexus_session=".len()).then(|| pair.to_owned())
    })
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
