//! The end-to-end harness: a fake provider plus Nexus, either on the native test host
//! (always) or on real `spin up` (when `spin` is on PATH), each with a fresh database.

#![allow(dead_code)]

use nexus_testhost::client::Client;
use nexus_testhost::fake_upstream::FakeUpstream;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    TestHost,
    Spin,
}

pub struct Options {
    /// `openrouter_api_key` variable (None: unset).
    pub api_key: Option<&'static str>,
    pub cors: Option<&'static str>,
    /// Create the admin account at start and sign `client` in as them (default), or
    /// leave the instance at first start with an anonymous client.
    pub signed_in: bool,
    /// `guest_rate_limit` (the suite signs in often from one address).
    pub guest_rate_limit: &'static str,
    /// `redis://…`: the key-value store on Redis (Spin only) instead of a file.
    pub kv_redis: Option<String>,
    /// `recovery_token` (unset by default, as in spin.toml).
    pub recovery_token: Option<&'static str>,
    /// `encryption_key` (set by default: Settings can store a key).
    pub encryption_key: Option<&'static str>,
}

/// The harness's master key (32 bytes of base64).
pub const TEST_ENCRYPTION_KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

impl Default for Options {
    fn default() -> Self {
        Options { api_key: Some("sk-or-variable-key-9876"), cors: None, signed_in: true, guest_rate_limit: "1000/60", kv_redis: None, recovery_token: None, encryption_key: Some(TEST_ENCRYPTION_KEY) }
    }
}

/// The admin account the harness creates.
pub const ADMIN: (&str, &str) = ("admin", "correct horse battery");

pub struct App {
    pub target: Target,
    pub fake: FakeUpstream,
    pub client: Client,
    pub db_path: PathBuf,
    dir: PathBuf,
    vars: HashMap<String, String>,
    spin: Option<Child>,
    kv_redis: Option<String>,
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

pub fn spin_available() -> bool {
    Command::new("spin").arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

fn temp_dir() -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("nexus-e2e-{}-{n}-{}", std::process::id(), Instant::now().elapsed().as_nanos()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

impl App {
    pub fn start(target: Target, opts: Options) -> App {
        let fake = FakeUpstream::start("127.0.0.1:0".parse().unwrap()).expect("fake upstream");
        let dir = temp_dir();
        let db_path = dir.join("nexus.db");
        let mut vars = HashMap::new();
        vars.insert("openrouter_base_url".to_string(), fake.base_url());
        vars.insert("openrouter_allowed_host".to_string(), format!("http://{}", fake.addr));
        vars.insert("openrouter_api_key".to_string(), opts.api_key.unwrap_or("").to_string());
        vars.insert("guest_rate_limit".to_string(), opts.guest_rate_limit.to_string());
        if let Some(k) = opts.encryption_key {
            vars.insert("encryption_key".to_string(), k.to_string());
        }
        if let Some(t) = opts.recovery_token {
            vars.insert("recovery_token".to_string(), t.to_string());
        }
        if let Some(c) = opts.cors {
            vars.insert("cors_allowed_origins".to_string(), c.to_string());
        }
        let mut app = App { target, fake, client: Client::new(""), db_path, dir, vars, spin: None, kv_redis: opts.kv_redis.clone() };
        app.boot();
        if opts.signed_in {
            app.client.cookie = Some(blocking_setup(&app.client.base));
        }
        app
    }

    fn boot(&mut self) {
        let cookie = self.client.cookie.take();
        self.boot_server();
        self.client.cookie = cookie;
    }

    fn boot_server(&mut self) {
        match self.target {
            Target::TestHost => {
                let addr = nexus_testhost::server::start_in_thread(
                    repo_root().join("spin.toml"),
                    self.db_path.clone(),
                    self.vars.clone(),
                    "127.0.0.1:0".parse().unwrap(),
                )
                .expect("test host");
                self.client = Client::new(format!("http://{addr}"));
            }
            Target::Spin => {
                let port = free_port();
                let rc = self.dir.join("runtime-config.toml");
                let kv = match &self.kv_redis {
                    Some(url) => format!("[key_value_store.default]\ntype = \"redis\"\nurl = {url:?}\n"),
                    None => format!("[key_value_store.default]\ntype = \"spin\"\npath = {:?}\n", self.dir.join("kv.db").display().to_string()),
                };
                std::fs::write(&rc, format!("[sqlite_database.default]\ntype = \"spin\"\npath = {:?}\n{kv}", self.db_path.display().to_string()))
                    .expect("runtime config");
                let mut cmd = Command::new("spin");
                // Its own process group: `spin up` runs the HTTP trigger as a child process,
                // which must be stopped with it.
                std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
                cmd.arg("up")
                    .arg("--from")
                    .arg(repo_root().join("spin.toml"))
                    .arg("--listen")
                    .arg(format!("127.0.0.1:{port}"))
                    .arg("--runtime-config-file")
                    .arg(&rc)
                    .args(crate::common::SPIN_UP_FLAGS)
                    // The components' stdout/stderr, per test (read by `server_log`).
                    .arg("--log-dir")
                    .arg(self.dir.join("logs"))
                    .current_dir(&self.dir)
                    .stdout(Stdio::from(std::fs::File::create(self.dir.join("spin.log")).unwrap()))
                    .stderr(Stdio::from(std::fs::File::create(self.dir.join("spin.err")).unwrap()));
                for (k, v) in &self.vars {
                    cmd.env(format!("SPIN_VARIABLE_{}", k.to_uppercase()), v);
                }
                self.spin = Some(cmd.spawn().expect("spin up"));
                self.client = Client::new(format!("http://127.0.0.1:{port}"));
                let deadline = Instant::now() + Duration::from_secs(60);
                loop {
                    if health_ok(port) {
                        break;
                    }
                    if Instant::now() > deadline {
                        let err = std::fs::read_to_string(self.dir.join("spin.err")).unwrap_or_default();
                        panic!("spin up did not become healthy: {err}");
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
    }

    /// Sets a variable for the next [`App::restart`] (empty: unset).
    pub fn set_var(&mut self, name: &str, value: &str) {
        self.vars.insert(name.to_string(), value.to_string());
    }

    /// Stops the server and starts it again on the same database.
    pub fn restart(&mut self) {
        self.stop_spin();
        self.boot();
    }

    /// Stops `spin up` and its trigger process (the whole process group).
    fn stop_spin(&mut self) {
        if let Some(mut child) = self.spin.take() {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
            let _ = child.wait();
        }
    }

    /// What `spin up` wrote to stdout and stderr (Spin only; the test host's log is the
    /// test's own output).
    pub fn server_log(&self) -> String {
        let mut log: String = ["spin.log", "spin.err"].iter().map(|f| std::fs::read_to_string(self.dir.join(f)).unwrap_or_default()).collect();
        for entry in std::fs::read_dir(self.dir.join("logs")).into_iter().flatten().flatten() {
            log.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
        log
    }

    /// Opens the database file directly (to set up states no API call can produce).
    pub fn sqlite(&self) -> rusqlite::Connection {
        let c = rusqlite::Connection::open(&self.db_path).expect("open db");
        c.busy_timeout(Duration::from_secs(5)).unwrap();
        c
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.stop_spin();
        if std::env::var_os("NEXUS_E2E_KEEP").is_some() {
            eprintln!("kept {}", self.dir.display()); // the database and spin's logs, to look at
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A blocking `GET /api/health` (the harness may run inside a runtime already).
fn health_ok(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    if s.write_all(b"GET /api/health HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n").is_err() {
        return false;
    }
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.starts_with("HTTP/1.1 200")
}

/// Creates the [`ADMIN`] account with a blocking request (the harness may run inside a
/// runtime already); returns the session cookie (`nexus_session=…`).
fn blocking_setup(base: &str) -> String {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let body = serde_json::json!({ "username": ADMIN.0, "password": ADMIN.1 }).to_string();
    let mut s = std::net::TcpStream::connect(addr).expect("connect for setup");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "POST /api/auth/setup HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    assert!(out.starts_with("HTTP/1.1 201"), "setup failed: {out}");
    out.lines()
        .filter_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie")).map(|(_, v)| v.trim()))
        .find_map(|c| c.split(';').next().filter(|p| p.starts_with("nexus_session=")).map(str::to_owned))
        .expect("a session cookie")
}

/// The id of the session `client` signs in with (`current` in its list of sessions).
pub async fn current_session_id(client: &Client) -> String {
    let r = client.get("/api/auth/sessions").await.expect("GET /api/auth/sessions");
    r.body["sessions"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["current"] == true))
        .and_then(|s| s["id"].as_str())
        .unwrap_or_else(|| panic!("no current session in {}", r.text))
        .to_owned()
}

/// The flags the README's run command passes to `spin up` (see README "Run").
pub const SPIN_UP_FLAGS: &[&str] = &["--idle-instance-timeout", "600s", "--max-instance-reuse-count", "1000000000"];

/// Polls `f` until it returns Some, or panics after `secs`.
pub async fn eventually<T, F, Fut>(secs: u64, what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        if Instant::now() > deadline {
            panic!("timed out waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Defines each test twice: on the test host, and on real Spin. Where `spin` is not on
/// PATH (at build time: see build.rs) the Spin variants are ignored, so the summary
/// counts them as skipped, never as passed.
#[macro_export]
macro_rules! e2e {
    ($($name:ident),* $(,)?) => {
        mod on_testhost {
            $(#[test] fn $name() { nexus_testhost::server::run_local(super::$name($crate::common::Target::TestHost)); })*
        }
        mod on_spin {
            $(#[test]
            #[cfg_attr(not(spin_available), ignore = "spin is not on PATH")]
            fn $name() {
                assert!($crate::common::spin_available(), "spin was on PATH when the tests were built, but is not now");
                nexus_testhost::server::run_local(super::$name($crate::common::Target::Spin));
            })*
        }
    };
}
