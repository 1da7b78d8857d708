//! Password hashing: argon2id (RustCrypto `argon2`), stored as PHC strings
//! (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`), so the parameters travel with each
//! hash and can be raised later without a migration (old hashes keep verifying).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Memory per hash, KiB: 9 MiB, one of OWASP's equivalent argon2id settings (with
/// [`ITERATIONS`] = 4). Chosen over 19 MiB / t = 2 (the same strength by OWASP's
/// reckoning, ~80 ms) because a wasm instance never gives memory back: the accounts
/// instance that hashed keeps this much resident while Spin keeps it (10 minutes idle).
pub const MEMORY_KIB: u32 = 9 * 1024;
/// Passes over the memory. With [`MEMORY_KIB`]: about 70 ms per hash in the wasm
/// component on Spin 4.0.2 on the 2-core build machine (`bash bench/argon2.sh`: 69 ms
/// median, 74 ms p90).
pub const ITERATIONS: u32 = 4;
/// Lanes: 1 (a wasm instance runs one thread).
pub const LANES: u32 = 1;
/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest password accepted, in bytes (hashing cost does not depend on it much, but a
/// megabyte "password" is not one).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// A hash of a password nobody has, made with the same parameters: sign-in verifies
/// against it when the username does not exist, so an unknown user costs the same work
/// and gets the same answer as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=9216,t=4,p=1$bmV4dXMtZHVtbXktc2FsdA$1N1GWzyI6xK0FjUn+X3J0zrKxzw4VH5dpuvJR0t8E0I";

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, LANES, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string to store for `password` (a fresh 128-bit salt each time).
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::encode_b64(&super::token::random_bytes::<16>()).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Ok(argon2().hash_password(password.as_bytes(), &salt).map_err(|e| anyhow::anyhow!("hashing: {e}"))?.to_string())
}

/// Whether `password` matches `stored` (constant-time comparison inside `argon2`).
/// `None` (no such user) verifies against [`DUMMY_HASH`] and answers `false`.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let (phc, real) = match stored {
        Some(s) => (s, true),
        None => (DUMMY_HASH, false),
    };
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    // The parameters come from the stored string, so older hashes keep verifying.
    let ok = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
    ok && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_carry_their_parameters() {
        let h = hash("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=9216,t=4,p=1$"), "{h}");
        assert!(verify("correct horse", Some(&h)));
        assert!(!verify("correct hors", Some(&h)));
        assert_ne!(h, hash("correct horse").unwrap(), "a fresh salt each time");
        assert!(!verify("anything", None));
        assert!(!verify("x", Some("not a hash")));
        // A hash made with other parameters (an older setting) still verifies.
        let params = Params::new(19 * 1024, 2, 1, None).unwrap();
        let salt = SaltString::encode_b64(b"0123456789abcdef").unwrap();
        let old = Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password(b"old one", &salt).unwrap().to_string();
        assert!(old.contains("m=19456,t=2"));
        assert!(verify("old one", Some(&old)));
    }

    #[test]
    fn the_dummy_hash_is_a_real_one_with_the_same_parameters() {
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap();
        let real = hash("x").unwrap();
        let real = PasswordHash::new(&real).unwrap();
        assert_eq!(parsed.algorithm, real.algorithm);
        assert_eq!(parsed.params, real.params);
        assert_eq!(parsed.hash.map(|h| h.len()), real.hash.map(|h| h.len()));
    }
}
