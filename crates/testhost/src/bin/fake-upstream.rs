//! Runs the fake OpenAI-compatible provider alone: `fake-upstream [ADDR]`.

fn main() -> anyhow::Result<()> {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:4010".into());
    let up = nexus_testhost::fake_upstream::FakeUpstream::start(addr.parse()?)?;
    println!("fake upstream on {}", up.base_url());
    loop {
        std::thread::park();
    }
}
