//! Streaming benchmark: time to first token and per-chunk delay through Nexus vs.
//! directly against the fake provider, at 1, 20 and 50 concurrent streams.
//!
//! `nexus-bench` starts its own fake provider and test host (release build recommended).
//! `nexus-bench --app http://127.0.0.1:3000 --fake http://127.0.0.1:4010` measures a
//! running Nexus (e.g. real `spin up` pointed at that fake) instead.

use nexus_testhost::client::Client;
use nexus_testhost::fake_upstream::FakeUpstream;
use nexus_testhost::platform::send_http1;
use nexus_core::platform::BodyStream;
use serde_json::json;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The fake's pause before each piece (keep-alive, role chunk, each content chunk).
const CHUNK_DELAY_MS: u64 = 10;
/// Content chunks per reply (the reply is "You said: bench" plus filler words).
const FILLER_WORDS: usize = 30;

struct Sample {
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

/// One streamed reply through Nexus: create a conversation, send, time the deltas.
async fn through_app(app: &Client, content: &str) -> anyhow::Result<Sample> {
    let c = app.send_json("POST", "/api/conversations", &json!({})).await?;
    let id = c.body["id"].as_str().ok_or_else(|| anyhow::anyhow!("no id: {}", c.text))?.to_owned();
    let t0 = Instant::now();
    let mut reader = app
        .stream(&format!("/api/conversations/{id}/messages"), &json!({ "content": content }))
        .await?
        .map_err(|r| anyhow::anyhow!("{} {}", r.status, r.text))?;
    let mut times = Vec::new();
    while let Some(ev) = reader.next().await? {
        if ev["type"] == "delta" {
            times.push(t0.elapsed());
        }
        if ev["type"] == "done" || ev["type"] == "error" {
            break;
        }
    }
    sample(times)
}

/// The same reply straight from the fake provider (parsing its SSE the same way).
async fn direct(fake_base: &str, content: &str) -> anyhow::Result<Sample> {
    let body = json!({ "model": "bench/model", "stream": true, "messages": [{ "role": "user", "content": content }] });
    let req = http::Request::post(format!("{fake_base}/chat/completions"))
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&body)?)?;
    let t0 = Instant::now();
    let resp = send_http1(req).await?;
    let mut b = resp.into_body();
    let mut parser = nexus_core::upstream::StreamParser::new();
    let mut times = Vec::new();
    while let Some(chunk) = b.next_chunk().await {
        for ev in parser.push(&chunk?) {
            if matches!(ev, nexus_core::upstream::StreamEvent::Delta(_)) {
                times.push(t0.elapsed());
            }
        }
    }
    sample(times)
}

fn sample(times: Vec<Duration>) -> anyhow::Result<Sample> {
    let first = *times.first().ok_or_else(|| anyhow::anyhow!("no deltas"))?;
    Ok(Sample { ttft: first, offsets: times.iter().map(|t| *t - first).collect() })
}

async fn run(concurrency: usize, rounds: usize, app: Option<&str>, fake: &str) -> anyhow::Result<Vec<Sample>> {
    let content = format!("bench [[delay={CHUNK_DELAY_MS} words={FILLER_WORDS}]]");
    let mut out = Vec::new();
    for _ in 0..rounds {
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..concurrency {
            let (app, fake, content) = (app.map(str::to_owned), fake.to_owned(), content.clone());
            set.spawn_local(async move {
                match app {
                    Some(a) => through_app(&Client::new(a), &content).await,
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

fn main() -> anyhow::Result<()> {
    let mut app_url: Option<String> = None;
    let mut fake_url: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--app" => app_url = args.next(),
            "--fake" => fake_url = args.next(),
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
            let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spin.toml");
            let addr = nexus_testhost::server::start_in_thread(manifest, dir.join("nexus.db"), vars, "127.0.0.1:0".parse()?)?;
            let base = fake.base_url();
            _keep = Some(fake);
            (format!("http://{addr}"), base)
        }
        _ => anyhow::bail!("give both --app and --fake, or neither"),
    };
    println!("Nexus streaming benchmark: app {app_url}, fake provider {fake_base}");
    println!("fake sends a chunk every {CHUNK_DELAY_MS} ms; {} content chunks per reply\n", FILLER_WORDS + 3);
    println!("{:>7} {:>7} | {:>22} | {:>22} | {:>24} | {:>8}", "streams", "samples", "TTFT direct med/p99 ms", "TTFT app med/p99 ms", "added TTFT med/p99 ms", "batched");
    nexus_testhost::server::run_local(async {
        // Warm up (first connections, migrations, page cache).
        run(2, 2, Some(&app_url), &fake_base).await?;
        for (concurrency, rounds) in [(1, 40), (20, 3), (50, 2)] {
            let d = run(concurrency, rounds, None, &fake_base).await?;
            let a = run(concurrency, rounds, Some(&app_url), &fake_base).await?;
            let ms = |s: &[Sample]| s.iter().map(|s| s.ttft.as_secs_f64() * 1000.0).collect::<Vec<f64>>();
            let (mut dt, mut at) = (ms(&d), ms(&a));
            let (d50, d99, a50, a99) = (pct(&mut dt, 50.0), pct(&mut dt, 99.0), pct(&mut at, 50.0), pct(&mut at, 99.0));
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
                "{concurrency:>7} {:>7} | {:>10.2} / {:>9.2} | {:>10.2} / {:>9.2} | {:>11.2} / {:>10.2} | {:>3}/{:<4}",
                a.len(), d50, d99, a50, a99, a50 - d50, a99 - d99, batched, gaps.len()
            );
            let mut ac = added_chunk.clone();
            println!("{:>17} added delay per chunk (median over chunk index): {:.3} ms", "", pct(&mut ac, 50.0));
        }
        Ok::<_, anyhow::Error>(())
    })?;
    println!("\nTTFT = request sent → first delta event received. 'added' = app minus direct.");
    println!("'batched' = delta gaps under {} ms out of all gaps (0 means every chunk was forwarded on its own).", CHUNK_DELAY_MS as f64 / 5.0);
    Ok(())
}
