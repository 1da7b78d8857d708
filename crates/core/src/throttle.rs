//! Counters that slow down password guessing and floods of unauthenticated requests:
//! fixed windows kept in the key-value store (`Platform::kv_*`: Spin's `default` store,
//! embedded SQLite by default, Redis when `runtime-config.toml` says so, so several
//! replicas count together). A counter is read and written in two steps, not
//! atomically: a burst of parallel requests can get a few more tries than the limit,
//! never unlimited ones.

use crate::platform::Platform;
use anyhow::Result;
use serde::{Deserialize, Serialize};

/// A limit: at most `limit` events per `secs`-second window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub limit: u32,
    pub secs: u64,
}

/// Failed sign-ins allowed per username: 5 per 15 minutes, then 429 with `Retry-After`
/// until the window ends (a success clears the count).
pub const LOGIN_FAILURES_PER_USER: Window = Window { limit: 5, secs: 15 * 60 };
/// Failed sign-ins allowed per client address, whatever the username: 20 per 15
/// minutes. Higher than per user: a household behind one reverse proxy shares an
/// address, and one person's typos must not lock everyone out; a guesser trying many
/// usernames from one address is still stopped.
pub const LOGIN_FAILURES_PER_ADDRESS: Window = Window { limit: 20, secs: 15 * 60 };
/// Sign-in and setup requests allowed per client address (the unauthenticated routes
/// that do work): 10 per 5 minutes unless the `guest_rate_limit` variable says otherwise.
pub const GUEST_DEFAULT: Window = Window { limit: 10, secs: 5 * 60 };

impl Window {
    /// `"<requests>/<seconds>"`, e.g. `"10/300"`.
    pub fn parse(s: &str) -> Option<Window> {
        let (n, secs) = s.trim().split_once('/')?;
        let w = Window { limit: n.trim().parse().ok()?, secs: secs.trim().parse().ok()? };
        (w.limit > 0 && w.secs > 0).then_some(w)
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
struct Counter {
    /// Events in the current window.
    n: u32,
    /// When the window ends, unix seconds.
    until: u64,
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

async fn read<P: Platform>(p: &P, key: &str, at: u64) -> Result<Option<Counter>> {
    let Some(bytes) = p.kv_get(key).await? else { return Ok(None) };
    Ok(serde_json::from_slice::<Counter>(&bytes).ok().filter(|c| c.until > at))
}

/// Seconds until `key` may be counted again, if its window is full.
pub async fn blocked<P: Platform>(p: &P, key: &str, w: Window) -> Result<Option<u64>> {
    let at = now();
    Ok(read(p, key, at).await?.filter(|c| c.n >= w.limit).map(|c| c.until - at))
}

/// Counts one event for `key`; returns the seconds to wait if that made it more than
/// the window allows.
pub async fn hit<P: Platform>(p: &P, key: &str, w: Window) -> Result<Option<u64>> {
    let at = now();
    let c = match read(p, key, at).await? {
        Some(c) => Counter { n: c.n.saturating_add(1), ..c },
        None => Counter { n: 1, until: at + w.secs },
    };
    p.kv_set(key, &serde_json::to_vec(&c)?).await?;
    Ok((c.n > w.limit).then(|| c.until - at))
}

/// Events counted for `key` in its current window (0 when none).
pub async fn count<P: Platform>(p: &P, key: &str) -> Result<u32> {
    Ok(read(p, key, now()).await?.map(|c| c.n).unwrap_or(0))
}

/// Forgets `key`'s count.
pub async fn clear<P: Platform>(p: &P, key: &str) -> Result<()> {
    p.kv_delete(key).await
}

/// The client's IP address (without the port) from `spin-client-addr`, which Spin sets
/// on every request (the test host too). Behind a reverse proxy this is the proxy's.
pub fn client_ip(req: &crate::web::Request) -> String {
    let addr = req.headers().get("spin-client-addr").and_then(|v| v.to_str().ok()).unwrap_or("unknown");
    match addr.parse::<std::net::SocketAddr>() {
        Ok(a) => a.ip().to_string(),
        Err(_) => addr.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_parse() {
        assert_eq!(Window::parse(" 10/300 "), Some(GUEST_DEFAULT));
        assert_eq!(Window::parse("0/300"), None);
        assert_eq!(Window::parse("10"), None);
        assert_eq!(Window::parse("x/1"), None);
    }
}
