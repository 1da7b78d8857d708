//! `nexus-bench --library`: search over 100,000 generated messages and the first page of
//! a 10,000-conversation list, through the app's HTTP API (the test host or real Spin).
//! The data is written straight into the app's database file (as the migration's
//! triggers index it), with realistic lengths: user messages 20–400 characters,
//! replies 150–3,000, words from an English and a Russian vocabulary with a skewed
//! (Zipf-like) frequency, so common words match tens of thousands of messages and rare
//! ones a handful.

use super::{app_client, pct};
use std::time::{Duration, Instant};

/// Conversations and messages generated.
pub const CONVERSATIONS: usize = 10_000;
pub const MESSAGES_PER_CONVERSATION: usize = 10;
/// Requests per query.
const ROUNDS: usize = 15;

const EN: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "you", "that", "it", "for", "on", "with", "as", "this", "be", "at", "by",
    "from", "or", "have", "an", "can", "your", "code", "function", "data", "model", "file", "error", "server", "request",
    "python", "rust", "database", "query", "recipe", "garden", "travel", "budget", "kitchen", "holiday", "invoice",
    "docker", "network", "schedule", "meeting", "project", "summary", "letter", "question", "answer", "example", "problem",
    "solution", "memory", "performance", "window", "screen", "battery", "weather", "mountain", "river", "colosseum",
    "photosynthesis", "mitochondria", "quaternion", "sourdough", "kubernetes", "tarantella", "zeppelin", "xylophone",
];
const RU: &[&str] = &[
    "и", "в", "не", "на", "что", "с", "как", "это", "по", "для", "код", "функция", "данные", "модель", "ошибка", "сервер",
    "рецепт", "сад", "путешествие", "бюджет", "кухня", "праздник", "встреча", "проект", "вопрос", "ответ", "пример",
    "задача", "решение", "память", "погода", "гора", "река", "ёлка", "берёза", "самовар", "балалайка", "электричка",
];

/// Words in the vocabulary: the lists above are the most frequent; the rest are made up
/// from syllables (a long tail, as real text has).
const VOCABULARY: usize = 20_000;
const SYLLABLES: &[&str] = &["ka", "lo", "mi", "ren", "sta", "vor", "tin", "pel", "dra", "ux", "bel", "cor", "fen", "gil", "hom", "jat"];

/// The `i`-th most frequent word of a language.
fn word(vocab: &[&str], i: usize) -> String {
    if i < vocab.len() {
        return vocab[i].to_owned();
    }
    let mut n = i;
    let mut w = String::new();
    while n > 0 || w.len() < 4 {
        w.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    w
}

/// A small deterministic generator (no dependency, same data every run).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Zipf-like: index i drawn with weight ~ 1/(i+1).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        (((n as f64 + 1.0).powf(u) - 1.0) as usize).min(n - 1)
    }
    fn text(&mut self, chars: usize) -> String {
        let russian = self.below(5) == 0;
        let vocab = if russian { RU } else { EN };
        let mut s = String::new();
        while s.chars().count() < chars {
            if !s.is_empty() {
                s.push(if self.below(12) == 0 { '.' } else { ' ' });
                if s.ends_with('.') {
                    s.push(' ');
                }
            }
            let i = self.skewed(VOCABULARY);
            s.push_str(&word(vocab, i));
        }
        s
    }
}

/// Writes the conversations and messages for the bench's user into the database file,
/// timing the inserts (the FTS triggers index each message) and a full index rebuild
/// (what migration 9 does over existing data).
fn generate(db: &std::path::Path, user_id: &str) -> anyhow::Result<(Duration, Duration, usize)> {
    let mut conn = rusqlite::Connection::open(db)?;
    conn.busy_timeout(Duration::from_secs(30))?;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut chars = 0usize;
    let t = Instant::now();
    let tx = conn.transaction()?;
    for c in 0..CONVERSATIONS {
        let cid = format!("bench-c{c}");
        let day = 1 + c * 300 / CONVERSATIONS;
        let at = format!("2026-{:02}-{:02}T12:00:{:02}.000Z", 1 + day / 28 % 12, 1 + day % 28, c % 60);
        let title = rng.text(30);
        tx.execute(
            "INSERT INTO conversations (id, user_id, title, title_is_default, model, created_at, updated_at) VALUES (?1, ?2, ?3, 0, 'openai/gpt-4o-mini', ?4, ?4)",
            rusqlite::params![cid, user_id, title, at],
        )?;
        let mut parent: Option<String> = None;
        for i in 0..MESSAGES_PER_CONVERSATION {
            let mid = format!("{cid}-m{i}");
            let user = i % 2 == 0;
            let len = if user { 20 + rng.below(380) } else { 150 + rng.below(2850) };
            let text = rng.text(len);
            chars += text.len();
            tx.execute(
                "INSERT INTO messages (id, conversation_id, parent_id, seq, role, content, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![mid, cid, parent, i as i64 + 1, if user { "user" } else { "assistant" }, text, at],
            )?;
            parent = Some(mid);
        }
        tx.execute("UPDATE conversations SET active_leaf_id = ?1 WHERE id = ?2", rusqlite::params![parent, cid])?;
    }
    tx.commit()?;
    let insert = t.elapsed();
    let t = Instant::now();
    conn.execute_batch("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild'); INSERT INTO conversations_fts (conversations_fts) VALUES ('rebuild');")?;
    Ok((insert, t.elapsed(), chars))
}

pub async fn run(app_url: &str, db: &std::path::Path) -> anyhow::Result<()> {
    let app = app_client(app_url);
    let me = app.get("/api/users/me").await?;
    let user_id = me.body["user"]["id"].as_str().ok_or_else(|| anyhow::anyhow!("who am I? {}", me.text))?.to_owned();
    let (insert, rebuild, chars) = generate(db, &user_id)?;
    let n = CONVERSATIONS * MESSAGES_PER_CONVERSATION;
    println!("\nSearch and list ({n} messages in {CONVERSATIONS} conversations, {:.1} MB of text):", chars as f64 / 1e6);
    println!("  insert with the FTS triggers indexing each row: {:.2} s; full index rebuild (migration 9 over existing data): {:.2} s", insert.as_secs_f64(), rebuild.as_secs_f64());
    let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    println!("  database file {:.1} MB (WAL {:.1} MB)", size(db) as f64 / 1e6, size(&db.with_extension("db-wal")) as f64 / 1e6);
    // Warm up.
    for _ in 0..3 {
        app.get("/api/search?q=warm").await?;
    }
    let (medium, rare, rarer) = (word(EN, 60), word(EN, 2_000), word(EN, 15_000));
    let common_pair = format!("{}%20{}", word(EN, 40), word(EN, 50));
    let phrase = format!("%22{}%20{}%22", word(EN, 0), word(EN, 1));
    let queries: &[(&str, &str)] = &[
        ("common word", "the"),
        ("common word, newest first", "the&sort=newest"),
        ("medium word (rank 60)", &medium),
        ("rare word (rank 2,000)", &rare),
        ("rarer word (rank 15,000)", &rarer),
        ("3-letter prefix", "pro"),
        ("two words", &common_pair),
        ("common phrase", &phrase),
        ("Russian (е finds ё)", "%D0%B5%D0%BB%D0%BA%D0%B0"),
        ("no match", "qwertyuiop"),
    ];
    let mut all = Vec::new();
    println!("  {:<28} {:>9} {:>9} {:>8}", "GET /api/search?q=…", "median", "p99", "results");
    for (what, q) in queries {
        let mut times = Vec::new();
        let mut results = 0;
        let mut more = false;
        for _ in 0..ROUNDS {
            let t = Instant::now();
            let r = app.get(&format!("/api/search?q={q}")).await?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            anyhow::ensure!(r.status == 200, "search {q}: {} {}", r.status, r.text);
            results = r.body["messages"].as_array().map(Vec::len).unwrap_or(0);
            more = r.body["has_more"] == true;
        }
        all.extend(times.iter().copied());
        println!("  {:<28} {:>7.2}ms {:>7.2}ms {:>8}", what, pct(&mut times, 50.0), pct(&mut times, 99.0), if more { format!("{results}+") } else { results.to_string() });
    }
    println!("  {:<28} {:>7.2}ms {:>7.2}ms   ({} requests, one at a time over loopback)", "all queries", pct(&mut all, 50.0), pct(&mut all, 99.0), all.len());
    let mut first = Vec::new();
    let mut deep = Vec::new();
    let mut cursor = String::new();
    for i in 0..40 {
        let t = Instant::now();
        let r = app.get("/api/conversations").await?;
        first.push(t.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(r.status == 200 && r.body["conversations"].as_array().map(Vec::len) == Some(50), "list: {}", r.status);
        if i == 0 {
            // A cursor 5,000 conversations down.
            let mut page = r;
            for _ in 0..100 {
                let c = page.body["next_cursor"].as_str().unwrap_or_default().replace('|', "%7C").replace(':', "%3A");
                cursor = c.clone();
                page = app.get(&format!("/api/conversations?cursor={c}")).await?;
            }
        }
        let t = Instant::now();
        let r = app.get(&format!("/api/conversations?cursor={cursor}")).await?;
        deep.push(t.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(r.status == 200, "deep page: {}", r.status);
    }
    let body = app.get("/api/conversations").await?.text.len();
    println!(
        "  GET /api/conversations (first page of 50 of {CONVERSATIONS}): median {:.2} ms, p99 {:.2} ms, {:.1} KB; a page 5,000 down: median {:.2} ms",
        pct(&mut first, 50.0),
        pct(&mut first, 99.0),
        body as f64 / 1024.0,
        pct(&mut deep, 50.0)
    );
    Ok(())
}
