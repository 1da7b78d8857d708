//! Runs Nexus natively (no Spin): `nexus-testhost [--listen ADDR] [--manifest spin.toml]
//! [--db PATH] [--fake-upstream ADDR]`. With `--fake-upstream`, a fake provider is started
//! too and `openrouter_base_url`/`openrouter_allowed_host`/`openrouter_api_key` point at it (for browser tests and
//! benchmarks). Variables come from spin.toml and `SPIN_VARIABLE_*`, as with `spin up`.

use nexus_testhost::fake_upstream::FakeUpstream;
use std::collections::HashMap;
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut listen = "127.0.0.1:3000".to_string();
    let mut manifest = PathBuf::from("spin.toml");
    let mut db = PathBuf::from("data/nexus.db");
    let mut fake: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or_else(|| anyhow::anyhow!("{a} needs a value"));
        match a.as_str() {
            "--listen" => listen = val()?,
            "--manifest" => manifest = PathBuf::from(val()?),
            "--db" => db = PathBuf::from(val()?),
            "--fake-upstream" => fake = Some(val()?),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let mut overrides = HashMap::new();
    if let Some(addr) = fake {
        let up = FakeUpstream::start(addr.parse()?)?;
        println!("fake upstream on {}", up.base_url());
        overrides.insert("openrouter_base_url".to_string(), up.base_url());
        // Its host is the allowed one, as on Spin, so connections to it can be added.
        overrides.insert("openrouter_allowed_host".to_string(), format!("http://{}", up.addr));
        overrides.insert("openrouter_api_key".to_string(), "sk-fake-test-key-0000".to_string());
        std::mem::forget(up);
    }
    if let Some(dir) = db.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let addr = nexus_testhost::server::start_in_thread(manifest, db, overrides, listen.parse()?)?;
    println!("nexus test host on http://{addr}");
    loop {
        std::thread::park();
    }
}
