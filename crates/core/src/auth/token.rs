//! Random tokens (sessions, API tokens, invites) and their digests. A token is 256
//! random bits from the OS, sent to its holder once; only its SHA-256 is stored, so a
//! copy of the database signs nobody in.

use sha2::{Digest, Sha256};

/// Bytes of randomness in a token (256 bits).
pub const TOKEN_BYTES: usize = 32;
/// What an API token starts with, so a leaked one is recognisable (and greppable).
pub const API_TOKEN_PREFIX: &str = "nx_";

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// `n` random bytes from the OS.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the OS random number generator failed");
    buf
}

/// A new token (64 hex characters) and the digest to store.
pub fn new_token() -> (crate::secret::Secret, String) {
    let token = hex(&random_bytes::<TOKEN_BYTES>());
    let digest = digest(&token);
    (crate::secret::Secret::new(token), digest)
}

/// The stored form of a token: SHA-256, hex.
pub fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_digest_matches() {
        let (a, da) = new_token();
        let (b, db) = new_token();
        assert_eq!(a.expose().len(), 64);
        assert_ne!(a.expose(), b.expose());
        assert_ne!(da, db);
        assert_eq!(digest(a.expose()), da);
        assert_ne!(da, a.expose());
        // SHA-256("abc")
        assert_eq!(digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
