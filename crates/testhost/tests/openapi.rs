//! The machine-readable contract, docs/openapi.json (OpenAPI 3.1), against the server:
//! every route of every component's route table is documented and nothing else is; the
//! document is served at `GET /api/openapi.json`; and real answers (test host, and real
//! Spin when present) validate against the schemas documented for their status codes,
//! over a walk that calls every documented operation at least once.

mod common;

use common::{App, Options, Target};
use nexus_core::api::routes::{Access, Route};
use nexus_core::api::{AccountsApi, ConversationsApi, LibraryApi, MessagesApi, Routes, STATIC_ROUTES, SettingsApi};
use nexus_testhost::client::{Client, JsonResponse};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

e2e!(the_document_is_served_with_an_etag, real_answers_match_the_documented_schemas);

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn document() -> Value {
    let text = std::fs::read_to_string(common::repo_root().join("docs/openapi.json")).expect("docs/openapi.json");
    serde_json::from_str(&text).expect("docs/openapi.json is JSON")
}

/// Every route of the API components, with the component's name.
fn api_routes() -> Vec<(&'static str, &'static Route)> {
    let tables: [(&str, &'static [Route]); 5] = [
        ("conversations", ConversationsApi.table()),
        ("messages", MessagesApi.table()),
        ("settings", SettingsApi.table()),
        ("accounts", AccountsApi.table()),
        ("library", LibraryApi.table()),
    ];
    tables.into_iter().flat_map(|(c, t)| t.iter().map(move |r| (c, r))).collect()
}

/// (method, path) of every operation in the document.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, _) in item.as_object().unwrap() {
            assert!(METHODS.contains(&method.as_str()), "{path}: unexpected key {method:?}");
            out.insert((method.to_uppercase(), path.clone()));
        }
    }
    out
}

#[test]
fn every_route_is_documented_and_nothing_else() {
    let doc = document();
    let routes: BTreeSet<(String, String)> = api_routes().iter().map(|(_, r)| (r.method.to_string(), r.path.to_owned())).collect();
    let documented = documented(&doc);
    let missing: Vec<_> = routes.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&routes).collect();
    assert!(missing.is_empty(), "routes in a route table but not in docs/openapi.json: {missing:?}");
    assert!(extra.is_empty(), "operations in docs/openapi.json that no route table has: {extra:?}");
    // The static component's one route is the UI (every other path), not part of the API.
    assert_eq!(STATIC_ROUTES.iter().map(|r| r.path).collect::<Vec<_>>(), ["/..."]);
    assert!(api_routes().iter().all(|(_, r)| !r.path.contains("...")), "an API route with a rest pattern cannot be documented");
}

#[test]
fn each_operation_says_who_may_call_it_and_takes_its_path_parameters() {
    let doc = document();
    let mut ids = BTreeSet::new();
    for (component, route) in api_routes() {
        let op = &doc["paths"][route.path][route.method.as_str().to_lowercase()];
        let at = format!("{} {}", route.method, route.path);
        assert_eq!(op["operationId"], format!("{component}_{}", route.name), "{at}: operationId is <component>_<route name>");
        assert!(ids.insert(route.name.to_owned() + component), "{at}: duplicate");
        assert_eq!(op["tags"], json!([component]), "{at}: tagged with its component");
        match route.access {
            Access::Public => assert_eq!(op["security"], json!([]), "{at} is public: `security: []`"),
            Access::User => assert!(op.get("security").is_none() && op.get("x-nexus-access").is_none(), "{at}: the global security (session or token)"),
            Access::Admin => {
                assert!(op.get("security").is_none(), "{at}: the global security");
                assert_eq!(op["x-nexus-access"], "admin", "{at} is for admins");
                assert!(op["responses"]["403"].is_object(), "{at}: documents 403 admin_only");
            }
        }
        if route.access != Access::Public {
            assert!(op["responses"]["401"].is_object(), "{at}: documents 401");
        }
        let params: Vec<&str> = op["parameters"]
            .as_array()
            .map(|ps| ps.iter().filter(|p| p["in"] == "path").map(|p| p["name"].as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(params, route.params().collect::<Vec<_>>(), "{at}: path parameters");
        // Request bodies refuse unknown fields: so does the schema. (Restore and import
        // take files, a backup or another app's export, not API bodies.)
        let file = matches!(route.name, "restore" | "import");
        if !file && let Some(schema) = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str() {
            let name = schema.trim_start_matches("#/components/schemas/");
            let s = &doc["components"]["schemas"][name];
            assert_eq!(s["additionalProperties"], false, "{at}: request body {name} must say additionalProperties: false");
        }
    }
}

/// Validates answers against the document and records which operations were seen.
struct Contract {
    doc: Value,
    validators: RefCell<HashMap<String, jsonschema::Validator>>,
    /// (METHOD, path template) → statuses seen.
    seen: RefCell<BTreeMap<(String, String), BTreeSet<u16>>>,
}

impl Contract {
    fn new() -> Contract {
        Contract { doc: document(), validators: RefCell::new(HashMap::new()), seen: RefCell::new(BTreeMap::new()) }
    }

    /// Checks `value` against the schema at `pointer` (a JSON pointer into the document).
    fn validate(&self, pointer: &str, value: &Value, what: &str) {
        let mut validators = self.validators.borrow_mut();
        let v = validators.entry(pointer.to_owned()).or_insert_with(|| {
            // The whole document as the root resource, so every `$ref` inside resolves.
            let mut root = self.doc.clone();
            root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
            // A URI fragment: `{` and `}` (path templates) percent-encoded.
            root["$ref"] = json!(format!("#{}", pointer.replace('{', "%7B").replace('}', "%7D")));
            // Formats too: every `date-time` must be one (RFC 3339).
            jsonschema::draft202012::options().should_validate_formats(true).build(&root).unwrap_or_else(|e| panic!("schema at {pointer}: {e}"))
        });
        let errors: Vec<String> = v.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{what}: the answer does not match docs/openapi.json ({pointer}):\n{}\nbody: {value}", errors.join("\n"));
    }

    fn escape(s: &str) -> String {
        s.replace('~', "~0").replace('/', "~1")
    }

    /// The pointer of the schema documented for `status` (or `default`) and `media`.
    fn response_schema(&self, method: &str, template: &str, status: u16, media: &str) -> String {
        let op_ptr = format!("/paths/{}/{}", Self::escape(template), method.to_lowercase());
        let op = self.doc.pointer(&op_ptr).unwrap_or_else(|| panic!("{method} {template} is not documented"));
        let key = if op["responses"][status.to_string()].is_object() { status.to_string() } else { "default".into() };
        assert!(op["responses"][&key].is_object(), "{method} {template}: status {status} is not documented and there is no default");
        let mut resp_ptr = format!("{op_ptr}/responses/{key}");
        if let Some(r) = op["responses"][&key]["$ref"].as_str() {
            resp_ptr = r.trim_start_matches('#').to_owned();
        }
        let resp = self.doc.pointer(&resp_ptr).unwrap();
        assert!(resp["content"][media].is_object(), "{method} {template} {status}: {media} is not documented ({resp})");
        format!("{resp_ptr}/content/{}/schema", Self::escape(media))
    }

    fn record(&self, method: &str, template: &str, status: u16) {
        self.seen.borrow_mut().entry((method.to_owned(), template.to_owned())).or_default().insert(status);
    }

    /// Checks a whole answer: its status is documented, and its body (JSON, or none for
    /// 204/304) matches the schema of that status.
    fn check(&self, method: &str, template: &str, r: &JsonResponse) {
        let what = format!("{method} {template} → {}", r.status);
        if self.doc["paths"][template][method.to_lowercase()].is_null() {
            // A method the path does not take: the error body, like every error.
            assert!(self.doc["paths"][template].is_object(), "{template} is not documented");
            assert_eq!(r.status, 405, "{what}");
            return self.validate("/components/schemas/Error", &r.body, &what);
        }
        self.record(method, template, r.status);
        // The headers documented for a success are sent.
        let op = &self.doc["paths"][template][method.to_lowercase()];
        if (200..300).contains(&r.status)
            && let Some(headers) = op["responses"][r.status.to_string()]["headers"].as_object()
        {
            for name in headers.keys() {
                assert!(r.headers.contains_key(name.to_lowercase().as_str()), "{what}: the documented header {name} is missing");
            }
        }
        let ct = r.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
        match r.status {
            204 | 304 => {
                assert!(r.text.is_empty(), "{what}: no body");
                let op = &self.doc["paths"][template][method.to_lowercase()];
                assert!(op["responses"][r.status.to_string()].is_object(), "{what}: not documented");
            }
            _ if ct.starts_with("application/json") => {
                let ptr = self.response_schema(method, template, r.status, "application/json");
                self.validate(&ptr, &r.body, &what);
            }
            _ => {
                let media = ct.split(';').next().unwrap_or("").trim();
                self.response_schema(method, template, r.status, media);
            }
        }
    }

    /// Checks a reply stream's events (or its refusal).
    fn check_events(&self, method: &str, template: &str, events: &[Value]) {
        self.record(method, template, 200);
        let op = &self.doc["paths"][template][method.to_lowercase()];
        assert!(op["responses"]["200"]["content"]["text/event-stream"].is_object(), "{method} {template}: text/event-stream");
        assert!(!events.is_empty(), "{method} {template}: no events");
        for e in events {
            self.validate("/components/schemas/StreamEvent", e, &format!("{method} {template} event"));
        }
    }

    /// Fills `{…}` in order and appends the query: `"GET /api/x/{id}?limit=1"`.
    fn path(spec: &str, args: &[&str]) -> (String, String, String) {
        let (method, rest) = spec.split_once(' ').unwrap();
        let (template, query) = rest.split_once('?').map(|(t, q)| (t, format!("?{q}"))).unwrap_or((rest, String::new()));
        let mut path = String::new();
        let mut args = args.iter();
        for seg in template.split('/').filter(|s| !s.is_empty()) {
            path.push('/');
            path.push_str(if seg.starts_with('{') { args.next().expect("an argument for each parameter") } else { seg });
        }
        (method.to_owned(), template.to_owned(), path + &query)
    }

    async fn req(&self, c: &Client, spec: &str, args: &[&str], body: Option<Value>) -> JsonResponse {
        let (method, template, path) = Self::path(spec, args);
        let r = match &body {
            Some(b) => c.send_json(&method, &path, b).await.unwrap(),
            None => c.raw(&method, &path, &[], vec![]).await.unwrap(),
        };
        self.check(&method, &template, &r);
        r
    }

    /// A request with its own headers and bytes (a picture's upload, `If-None-Match`),
    /// checked like `req`; it must answer `status`.
    async fn raw(&self, c: &Client, spec: &str, args: &[&str], headers: &[(&str, &str)], body: Vec<u8>, status: u16) -> JsonResponse {
        let (method, template, path) = Self::path(spec, args);
        let r = c.raw(&method, &path, headers, body).await.unwrap();
        self.check(&method, &template, &r);
        assert_eq!(r.status, status, "{spec}: {}", r.text);
        r
    }

    /// `req` that must answer `status`.
    async fn expect(&self, c: &Client, spec: &str, args: &[&str], body: Option<Value>, status: u16) -> JsonResponse {
        let r = self.req(c, spec, args, body).await;
        assert_eq!(r.status, status, "{spec}: {}", r.text);
        r
    }

    /// A POST answered with a reply stream: every event checked; returns them.
    async fn stream(&self, c: &Client, spec: &str, args: &[&str], body: Value) -> Vec<Value> {
        let (method, template, path) = Self::path(spec, args);
        let events = c.stream(&path, &body).await.unwrap().unwrap_or_else(|r| panic!("{spec}: {} {}", r.status, r.text)).collect().await.unwrap();
        self.check_events(&method, &template, &events);
        events
    }

    /// Documented operations never seen with a 2xx answer.
    fn unexercised(&self) -> Vec<String> {
        let seen = self.seen.borrow();
        documented(&self.doc)
            .into_iter()
            .filter(|k| !seen.get(k).is_some_and(|s| s.iter().any(|st| (200..300).contains(st))))
            .map(|(m, p)| format!("{m} {p}"))
            .collect()
    }
}

#[test]
fn the_schemas_refuse_what_the_server_must_not_send() {
    let k = Contract::new();
    let user = "/components/schemas/User";
    k.validate(user, &json!({ "id": "u1", "username": "ann", "role": "member", "created_at": "2026-11-22T00:00:30.851Z" }), "a user");
    for bad in [
        json!({ "id": "u1", "username": "ann", "role": "member" }),
        json!({ "id": "u1", "username": "ann", "role": "owner", "created_at": "2026-11-22T00:00:30.851Z" }),
        json!({ "id": "u1", "username": "ann", "role": "member", "created_at": "2026-11-22T00:00:30.851Z", "password_hash": "x" }),
    ] {
        let refused = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| k.validate(user, &bad, "a bad user")));
        assert!(refused.is_err(), "accepted {bad}");
    }
    let event = "/components/schemas/StreamEvent";
    k.validate(event, &json!({ "type": "delta", "content": "Hi" }), "a delta");
    let session = json!({ "id": "s", "current": true, "user_agent": "x", "created_at": "2026-11-22T00:00:30.851Z", "last_seen_at": "yesterday", "expires_at": "2026-11-22T00:00:30.851Z" });
    let refused = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| k.validate("/components/schemas/Session", &session, "a bad timestamp")));
    assert!(refused.is_err(), "timestamps are checked");
    let refused = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| k.validate(event, &json!({ "type": "delta", "text": "Hi" }), "a bad delta")));
    assert!(refused.is_err());
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// The string literal at the start of `s` (after whitespace), if there is one.
fn literal(s: &str) -> Option<&str> {
    let rest = s.trim_start().strip_prefix('"')?;
    rest.split_once('"').map(|(lit, _)| lit)
}

/// The `code` strings an error answer can carry: the literals given to the coded
/// variants (`code: "…"`, `ApiError::coded(status, "…", …)`, `.with_code("…")`) in the
/// core's source, and the fixed codes of the other variants.
fn error_codes_in_the_server() -> BTreeSet<String> {
    use nexus_core::error::ApiError;
    let mut files = Vec::new();
    sources(&common::repo_root().join("crates/core/src"), &mut files);
    let mut out = BTreeSet::new();
    for (path, text) in &files {
        for (needle, skip_arg) in [("code: \"", false), ("coded(", true), ("with_code(", false)] {
            for (at, _) in text.match_indices(needle) {
                let after = &text[at + needle.len()..];
                let lit = if needle.ends_with('"') {
                    after.split_once('"').map(|(l, _)| l)
                } else if skip_arg {
                    // `coded(StatusCode::…, "code", …)`; not the definition `coded(status: …`.
                    after.split_once(',').filter(|(first, _)| !first.contains(':') || first.contains("::")).and_then(|(_, rest)| literal(rest))
                } else {
                    literal(after)
                };
                if let Some(code) = lit {
                    assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}: odd code {code:?}", path.display());
                    out.insert(code.to_owned());
                }
            }
        }
    }
    for fixed in [
        ApiError::BadRequest(String::new()),
        ApiError::NotFound(String::new()),
        ApiError::MethodNotAllowed { allow: String::new() },
        ApiError::Conflict(String::new()),
        ApiError::PayloadTooLarge(String::new()),
        ApiError::UnsupportedMediaType(String::new()),
        ApiError::BadGateway(String::new()),
        ApiError::Internal(anyhow::anyhow!("x")),
    ] {
        out.insert(fixed.code().to_owned());
    }
    out
}

/// The codes of a failed reply (`error` events, `metadata.error_code`): the consts of
/// `events::codes`.
fn reply_codes_in_the_server() -> BTreeSet<String> {
    let text = std::fs::read_to_string(common::repo_root().join("crates/core/src/events.rs")).unwrap();
    let module = text.split_once("pub mod codes {").expect("events::codes").1;
    let module = module.split_once("\n}").map(|(m, _)| m).unwrap_or(module);
    module
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub const ")?.split_once(": &str =").and_then(|(_, v)| literal(v)).map(str::to_owned))
        .collect()
}

fn documented_enum(doc: &Value, schema: &str) -> BTreeSet<String> {
    doc["components"]["schemas"][schema]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

#[test]
fn every_error_code_the_server_can_send_is_documented_and_nothing_else() {
    let doc = document();
    for (schema, server) in [("ErrorCode", error_codes_in_the_server()), ("ReplyErrorCode", reply_codes_in_the_server())] {
        assert!(server.len() > 10, "the scan found codes: {server:?}");
        let documented = documented_enum(&doc, schema);
        let missing: Vec<_> = server.difference(&documented).collect();
        let extra: Vec<_> = documented.difference(&server).collect();
        assert!(missing.is_empty(), "codes the server sends but {schema} in docs/openapi.json lacks: {missing:?}");
        assert!(extra.is_empty(), "codes in {schema} the server never sends: {extra:?}");
    }
    // The pictures' codes are among them (the scan reads the real source).
    let server = error_codes_in_the_server();
    for code in ["image_too_large", "unsupported_image", "too_many_images", "images_not_supported", "image_in_use", "duplicate"] {
        assert!(server.contains(code), "{code}");
    }
    assert!(reply_codes_in_the_server().contains("image_gone"));
}

/// Every `data:` event of a whole SSE body.
fn events_of(text: &str) -> Vec<Value> {
    text.split("\n\n")
        .filter_map(|e| {
            let data: Vec<&str> = e.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
            (!data.is_empty()).then(|| serde_json::from_str(&data.join("\n")).expect("event JSON"))
        })
        .collect()
}

/// A real 4×3 PNG and a 1×1 GIF (as encoders write them).
const PNG: &[u8] = include_bytes!("fixtures/picture-4x3.png");
const GIF: &[u8] = include_bytes!("fixtures/picture-1x1.gif");
/// Models of the fake provider's listing: one that takes pictures, one that does not.
const VISION_MODEL: &str = "openai/gpt-4o-mini";
const TEXT_MODEL: &str = "meta-llama/llama-3.1-8b-instruct:free";

fn id(r: &JsonResponse) -> String {
    r.body["id"].as_str().unwrap_or_else(|| panic!("an id: {}", r.text)).to_owned()
}

async fn the_document_is_served_with_an_etag(t: Target) {
    let app = App::start(t, Options { signed_in: false, ..Options::default() });
    let anonymous = &app.client;
    let r = anonymous.get("/api/openapi.json").await.unwrap();
    assert_eq!(r.status, 200, "public: {}", r.text);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("application/json"));
    assert_eq!(r.body, document(), "the file as it is in docs/");
    assert_eq!(r.body["openapi"], "3.1.0");
    assert_eq!(r.headers["cache-control"], "no-cache");
    let etag = r.headers["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");
    let again = anonymous.raw("GET", "/api/openapi.json", &[("if-none-match", &etag)], vec![]).await.unwrap();
    assert_eq!((again.status, again.text.as_str()), (304, ""));
    assert_eq!(again.headers["etag"].to_str().unwrap(), etag);
    let other = anonymous.raw("GET", "/api/openapi.json", &[("if-none-match", "\"something-else\"")], vec![]).await.unwrap();
    assert_eq!(other.status, 200);
    // Only GET (and HEAD).
    let post = anonymous.raw("POST", "/api/openapi.json", &[("content-type", "application/json")], b"{}".to_vec()).await.unwrap();
    assert_eq!((post.status, post.body["code"].as_str()), (405, Some("method_not_allowed")));
}

/// Calls every documented operation (and a few refusals) as the UI and scripts would,
/// and checks each answer against the schema of its status code.
async fn real_answers_match_the_documented_schemas(t: Target) {
    const RECOVERY: &str = "0123456789abcdef0123";
    let app = App::start(t, Options { signed_in: false, recovery_token: Some(RECOVERY), ..Options::default() });
    let k = Contract::new();
    let anon = app.client.clone();

    // Public routes and first start.
    k.expect(&anon, "GET /api/health", &[], None, 200).await;
    k.expect(&anon, "GET /api/openapi.json", &[], None, 200).await;
    k.expect(&anon, "GET /api/auth/status", &[], None, 200).await;
    k.expect(&anon, "GET /api/settings", &[], None, 401).await;
    let admin_pw = "correct horse battery";
    let setup = k.expect(&anon, "POST /api/auth/setup", &[], Some(json!({ "username": "admin", "password": admin_pw })), 201).await;
    let a = anon.with_session_from(&setup);
    k.expect(&anon, "POST /api/auth/setup", &[], Some(json!({ "username": "again", "password": admin_pw })), 409).await;
    k.expect(&a, "GET /api/auth/status", &[], None, 200).await;
    k.expect(&anon, "POST /api/auth/login", &[], Some(json!({ "username": "admin", "password": "wrong password" })), 401).await;
    k.expect(&anon, "POST /api/auth/setup", &[], Some(json!({ "username": "x", "password": admin_pw, "extra": 1 })), 400).await;
    let login = k.expect(&anon, "POST /api/auth/login", &[], Some(json!({ "username": "admin", "password": admin_pw })), 200).await;
    let a2 = anon.with_session_from(&login);

    // Own account.
    k.expect(&a, "GET /api/users/me", &[], None, 200).await;
    k.expect(&a, "GET /api/auth/sessions", &[], None, 200).await;
    k.expect(&a2, "POST /api/auth/logout", &[], None, 204).await;
    let t1 = k.expect(&a, "POST /api/users/me/tokens", &[], Some(json!({ "name": "script" })), 201).await;
    k.expect(&a, "GET /api/users/me/tokens", &[], None, 200).await;
    k.expect(&a, "DELETE /api/users/me/tokens/{id}", &[&id(&t1)], None, 204).await;
    k.expect(&a, "GET /api/users/me/profile", &[], None, 200).await;
    k.expect(&a, "PATCH /api/users/me/profile", &[], Some(json!({ "about_me": "I like trains.", "language": "en" })), 200).await;
    k.expect(&a, "PATCH /api/users/me/profile", &[], Some(json!({ "language": "fr" })), 400).await;
    k.expect(&a, "GET /api/users/me/limits", &[], None, 200).await;

    // Administration.
    let bob = k.expect(&a, "POST /api/admin/users", &[], Some(json!({ "username": "bob", "password": "bob password" })), 201).await;
    let bob_id = bob.body["user"]["id"].as_str().unwrap().to_owned();
    k.expect(&a, "POST /api/admin/users", &[], Some(json!({ "username": "BOB", "password": "bob password" })), 409).await;
    k.expect(&a, "PATCH /api/admin/users/{id}", &[&bob_id], Some(json!({ "role": "member", "disabled": false })), 200).await;
    k.expect(&a, "PUT /api/admin/users/{id}/limits", &[&bob_id], Some(json!({ "max_chats": 5, "requests_per_window": { "requests": 100, "seconds": 60 }, "monthly_token_budget": null })), 200).await;
    k.expect(&a, "GET /api/admin/users/{id}/limits", &[&bob_id], None, 200).await;
    k.expect(&a, "GET /api/admin/context", &[], None, 200).await;
    let v1 = k.expect(&a, "POST /api/admin/context", &[], Some(json!({ "content": "We live in Lisbon." })), 201).await;
    k.expect(&a, "POST /api/admin/context", &[], Some(json!({ "content": "We live in Porto." })), 201).await;
    let v1 = v1.body["version"]["id"].as_str().unwrap().to_owned();
    k.expect(&a, "POST /api/admin/context/{id}/restore", &[&v1], None, 201).await;
    k.expect(&a, "GET /api/admin/context", &[], None, 200).await;
    k.expect(&a, "GET /api/admin/registration", &[], None, 200).await;
    k.expect(&anon, "POST /api/auth/register", &[], Some(json!({ "username": "carol", "password": "carol password" })), 403).await;
    k.expect(&a, "PUT /api/admin/registration", &[], Some(json!({ "mode": "open" })), 200).await;
    let carol = k.expect(&anon, "POST /api/auth/register", &[], Some(json!({ "username": "carol", "password": "carol password" })), 201).await;
    let carol_id = carol.body["user"]["id"].as_str().unwrap().to_owned();
    let invite = k.expect(&a, "POST /api/admin/invites", &[], Some(json!({ "expires_in_hours": 2 })), 201).await;
    k.expect(&a, "POST /api/admin/invites", &[], None, 201).await;
    k.expect(&a, "GET /api/admin/invites", &[], None, 200).await;
    k.expect(&a, "DELETE /api/admin/invites/{id}", &[invite.body["invite"]["id"].as_str().unwrap()], None, 204).await;
    k.expect(&a, "DELETE /api/admin/users/{id}", &[&carol_id], None, 204).await;
    let me = a.get("/api/users/me").await.unwrap().body["user"]["id"].as_str().unwrap().to_owned();
    k.expect(&a, "DELETE /api/admin/users/{id}", &[&me], None, 409).await;
    let recovered = k
        .expect(&anon, "POST /api/auth/recover", &[], Some(json!({ "token": RECOVERY, "username": "bob", "new_password": "bob password 2" })), 200)
        .await;
    assert_eq!(recovered.body["password_reset"], true);
    let b = anon.login("bob", "bob password 2").await.unwrap();
    k.expect(&b, "GET /api/admin/users", &[], None, 403).await;

    // Settings, connections, prompts.
    k.expect(&a, "GET /api/settings", &[], None, 200).await;
    k.expect(&b, "GET /api/settings", &[], None, 200).await;
    k.expect(&a, "PATCH /api/settings", &[], Some(json!({ "theme": "light", "allow_member_connections": true })), 200).await;
    k.expect(&a, "PATCH /api/settings", &[], Some(json!({ "theme": "pink" })), 400).await;
    k.expect(&a, "PATCH /api/settings", &[], Some(json!({ "openrouter_api_key": "sk-or-settings-key-1234" })), 200).await;
    k.expect(&a, "GET /api/settings/models", &[], None, 200).await;
    let mine = json!({ "kind": "compatible", "name": "Local", "base_url": app.fake.base_url(), "api_key": "sk-local-1234", "scope": "household" });
    let conn = k.expect(&a, "POST /api/settings/connections", &[], Some(mine.clone()), 201).await;
    let conn = id(&conn);
    k.expect(&a, "POST /api/settings/connections", &[], Some(json!({ "kind": "compatible", "base_url": "http://192.0.2.7:11434" })), 400).await;
    k.expect(&b, "POST /api/settings/connections", &[], Some(json!({ "kind": "compatible", "base_url": app.fake.base_url(), "scope": "personal" })), 201).await;
    k.expect(&a, "GET /api/settings/connections", &[], None, 200).await;
    k.expect(&b, "GET /api/settings/connections", &[], None, 200).await;
    let ok = k.expect(&a, "POST /api/settings/connections/test", &[], Some(mine), 200).await;
    assert_eq!(ok.body["ok"], true, "{}", ok.text);
    let bad = json!({ "kind": "compatible", "base_url": format!("{}/nothing-here", app.fake.base_url()) });
    let failed = k.expect(&a, "POST /api/settings/connections/test", &[], Some(bad), 200).await;
    assert_eq!(failed.body["ok"], false, "{}", failed.text);
    k.expect(&a, "PATCH /api/settings/connections/{id}", &[&conn], Some(json!({ "name": "Local box", "api_key": null })), 200).await;
    k.expect(&a, "POST /api/settings/connections/{id}/test", &[&conn], Some(json!({})), 200).await;
    k.expect(&a, "POST /api/settings/connections/{id}/test", &["default"], None, 200).await;
    k.expect(&b, "PATCH /api/settings/connections/{id}", &[&conn], Some(json!({ "name": "mine now" })), 403).await;
    k.expect(&a, "GET /api/settings/models?refresh=1", &[], None, 200).await;
    k.expect(&a, "GET /api/settings/prompts", &[], None, 200).await;
    let prompt = k.expect(&a, "POST /api/settings/prompts", &[], Some(json!({ "name": "Terse", "content": "Be brief." })), 201).await;
    let prompt = id(&prompt);
    k.expect(&a, "GET /api/settings/prompts/{id}", &[&prompt], None, 200).await;
    k.expect(&a, "PATCH /api/settings/prompts/{id}", &[&prompt], Some(json!({ "content": "Be very brief." })), 200).await;
    k.expect(&a, "GET /api/settings/prompts/{id}", &["00000000-0000-0000-0000-000000000000"], None, 404).await;

    // Conversations and messages.
    let c = k.expect(&a, "POST /api/conversations", &[], Some(json!({})), 201).await;
    let c = id(&c);
    let c2 = k
        .expect(&a, "POST /api/conversations", &[], Some(json!({ "model": "openai/gpt-4o-mini", "system_prompt_id": prompt, "connection_id": conn, "params": { "temperature": 0.5 } })), 201)
        .await;
    let c2 = id(&c2);
    k.expect(&a, "POST /api/conversations", &[], Some(json!({ "params": { "temperature": 7 } })), 400).await;
    let sent = k.stream(&a, "POST /api/conversations/{id}/messages", &[&c], json!({ "content": "Hello there [[think=1]]" })).await;
    assert!(sent.iter().any(|e| e["type"] == "reasoning"), "{sent:?}");
    let reply = sent[0]["message_id"].as_str().unwrap().to_owned();
    let user_msg = sent[0]["user_message_id"].as_str().unwrap().to_owned();
    let failed = k.stream(&a, "POST /api/conversations/{id}/messages", &[&c2], json!({ "content": "fail please [[status=401]]" })).await;
    assert!(failed.iter().any(|e| e["type"] == "error"), "{failed:?}");
    k.stream(&a, "POST /api/conversations/{id}/messages/{mid}/regenerate", &[&c, &reply], json!({})).await;
    k.stream(&a, "POST /api/conversations/{id}/messages", &[&c], json!({ "content": "Hello again", "parent_id": null })).await;
    k.expect(&a, "POST /api/conversations/{id}/messages", &[&c], Some(json!({ "content": "" })), 400).await;
    k.expect(&a, "POST /api/conversations/{id}/messages", &[&c], Some(json!({ "content": "x".repeat(100_001) })), 413).await;
    let r = a.raw("POST", &format!("/api/conversations/{c}/messages"), &[("content-type", "text/plain")], b"hi".to_vec()).await.unwrap();
    k.check("POST", "/api/conversations/{id}/messages", &r);
    assert_eq!(r.status, 415);
    k.expect(&a, "GET /api/conversations/{id}/messages/{mid}", &[&c, &reply], None, 200).await;
    k.expect(&a, "GET /api/conversations/{id}/messages/{mid}", &[&c, &user_msg], None, 200).await;
    k.expect(&a, "GET /api/conversations/{id}/messages?limit=2", &[&c], None, 200).await;
    k.expect(&a, "GET /api/conversations/{id}/messages?limit=0", &[&c], None, 400).await;
    let follow = k.expect(&a, "GET /api/conversations/{id}/messages/{mid}/stream?offset=3", &[&c, &reply], None, 200).await;
    k.check_events("GET", "/api/conversations/{id}/messages/{mid}/stream", &events_of(&follow.text));
    k.expect(&a, "GET /api/conversations/{id}/messages/{mid}/stream", &[&c, &user_msg], None, 400).await;
    k.expect(&a, "POST /api/conversations/{id}/messages/{mid}/activate", &[&c, &reply], Some(json!({ "limit": 10 })), 200).await;
    k.expect(&a, "POST /api/conversations/{id}/messages/{mid}/stop", &[&c, &reply], Some(json!({})), 409).await;
    // Stop a reply while it is generated.
    let mut held = a.stream(&format!("/api/conversations/{c2}/messages"), &json!({ "content": "one two three [[hold=2]]" })).await.unwrap().unwrap();
    let start = held.next().await.unwrap().unwrap();
    let streaming = start["message_id"].as_str().unwrap().to_owned();
    k.expect(&a, "POST /api/conversations/{id}/messages/{mid}/stop", &[&c2, &streaming], Some(json!({})), 202).await;
    app.fake.release();
    let mut rest = vec![start];
    rest.extend(held.collect().await.unwrap());
    k.check_events("POST", "/api/conversations/{id}/messages", &rest);
    k.expect(&a, "GET /api/conversations/{id}?limit=5", &[&c], None, 200).await;
    k.expect(&a, "GET /api/conversations/{id}", &[&c2], None, 200).await;
    k.expect(&a, "GET /api/conversations/{id}", &["00000000-0000-0000-0000-000000000000"], None, 404).await;

    // Pictures: upload (the bytes), read back (and 304), delete one never sent, send some.
    let up = k.raw(&a, "POST /api/images", &[], &[("content-type", "image/png")], PNG.to_vec(), 201).await;
    assert_eq!((up.body["content_type"].as_str(), up.body["width"].as_u64(), up.body["height"].as_u64()), (Some("image/png"), Some(4), Some(3)));
    let picture = id(&up);
    k.raw(&a, "POST /api/images", &[], &[("content-type", "image/png")], vec![], 400).await;
    k.raw(&a, "POST /api/images", &[], &[("content-type", "image/svg+xml")], b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(), 415).await;
    let mut huge = PNG.to_vec();
    huge.resize(nexus_core::images::MAX_IMAGE_BYTES + 1, 0);
    k.raw(&a, "POST /api/images", &[], &[("content-type", "image/png")], huge, 413).await;
    let got = k.raw(&a, "GET /api/images/{id}", &[&picture], &[], vec![], 200).await;
    assert_eq!((got.headers["content-type"].to_str().unwrap(), got.bytes.as_slice()), ("image/png", PNG));
    let etag = got.headers["etag"].to_str().unwrap().to_owned();
    k.raw(&a, "GET /api/images/{id}", &[&picture], &[("if-none-match", &etag)], vec![], 304).await;
    k.expect(&b, "GET /api/images/{id}", &[&picture], None, 404).await;
    let gif = k.raw(&a, "POST /api/images", &[], &[("content-type", "image/gif")], GIF.to_vec(), 201).await;
    assert_eq!(gif.body["content_type"], "image/gif");
    k.expect(&a, "DELETE /api/images/{id}", &[&id(&gif)], None, 204).await;
    k.expect(&a, "DELETE /api/images/{id}", &[&id(&gif)], None, 404).await;
    // A model that takes pictures (the fake's listing says so); the outbox's client_id.
    let client_id = "3f0c1a52-7d4e-4b8a-9c1e-2a6f5b7d8e90";
    let with_picture = json!({ "images": [picture], "client_id": client_id, "model": VISION_MODEL });
    let sent = k.stream(&a, "POST /api/conversations/{id}/messages", &[&c], with_picture.clone()).await;
    let pictured = sent[0]["user_message_id"].as_str().unwrap().to_owned();
    let m = k.expect(&a, "GET /api/conversations/{id}/messages/{mid}", &[&c, &pictured], None, 200).await;
    assert_eq!((m.body["parts"][0]["type"].as_str(), m.body["parts"][0]["image_id"].as_str()), (Some("image"), Some(picture.as_str())), "{}", m.text);
    assert_eq!(m.body["client_id"], client_id);
    let dup = k.expect(&a, "POST /api/conversations/{id}/messages", &[&c], Some(with_picture), 409).await;
    assert_eq!((dup.body["code"].as_str(), dup.body["message_id"].as_str()), (Some("duplicate"), Some(pictured.as_str())));
    k.expect(&a, "DELETE /api/images/{id}", &[&picture], None, 409).await;
    let blind = json!({ "content": "and this?", "images": [picture], "model": TEXT_MODEL });
    let r = k.expect(&a, "POST /api/conversations/{id}/messages", &[&c], Some(blind), 400).await;
    assert_eq!(r.body["code"], "images_not_supported");
    let five = json!({ "content": "many", "images": [picture, picture, picture, picture, picture] });
    let r = k.expect(&a, "POST /api/conversations/{id}/messages", &[&c], Some(five), 413).await;
    assert_eq!(r.body["code"], "too_many_images");
    k.expect(&a, "POST /api/conversations/{id}/messages", &[&c], Some(json!({ "images": [], "content": " " })), 400).await;
    k.expect(&a, "GET /api/conversations/{id}/messages", &[&c], None, 200).await;

    // Library.
    let folder = k.expect(&a, "POST /api/folders", &[], Some(json!({ "name": "Trips" })), 201).await;
    let folder = id(&folder);
    k.expect(&a, "POST /api/folders", &[], Some(json!({ "name": "trips" })), 409).await;
    k.expect(&a, "PATCH /api/folders/{id}", &[&folder], Some(json!({ "name": "Travel" })), 200).await;
    k.expect(&a, "PATCH /api/conversations/{id}", &[&c], Some(json!({ "title": "Greetings", "folder_id": folder, "pinned": true, "tags": ["Work", "hello"] })), 200).await;
    k.expect(&a, "PATCH /api/conversations/{id}", &[&c2], Some(json!({ "system_prompt_id": null, "connection_id": null, "params": {}, "archived": true })), 200).await;
    k.expect(&a, "PATCH /api/conversations/{id}", &[&c2], Some(json!({ "colour": "red" })), 400).await;
    k.expect(&a, "GET /api/conversations", &[], None, 200).await;
    k.expect(&a, "GET /api/conversations?limit=1&archived=true", &[], None, 200).await;
    k.expect(&a, &format!("GET /api/conversations?folder={folder}&tag=work"), &[], None, 200).await;
    k.expect(&a, "GET /api/conversations?cursor=nonsense", &[], None, 400).await;
    k.expect(&a, "POST /api/conversations/bulk", &[], Some(json!({ "ids": [c2], "action": "unarchive" })), 200).await;
    k.expect(&a, "POST /api/conversations/bulk", &[], Some(json!({ "ids": [c2], "action": "move", "folder_id": null })), 200).await;
    k.expect(&a, "POST /api/conversations/bulk", &[], Some(json!({ "ids": [], "action": "pin" })), 400).await;
    k.expect(&a, "GET /api/folders", &[], None, 200).await;
    k.expect(&a, "GET /api/tags", &[], None, 200).await;
    k.expect(&a, "GET /api/search?q=hello", &[], None, 200).await;
    k.expect(&a, "GET /api/search?q=hel&sort=newest&archived=include&limit=5&offset=0&from=2020-01-01&to=2099-12-31", &[], None, 200).await;
    k.expect(&a, "GET /api/search?q=hello&limit=500", &[], None, 400).await;
    k.expect(&a, "GET /api/templates", &[], None, 200).await;
    let template = k.expect(&a, "POST /api/templates", &[], Some(json!({ "name": "Summarise", "content": "Summarise {{text}} for {{ reader }}", "scope": "household" })), 201).await;
    let template = id(&template);
    k.expect(&b, "GET /api/templates", &[], None, 200).await;
    k.expect(&b, "PATCH /api/templates/{id}", &[&template], Some(json!({ "name": "mine" })), 403).await;
    k.expect(&a, "PATCH /api/templates/{id}", &[&template], Some(json!({ "content": "Summarise {{text}}" })), 200).await;
    let share = k.expect(&a, "POST /api/shares", &[], Some(json!({ "conversation_id": c, "expires_in_days": 7 })), 201).await;
    k.expect(&a, "POST /api/shares", &[], Some(json!({ "conversation_id": c })), 201).await;
    k.expect(&a, "GET /api/shares", &[], None, 200).await;
    k.expect(&a, &format!("GET /api/shares?conversation_id={c}"), &[], None, 200).await;
    let token = share.body["token"].as_str().unwrap().to_owned();
    let snapshot = k.expect(&anon, "GET /api/shared/{token}", &[&token], None, 200).await;
    assert!(snapshot.text.contains(&picture), "the snapshot has the picture's part: {}", snapshot.text);
    let shared = k.raw(&anon, "GET /api/shared/{token}/images/{image_id}", &[&token, &picture], &[], vec![], 200).await;
    assert_eq!((shared.headers["content-type"].to_str().unwrap(), shared.bytes.as_slice()), ("image/png", PNG));
    assert_eq!(shared.headers["x-robots-tag"], "noindex");
    k.raw(&anon, "GET /api/shared/{token}/images/{image_id}", &[&token, &picture], &[("if-none-match", &etag)], vec![], 304).await;
    let unsent = id(&k.raw(&a, "POST /api/images", &[], &[("content-type", "image/png")], PNG.to_vec(), 201).await);
    k.expect(&anon, "GET /api/shared/{token}/images/{image_id}", &[&token, &unsent], None, 404).await;
    k.expect(&anon, "GET /api/shared/{token}/images/{image_id}", &["no-such-token", &picture], None, 404).await;
    k.expect(&anon, "GET /api/shared/{token}", &["no-such-token"], None, 404).await;
    k.expect(&a, "DELETE /api/shares/{id}", &[&id(&share)], None, 204).await;
    let export = k.expect(&a, "GET /api/export", &[], None, 200).await;
    assert!(export.text.contains("\"images\":[{"), "the export carries the picture");
    k.expect(&a, "GET /api/export/{id}", &[&c], None, 200).await;
    let md = k.expect(&a, "GET /api/export/{id}?format=markdown", &[&c], None, 200).await;
    assert!(md.headers["content-type"].to_str().unwrap().starts_with("text/markdown"), "{:?}", md.headers);
    k.expect(&a, "GET /api/export/{id}?format=pdf", &[&c], None, 400).await;
    k.expect(&b, "POST /api/import", &[], Some(export.body.clone()), 200).await;
    k.expect(&b, "POST /api/import", &[], Some(json!({ "not": "an export" })), 400).await;
    let chatgpt = json!([{ "title": "From ChatGPT", "create_time": 1_700_000_000.0, "current_node": "n2", "mapping": {
        "n1": { "id": "n1", "parent": null, "children": ["n2"], "message": { "id": "n1", "author": { "role": "user" }, "create_time": 1_700_000_000.0, "content": { "content_type": "text", "parts": ["Hi"] } } },
        "n2": { "id": "n2", "parent": "n1", "children": [], "message": { "id": "n2", "author": { "role": "assistant" }, "create_time": 1_700_000_001.0, "content": { "content_type": "text", "parts": ["Hello"] } } } } }]);
    k.expect(&b, "POST /api/import", &[], Some(chatgpt), 200).await;
    k.expect(&a, "GET /api/users/me/usage", &[], None, 200).await;
    k.expect(&a, "GET /api/users/me/usage?month=2026-13", &[], None, 400).await;
    k.expect(&a, &format!("GET /api/admin/users/{{id}}/usage?month={}", &export.body["exported_at"].as_str().unwrap()[..7]), &[&bob_id], None, 200).await;
    k.expect(&a, "GET /api/admin/users", &[], None, 200).await;
    k.expect(&a, "POST /api/auth/sessions/revoke-others", &[], Some(json!({})), 200).await;
    k.expect(&a, "POST /api/users/me/password", &[], Some(json!({ "current_password": "wrong", "new_password": "another password" })), 403).await;
    k.expect(&a, "POST /api/users/me/password", &[], Some(json!({ "current_password": admin_pw, "new_password": "another password" })), 204).await;
    let backup = k.expect(&a, "GET /api/admin/backup", &[], None, 200).await;
    assert!(!backup.body["tables"]["images"]["rows"].as_array().unwrap().is_empty(), "the backup holds the pictures");

    // Deleting.
    k.expect(&a, "DELETE /api/templates/{id}", &[&template], None, 204).await;
    k.expect(&a, "DELETE /api/folders/{id}", &[&folder], None, 204).await;
    k.expect(&a, "DELETE /api/settings/prompts/{id}", &[&prompt], None, 204).await;
    let default_prompt = a.get("/api/settings/prompts").await.unwrap().body["prompts"][0]["id"].as_str().unwrap().to_owned();
    k.expect(&a, "DELETE /api/settings/prompts/{id}", &[&default_prompt], None, 409).await;
    k.expect(&a, "DELETE /api/settings/connections/{id}", &[&conn], None, 204).await;
    k.expect(&a, "DELETE /api/conversations/{id}/messages/{mid}", &[&c, &user_msg], None, 204).await;
    k.expect(&a, "DELETE /api/conversations/{id}", &[&c2], None, 204).await;
    let sessions = a.get("/api/auth/sessions").await.unwrap();
    let other = a.login("admin", "another password").await.unwrap();
    let other_session = common::current_session_id(&other).await;
    assert!(sessions.status == 200);
    k.expect(&a, "DELETE /api/auth/sessions/{id}", &[&other_session], None, 204).await;
    let r = a.raw("PUT", "/api/settings", &[("content-type", "application/json")], b"{}".to_vec()).await.unwrap();
    k.check("PUT", "/api/settings", &r);
    assert_eq!((r.status, r.headers["allow"].to_str().unwrap()), (405, "GET, PATCH"));

    // Restore, into an instance with no accounts.
    let fresh = App::start(t, Options { signed_in: false, ..Options::default() });
    let restored = k.expect(&fresh.client, "POST /api/restore", &[], Some(backup.body), 200).await;
    assert!(restored.body["restored"]["users"].as_i64() >= Some(2), "{}", restored.text);
    assert!(restored.body["restored"]["images"].as_i64() >= Some(1), "the pictures are restored: {}", restored.text);
    k.expect(&fresh.client, "POST /api/restore", &[], Some(json!({})), 409).await;

    let left = k.unexercised();
    assert!(left.is_empty(), "documented operations this walk never saw answer 2xx (call them above): {left:?}");
}
