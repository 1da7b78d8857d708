//! Streaming benchmark: time to first token and per-chunk delay through Nexus vs.
//! directly against the fake provider, at 1, 20 and 50 concurrent streams.
//!
//! `nexus-bench` starts its own fake provider and test host (release build recommended).
//! `nexus-bench --app http://127.0.0.1:3000 --fake http://127.0.0.1:4010` measures a
//! running Nexus (e.g. real `spin up` pointed at that fake) instead; `--pids 1,2` (the
//! server's processes: `spin up` and its trigger) adds their CPU time per reply
//! (utime + stime from /proc, over the app runs only) and their resident memory.

mod library;

use nexus_testhost::client::Client;
use nexus_testhost::fake_upstream::FakeUpstream;
use nexus_testhost::platform::send_http1;
use nexus_core::platform::BodyStream;
use serde_json::json;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The fake's pause before each piece after the first (role chunk, each content chunk).
const CHUNK_DELAY_MS: u64 = 5;
/// The fake's pause before its first piece (with the role chunk: ~20 ms to the first token).
const FIRST_DELAY_MS: u64 = 10;
/// Content chunks per reply (the reply is "You said: bench" plus filler words): 200.
const FILLER_WORDS: usize = 197;

/// CPU time (utime + stime) of the processes, in milliseconds; their RSS in MB.
fn proc_usage(pids: &[u32]) -> (f64, f64) {
    let tick = 100.0; // USER_HZ on Linux
    let mut cpu = 0.0;
    let mut rss = 0.0;
    for pid in pids {
        if let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            // Fields after the command name (which is in parentheses and may hold spaces).
            let rest: Vec<&str> = stat.rsplit_once(')').map(|(_, r)| r.split_whitespace().collect()).unwrap_or_default();
            let field = |i: usize| rest.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
            cpu += (field(11) + field(12)) / tick * 1000.0; // utime, stime (fields 14, 15)
        }
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            if let Some(kb) = status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok()) {
                rss += kb / 1024.0;
            }
        }
    }
    (cpu, rss)
}

/// Wasm instances alive in `pids` (Spin's trigger): each maps its memory image once
/// (`/memfd:wasm-memory-image` in /proc/<pid>/maps), whatever its component.
fn instances(pids: &[u32]) -> usize {
    pids.iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/maps")).ok())
        .map(|maps| maps.lines().filter(|l| l.contains("wasm-memory-image")).count())
        .sum()
}

struct Sample {
    /// Request sent → response headers (Nexus: the handler's work before streaming).
    headers: Duration,
    ttft: Duration,
    /// Arrival of each content chunk after the first one.
    offsets: Vec<Duration>,
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let idx = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[idx]
}

/// The session cookie of the bench's account on the app (set once in `main`).
static SESSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
/// The bench's account (made with first-run setup on a fresh instance).
const BENCH_USER: (&str, &str) = ("bench", "bench password 1");

/// A client for `url`, signed in as the bench's account (the floor ignores the cookie).
fn app_client(url: &str) -> Client {
    Client { cookie: SESSION.get().cloned(), ..Client::new(url) }
}

/// Signs the bench in: first-run setup on a fresh instance, else a login.
async fn sign_in(app_url: &str) -> anyhow::Result<()> {
    let c = Client::new(app_url);
    let signed = match c.setup_admin(BENCH_USER.0, BENCH_USER.1).await {
        Ok(s) => s,
        Err(_) => c.login(BENCH_USER.0, BENCH_USER.1).await?,
    };
    let _ = SESSION.set(signed.cookie.ok_or_else(|| anyhow::anyhow!("no session cookie"))?);
    Ok(())
}

/// What authentication adds to a request, and what one sign-in costs: `GET
/// /api/users/me` with the session cookie (routing, the database handle, the session
/// lookup: one SELECT by the token's SHA-256, and a small JSON answer) against the same
/// request without it (routing, the database handle, 401): the difference is the
/// session check. Interleaved, one at a time, 300 each. Then 20 sign-ins (argon2id).
async fn auth_cost(app_url: &str) -> anyhow::Result<()> {
    let signed = app_client(app_url);
    let anon = Client::new(app_url);
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for i in 0..330 {
        let t = Instant::now();
        let r = signed.get("/api/users/me").await?;
        let a = t.elapsed().as_secs_f64() * 1000.0;
        anyhow::ensure!(r.status == 200, "me: {} {}", r.status, r.text);
        let t = Instant::now();
        let r = anon.get("/api/users/me").await?;
        let b = t.elapsed().as_secs_f64() * 1000.0;
        anyhow::ensure!(r.status == 401, "me without a session: {}", r.status);
        if i >= 30 {
            with.push(a);
            without.push(b);
        }
    }
    let mut diffs: Vec<f64> = with.iter().zip(&without).map(|(a, b)| a - b).collect();
    println!("\nAuthentication (GET /api/users/me with vs without the session cookie, 300 each, one at a time)");
    println!(
        "  with: median {:.3} / p99 {:.3} ms; without: median {:.3} / p99 {:.3} ms; added by the session check: median {:.3} / p99 {:.3} ms",
        pct(&mut with, 50.0),
        pct(&mut with, 99.0),
        pct(&mut without, 50.0),
        pct(&mut without, 99.0),
        pct(&mut diffs, 50.0),
        pct(&mut diffs, 99.0)
    );
    let mut logins = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        anon.login(BENCH_USER.0, BENCH_USER.1).await?;
        logins.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!("  sign-in (POST /api/auth/login, argon2id m=9 MiB t=4): median {:.1} / p90 {:.1} ms (20, one at a time)", pct(&mut logins, 50.0), pct(&mut logins, 90.0));
    Ok(())
}

/// A new conversation with one finished exchange (and its title), so the replies
/// measured are follow-ups: the common case (a new chat adds a create request and a
/// title request; `new_chat_cost` measures that separately).
async fn conversation_with_history(app: &Client, content: &str) -> anyhow::Result<String> {
    let c = app.send_json("POST", "/api/conversations", &json!({})).await?;
    let id = c.body["id"].as_str().ok_or_else(|| anyhow::anyhow!("no id: {}", c.text))?.to_owned();
    through_app(app, &id, content).await?;
    Ok(id)
}

/// One streamed reply through Nexus: send into conversation `id`, time the deltas.
async fn through_app(app: &Client, id: &str, content: &str) -> anyhow::Result<Sample> {
    let t0 = Instant::now();
    let mut reader = app
        .stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": content }))
        .await?
        .map_err(|r| anyhow::anyhow!("{} {}", r.status, r.text))?;
    let headers = t0.elapsed();
    let mut times = Vec::new();
    while let Some(ev) = reader.next().await? {
        if ev["type"] == "delta" {
            times.push(t0.elapsed());
        }
        if ev["type"] == "done" || ev["type"] == "error" {
            break;
        }
    }
    sample(headers, times)
}

/// The same reply straight from the fake provider (parsing its SSE the same way).
async fn direct(fake_base: &str, content: &str) -> anyhow::Result<Sample> {
    let body = json!({ "model": "bench/model", "stream": true, "messages": [{ "role": "user", "content": content }] });
    let req = http::Request::post(format!("{fake_base}/chat/completions"))
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&body)?)?;
    let t0 = Instant::now();
    let resp = send_http1(req).await?;
    let headers = t0.elapsed();
    let mut b = resp.into_body();
    let mut parser = nexus_core::provider::StreamParser::new(nexus_core::provider::Protocol::OpenAi);
    let mut times = Vec::new();
    while let Some(chunk) = b.next_chunk().await {
        for ev in parser.push(&chunk?) {
            if matches!(ev, nexus_core::provider::StreamEvent::Delta(_)) {
                times.push(t0.elapsed());
            }
        }
    }
    sample(headers, times)
}

fn sample(headers: Duration, times: Vec<Duration>) -> anyhow::Result<Sample> {
    let first = *times.first().ok_or_else(|| anyhow::anyhow!("no deltas"))?;
    Ok(Sample { headers, ttft: first, offsets: times.iter().map(|t| *t - first).collect() })
}

fn bench_content() -> String {
    format!("bench [[delay={CHUNK_DELAY_MS} first={FIRST_DELAY_MS} words={FILLER_WORDS}]]")
}

/// `rounds` rounds of `concurrency` replies started at once: through Nexus, each into
/// its own conversation (taking `convs` in turn, so every run adds about as much
/// history to each: a few exchanges), or straight from the fake.
async fn run(concurrency: usize, rounds: usize, app: Option<(&str, &[String])>, fake: &str) -> anyhow::Result<Vec<Sample>> {
    let content = bench_content();
    let mut out = Vec::new();
    for round in 0..rounds {
        let mut set = tokio::task::JoinSet::new();
        for i in 0..concurrency {
            let app = app.map(|(a, convs)| (a.to_owned(), convs[(round * concurrency + i) % convs.len()].clone()));
            let (fake, content) = (fake.to_owned(), content.clone());
            set.spawn_local(async move {
                match app {
                    Some((a, id)) => through_app(&app_client(&a), &id, &content).await,
                    None => direct(&fake, &content).await,
                }
            });
        }
        while let Some(r) = set.join_next().await {
            out.push(r??);
        }
    }
    Ok(out)
}

/// `n` conversations with history, made `n` at a time.
async fn conversations(app: &str, n: usize) -> anyhow::Result<Vec<String>> {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..n {
        let a = app.to_owned();
        set.spawn_local(async move { conversation_with_history(&app_client(&a), &bench_content()).await });
    }
    let mut ids = Vec::new();
    while let Some(r) = set.join_next().await {
        ids.push(r??);
    }
    // Let the title requests that follow each first reply finish.
    tokio::time::sleep(Duration::from_millis(500)).await;
    Ok(ids)
}

/// The first message of a new chat, one at a time: create, send, and the title request
/// that follows the reply (CPU per new chat; `--pids` needed).
async fn new_chat_cost(app: &str, pids: &[u32]) -> anyhow::Result<()> {
    const N: usize = 20;
    let (cpu0, _) = proc_usage(pids);
    let mut ttft = Vec::new();
    for _ in 0..N {
        let client = app_client(app);
        let c = client.send_json("POST", "/api/conversations", &json!({})).await?;
        let id = c.body["id"].as_str().ok_or_else(|| anyhow::anyhow!("no id: {}", c.text))?.to_owned();
        ttft.push(through_app(&client, &id, &bench_content()).await?.ttft.as_secs_f64() * 1000.0);
        // The title request runs after `done`; the fake answers it at once.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let c = client.get(&format!("/api/conversations/{id}")).await?;
        anyhow::ensure!(c.body["conversation"]["title"] != json!("New chat"), "no title after 300 ms: {}", c.text);
    }
    let (cpu1, _) = proc_usage(pids);
    println!(
        "\nNew chat, one at a time ({N}): create + first reply + its title request (+ one GET to check the title)\n  TTFT median {:.2} ms; CPU per new chat {:.1} ms",
        pct(&mut ttft, 50.0),
        (cpu1 - cpu0) / N as f64
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let mut app_url: Option<String> = None;
    let mut fake_url: Option<String> = None;
    let mut db_path: Option<std::path::PathBuf> = None;
    let mut pids: Vec<u32> = Vec::new();
    // --floor URL: Spin's floor (bench/floor) measured beside Nexus in the same run;
    // --floor-pids: its processes.
    let mut floor_url: Option<String> = None;
    let mut floor_pids: Vec<u32> = Vec::new();
    // --only N: just the N-streams run (for profiling).
    let mut only: Option<usize> = None;
    // --library: only the search and list benchmark (bench_library.rs).
    let mut library = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--app" => app_url = args.next(),
            "--fake" => fake_url = args.next(),
            "--db" => db_path = args.next().map(Into::into),
            "--floor" => floor_url = args.next(),
            "--floor-pids" => floor_pids = args.next().unwrap_or_default().split(',').filter_map(|p| p.trim().parse().ok()).collect(),
            "--only" => only = args.next().and_then(|v| v.parse().ok()),
            "--library" => library = true,
            "--pids" => pids = args.next().unwrap_or_default().split(',').filter_map(|p| p.trim().parse().ok()).collect(),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let mut _keep = None;
    let (app_url, fake_base) = match (app_url, fake_url) {
        (Some(a), Some(f)) => (a, format!("{}/v1", f.trim_end_matches('/').trim_end_matches("/v1"))),
        (None, None) => {
            let fake = FakeUpstream::start("127.0.0.1:0".parse()?)?;
            // NEXUS_BENCH_DB_DIR: where the database goes (default: the temp dir, on disk).
            let base = std::env::var("NEXUS_BENCH_DB_DIR").map(std::path::PathBuf::from).unwrap_or_else(|_| std::env::temp_dir());
            let dir = base.join(format!("nexus-bench-{}", std::process::id()));
            println!("database: {}", dir.join("nexus.db").display());
            std::fs::create_dir_all(&dir)?;
            let mut vars = HashMap::new();
            vars.insert("openrouter_base_url".into(), fake.base_url());
            vars.insert("openrouter_api_key".into(), "sk-bench-0000000000".into());
            // The bench signs in more often than a person would from one address.
            vars.insert("guest_rate_limit".into(), "1000/60".into());
            let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spin.toml");
            db_path = Some(dir.join("nexus.db"));
            let addr = nexus_testhost::server::start_in_thread(manifest, dir.join("nexus.db"), vars, "127.0.0.1:0".parse()?)?;
            let base = fake.base_url();
            _keep = Some(fake);
            (format!("http://{addr}"), base)
        }
        _ => anyhow::bail!("give both --app and --fake, or neither"),
    };
    println!("Nexus streaming benchmark: app {app_url}, fake provider {fake_base}");
    println!("fake: first piece after {FIRST_DELAY_MS} ms, then a chunk every {CHUNK_DELAY_MS} ms; {} content chunks per reply\n", FILLER_WORDS + 3);
    if !pids.is_empty() {
        let (_, rss) = proc_usage(&pids);
        println!("server RSS after start: {rss:.1} MB (processes {pids:?})");
        if !floor_pids.is_empty() {
            let (_, frss) = proc_usage(&floor_pids);
            println!("floor RSS after start: {frss:.1} MB (processes {floor_pids:?})");
        }
        println!();
    }
    println!("{:>7} {:>7} | {:>22} | {:>30} | {:>24} | {:>9} | {:>8}", "streams", "samples", "TTFT direct med/p99 ms", "TTFT app med/p90/p99 ms", "added TTFT med/p90 ms", "batched", "CPU/reply ms");
    nexus_testhost::server::run_local(async {
        sign_in(&app_url).await?;
        if library {
            let db = db_path.as_ref().ok_or_else(|| anyhow::anyhow!("--library needs --db (the app's database file)"))?;
            return library::run(&app_url, db).await;
        }
        // Warm up (first connections, migrations, page cache).
        let convs = conversations(&app_url, 50).await?;
        run(2, 2, Some((&app_url, &convs)), &fake_base).await?;
        if let Some(floor) = &floor_url {
            run(2, 2, Some((floor, &["floor".to_string()][..])), &fake_base).await?;
        }
        for (concurrency, rounds) in [(1, 40), (20, 3), (50, 2)] {
            if only.is_some_and(|n| n != concurrency) {
                continue;
            }
            let d = run(concurrency, rounds, None, &fake_base).await?;
            let (cpu0, _) = proc_usage(&pids);
            let instances_before = instances(&pids);
            let a = run(concurrency, rounds, Some((&app_url, &convs)), &fake_base).await?;
            let (cpu1, rss) = proc_usage(&pids);
            let cpu_per_reply = if pids.is_empty() { f64::NAN } else { (cpu1 - cpu0) / a.len() as f64 };
            let ms = |s: &[Sample]| s.iter().map(|s| s.ttft.as_secs_f64() * 1000.0).collect::<Vec<f64>>();
            let (mut dt, mut at) = (ms(&d), ms(&a));
            let (d50, d90, d99, a50, a90, a99) =
                (pct(&mut dt, 50.0), pct(&mut dt, 90.0), pct(&mut dt, 99.0), pct(&mut at, 50.0), pct(&mut at, 90.0), pct(&mut at, 99.0));
            // Per-chunk delay: k-th chunk's arrival after the first, app minus direct (medians per k).
            let mut added_chunk = Vec::new();
            let chunks = a.iter().map(|s| s.offsets.len()).min().unwrap_or(0).min(d.iter().map(|s| s.offsets.len()).min().unwrap_or(0));
            for k in 1..chunks {
                let mut ak: Vec<f64> = a.iter().map(|s| s.offsets[k].as_secs_f64() * 1000.0).collect();
                let mut dk: Vec<f64> = d.iter().map(|s| s.offsets[k].as_secs_f64() * 1000.0).collect();
                added_chunk.push((pct(&mut ak, 50.0) - pct(&mut dk, 50.0)) / k as f64);
            }
            // Batching: consecutive deltas arriving less than a fifth of the pacing apart.
            let gaps: Vec<f64> = a.iter().flat_map(|s| s.offsets.windows(2).map(|w| (w[1] - w[0]).as_secs_f64() * 1000.0).collect::<Vec<_>>()).collect();
            let batched = gaps.iter().filter(|g| **g < CHUNK_DELAY_MS as f64 / 5.0).count();
            println!(
                "{concurrency:>7} {:>7} | {:>10.2} / {:>9.2} | {:>8.2} / {:>8.2} / {:>8.2} | {:>11.2} / {:>10.2} | {:>4}/{:<4} | {:>8.1}",
                a.len(), d50, d99, a50, a90, a99, a50 - d50, a90 - d90, batched, gaps.len(), cpu_per_reply
            );
            if !pids.is_empty() {
                let now = instances(&pids);
                println!("{:>17} server RSS after this run: {rss:.1} MB; wasm instances {instances_before} → {now}", "");
            }
            // The first burst of a size may start instances (Spin starts one for a request
            // that finds every instance busy); the later ones find them made.
            if rounds > 1 && concurrency > 1 {
                let (mut af, mut al) = (ms(&a[..concurrency]), ms(&a[concurrency..]));
                let (mut df, mut dl) = (ms(&d[..concurrency]), ms(&d[concurrency..]));
                println!(
                    "{:>17} added TTFT med / p90, first burst: {:.2} / {:.2} ms; later bursts: {:.2} / {:.2} ms",
                    "",
                    pct(&mut af, 50.0) - pct(&mut df, 50.0),
                    pct(&mut af, 90.0) - pct(&mut df, 90.0),
                    pct(&mut al, 50.0) - pct(&mut dl, 50.0),
                    pct(&mut al, 90.0) - pct(&mut dl, 90.0)
                );
            }
            let mut ac = added_chunk.clone();
            println!("{:>17} added delay per chunk (median over chunk index): {:.3} ms", "", pct(&mut ac, 50.0));
            if let Some(floor) = &floor_url {
                let (f0, _) = proc_usage(&floor_pids);
                let f = run(concurrency, rounds, Some((floor, &["floor".to_string()][..])), &fake_base).await?;
                let (f1, frss) = proc_usage(&floor_pids);
                let fcpu = (f1 - f0) / f.len() as f64;
                let mut ft = ms(&f);
                let (f50, f90) = (pct(&mut ft, 50.0), pct(&mut ft, 90.0));
                println!(
                    "{:>17} floor (bench/floor, same run): added TTFT {:.2} / {:.2} ms, CPU/reply {fcpu:.1} ms, RSS {frss:.1} MB → Nexus's share: TTFT +{:.2} ms, CPU +{:.1} ms/reply, RSS +{:.1} MB",
                    "", f50 - d50, f90 - d90, a50 - f50, cpu_per_reply - fcpu, rss - frss
                );
            }
            let hd = |s: &[Sample]| s.iter().map(|s| s.headers.as_secs_f64() * 1000.0).collect::<Vec<f64>>();
            let (mut dh, mut ah) = (hd(&d), hd(&a));
            println!(
                "{:>17} response headers med / p90: Nexus {:.2} / {:.2} ms, direct {:.2} / {:.2} ms",
                "", pct(&mut ah, 50.0), pct(&mut ah, 90.0), pct(&mut dh, 50.0), pct(&mut dh, 90.0)
            );
        }
        if only == Some(0) {
            auth_cost(&app_url).await?;
            return Ok(());
        }
        if only.is_some() {
            return Ok(());
        }
        if !pids.is_empty() {
            new_chat_cost(&app_url, &pids).await?;
        }
        reader_lag(&app_url).await?;
        auth_cost(&app_url).await?;
        match &db_path {
            Some(db) => open_large(&app_url, db).await?,
            None => println!("\n(5,000-message open time: give --db with the app's database file to measure it)"),
        }
        Ok::<_, anyhow::Error>(())
    })?;
    println!("\nTTFT = request sent → first delta event received. 'added' = app minus direct.");
    println!("'batched' = delta gaps under {} ms out of all gaps (0 means every chunk was forwarded on its own).", CHUNK_DELAY_MS as f64 / 5.0);
    Ok(())
}

/// Reader lag: how long after the writer's own client a reader following the same reply
/// (from another connection, through the database) receives each piece of text.
async fn reader_lag(app_url: &str) -> anyhow::Result<()> {
    println!("\nReader lag (GET …/stream following a live reply; fake sends a chunk every 20 ms, 120 chunks)");
    println!("{:>8} | {:>9} | {:>22}", "readers", "samples", "lag med / p99 ms");
    for readers in [1usize, 5] {
        let app = app_client(app_url);
        let c = app.send_json("POST", "/api/conversations", &json!({})).await?;
        let id = c.body["id"].as_str().unwrap_or_default().to_owned();
        let t0 = Instant::now();
        let mut writer = app
            .stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": "lag [[delay=20 words=117]]" }))
            .await?
            .map_err(|r| anyhow::anyhow!("{} {}", r.status, r.text))?;
        let start = writer.next().await?.ok_or_else(|| anyhow::anyhow!("no start"))?;
        let mid = start["message_id"].as_str().unwrap_or_default().to_owned();
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..readers {
            let (url, path) = (app_url.to_owned(), format!("/api/conversations/{id}/messages/{mid}/stream?offset=0"));
            set.spawn_local(async move { arrivals(&url, &path, t0).await });
        }
        let mut w = Vec::new();
        let mut chars = 0usize;
        while let Some(ev) = writer.next().await? {
            if ev["type"] == "delta" {
                chars += ev["content"].as_str().unwrap_or("").chars().count();
                w.push((chars, t0.elapsed()));
            }
        }
        let mut lags = Vec::new();
        while let Some(r) = set.join_next().await {
            let r = r??;
            for (pos, tw) in &w {
                if let Some((_, tr)) = r.iter().find(|(c, _)| c >= pos) {
                    lags.push((tr.as_secs_f64() - tw.as_secs_f64()) * 1000.0);
                }
            }
        }
        let n = lags.len();
        println!("{readers:>8} | {n:>9} | {:>10.1} / {:>9.1}", pct(&mut lags, 50.0), pct(&mut lags, 99.0));
    }
    println!("(the writer saves every 150 ms and readers poll every 100 ms: expected lag ≈ 0–250 ms)");
    Ok(())
}

async fn arrivals(url: &str, path: &str, t0: Instant) -> anyhow::Result<Vec<(usize, Duration)>> {
    let mut req = http::Request::get(format!("{url}{path}"));
    if let Some(c) = SESSION.get() {
        req = req.header("cookie", c);
    }
    let req = req.body(Vec::new())?;
    let mut body = send_http1(req).await?.into_body();
    let mut buf = String::new();
    let mut chars = 0usize;
    let mut out = Vec::new();
    while let Some(chunk) = body.next_chunk().await {
        buf.push_str(std::str::from_utf8(&chunk?)?);
        while let Some(i) = buf.find("\n\n") {
            let ev: String = buf.drain(..i + 2).collect();
            if let Some(data) = ev.lines().find_map(|l| l.strip_prefix("data: ")) {
                let v: serde_json::Value = serde_json::from_str(data)?;
                if v["type"] == "delta" {
                    chars += v["content"].as_str().unwrap_or("").chars().count();
                    out.push((chars, t0.elapsed()));
                }
            }
        }
    }
    Ok(out)
}

/// Time to open a conversation of 5,000 messages (its newest page), over loopback.
async fn open_large(app_url: &str, db: &std::path::Path) -> anyhow::Result<()> {
    const N: usize = 5000;
    let app = app_client(app_url);
    let c = app.send_json("POST", "/api/conversations", &json!({})).await?;
    let id = c.body["id"].as_str().unwrap_or_default().to_owned();
    {
        let mut conn = rusqlite::Connection::open(db)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let tx = conn.transaction()?;
        for i in 0..N {
            let parent = (i > 0).then(|| format!("{id}-m{}", i - 1));
            tx.execute(
                "INSERT INTO messages (id, conversation_id, parent_id, seq, role, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![format!("{id}-m{i}"), id, parent, i as i64 + 1, if i % 2 == 0 { "user" } else { "assistant" }, "Some message text of a typical length, a sentence or two long. ".repeat(4)],
            )?;
        }
        tx.execute("UPDATE conversations SET active_leaf_id = ?1 WHERE id = ?2", rusqlite::params![format!("{id}-m{}", N - 1), id])?;
        tx.commit()?;
    }
    let mut times = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let r = app.get(&format!("/api/conversations/{id}")).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(r.status == 200 && r.body["messages"].as_array().map(Vec::len) == Some(50), "bad page: {}", r.status);
    }
    let mut older = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let r = app.get(&format!("/api/conversations/{id}/messages?limit=50&before={id}-m2500")).await?;
        older.push(t.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(r.status == 200, "bad page: {}", r.status);
    }
    println!("\nOpen a 5,000-message conversation (GET /api/conversations/{{id}}: newest 50 of the branch), 50 requests over loopback:");
    println!("  median {:.2} ms, p99 {:.2} ms; an older page from the middle (…/messages?before=): median {:.2} ms", pct(&mut times, 50.0), pct(&mut times, 99.0), pct(&mut older, 50.0));
    Ok(())
}
