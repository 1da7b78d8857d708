//! `GET /?m=<KiB>&t=<passes>&p=<lanes>`: hashes a password once with argon2id and those
//! parameters, and answers the time it took inside the component, in microseconds
//! (measured around the hash only). `bench/argon2.sh` calls it many times per setting.

use argon2::{Algorithm, Argon2, Params, Version};
use bytes::Bytes;
use spin_sdk::http::{FullBody, IntoResponse};

type Answer = Result<spin_sdk::wasip3::http::types::Response, spin_sdk::wasip3::http::types::ErrorCode>;

fn answer(status: u16, text: String) -> Answer {
    http::Response::builder().status(status).body(FullBody::new(Bytes::from(text))).unwrap().into_response()
}

#[spin_sdk::http_service]
async fn handle(req: spin_sdk::http::Request) -> Answer {
    let query = req.uri().query().unwrap_or("");
    let get = |k: &str, default: u32| {
        query.split('&').filter_map(|kv| kv.split_once('=')).find(|(key, _)| *key == k).and_then(|(_, v)| v.parse().ok()).unwrap_or(default)
    };
    let (m, t, p) = (get("m", 19 * 1024), get("t", 2), get("p", 1));
    let params = match Params::new(m, t, p, Some(32)) {
        Ok(params) => params,
        Err(e) => return answer(400, format!("bad parameters: {e}")),
    };
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut out = [0u8; 32];
    let started = std::time::Instant::now();
    if let Err(e) = argon.hash_password_into(b"correct horse battery staple", b"a-16-byte-salt!!", &mut out) {
        return answer(500, format!("hash failed: {e}"));
    }
    let micros = started.elapsed().as_micros();
    answer(200, format!("{micros} {:02x}{:02x}", out[0], out[1]))
}
