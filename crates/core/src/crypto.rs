//! Secrets at rest: provider API keys are stored encrypted with AES-256-GCM under the
//! master key from the `encryption_key` Spin variable (32 random bytes, base64), a fresh
//! 96-bit nonce per encryption, and what the key belongs to as associated data (so a
//! ciphertext copied to another row does not decrypt). Stored form:
//! `enc:v1:<base64(nonce ‖ ciphertext ‖ tag)>`. The master key never enters the
//! database; without it a stored key cannot be read.

use crate::platform::{Platform, VAR_ENCRYPTION_KEY, VAR_PREVIOUS_ENCRYPTION_KEY};
use crate::secret::Secret;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use anyhow::{Context, Result, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use std::fmt;

/// What an encrypted value starts with.
pub const PREFIX: &str = "enc:v1:";
/// Bytes in a master key (AES-256).
pub const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;

/// A master key. Its `Debug` hides it.
#[derive(Clone)]
pub struct MasterKey([u8; KEY_BYTES]);

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MasterKey({})", crate::secret::REDACTED)
    }
}

impl MasterKey {
    /// From the variable's text: 32 bytes in standard base64.
    pub fn from_base64(text: &str) -> Result<MasterKey> {
        let bytes = B64.decode(text.trim()).map_err(|_| anyhow!("it is not base64"))?;
        let key: [u8; KEY_BYTES] =
            bytes.try_into().map_err(|b: Vec<u8>| anyhow!("it is {} bytes, not {KEY_BYTES}", b.len()))?;
        Ok(MasterKey(key))
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new_from_slice(&self.0).expect("a 32-byte key")
    }

    /// `plaintext` encrypted for the row `aad` names.
    pub fn encrypt(&self, aad: &str, plaintext: &str) -> Result<String> {
        let nonce = crate::auth::token::random_bytes::<NONCE_BYTES>();
        let sealed = self
            .cipher()
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plaintext.as_bytes(), aad: aad.as_bytes() })
            .map_err(|_| anyhow!("encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{PREFIX}{}", B64.encode(out)))
    }

    /// The plaintext of a value [`MasterKey::encrypt`] made for the same `aad`.
    pub fn decrypt(&self, aad: &str, stored: &str) -> Result<Secret> {
        let data = B64.decode(stored.strip_prefix(PREFIX).context("not an encrypted value")?).context("not base64")?;
        if data.len() < NONCE_BYTES + 16 {
            bail!("too short");
        }
        let (nonce, sealed) = data.split_at(NONCE_BYTES);
        let plain = self
            .cipher()
            .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: aad.as_bytes() })
            .map_err(|_| anyhow!("it was encrypted with another key (or altered)"))?;
        Ok(Secret::new(String::from_utf8(plain).context("not UTF-8")?))
    }
}

/// Whether a stored value is encrypted (not a plaintext key from before encryption).
pub fn is_encrypted(stored: &str) -> bool {
    stored.starts_with(PREFIX)
}

/// The master keys the variables set: the current one and, during a rotation, the
/// previous one. A variable that is set but unusable is an error with a sentence.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    pub current: Option<MasterKey>,
    pub previous: Option<MasterKey>,
}

impl Keys {
    pub async fn load<P: Platform>(p: &P) -> Result<Keys, String> {
        let parse = |name: &str, v: Option<String>| -> Result<Option<MasterKey>, String> {
            v.map(|t| {
                MasterKey::from_base64(&t)
                    .map_err(|e| format!("The {name} variable is not usable ({e}); make one with `openssl rand -base64 32`."))
            })
            .transpose()
        };
        Ok(Keys {
            current: parse(VAR_ENCRYPTION_KEY, p.variable(VAR_ENCRYPTION_KEY).await)?,
            previous: parse(VAR_PREVIOUS_ENCRYPTION_KEY, p.variable(VAR_PREVIOUS_ENCRYPTION_KEY).await)?,
        })
    }

    /// A stored value's plaintext: decrypted with the current key (or, during a rotation,
    /// the previous one); a plaintext value from before encryption as it is.
    pub fn reveal(&self, aad: &str, stored: &str) -> Result<Secret, String> {
        if !is_encrypted(stored) {
            return Ok(Secret::new(stored));
        }
        let mut last = String::from("no encryption_key variable is set");
        for key in [&self.current, &self.previous].into_iter().flatten() {
            match key.decrypt(aad, stored) {
                Ok(s) => return Ok(s),
                Err(e) => last = e.to_string(),
            }
        }
        Err(format!(
            "The stored API key cannot be decrypted: {last}. Set encryption_key to the key it was saved with \
             (or previous_encryption_key during a change of keys), or paste the API key again."
        ))
    }

    /// The stored form of `plaintext` for `aad` under the current key; `None` without one.
    pub fn seal(&self, aad: &str, plaintext: &str) -> Result<Option<String>> {
        self.current.as_ref().map(|k| k.encrypt(aad, plaintext)).transpose()
    }

    /// What to store instead of `stored` so it is under the current key: `Some` for a
    /// plaintext value or one under the previous key; `None` if nothing is to change.
    pub fn rewrap(&self, aad: &str, stored: &str) -> Result<Option<String>> {
        let Some(current) = &self.current else { return Ok(None) };
        if is_encrypted(stored) && current.decrypt(aad, stored).is_ok() {
            return Ok(None);
        }
        let plain = self.reveal(aad, stored).map_err(|e| anyhow!(e))?;
        Ok(Some(current.encrypt(aad, plain.expose())?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> MasterKey {
        MasterKey::from_base64(&B64.encode([b; 32])).unwrap()
    }

    #[test]
    fn round_trip_with_fresh_nonces_bound_to_their_row() {
        let k = key(7);
        let a = k.encrypt("openrouter_api_key", "sk-secret-1234").unwrap();
        let b = k.encrypt("openrouter_api_key", "sk-secret-1234").unwrap();
        assert!(a.starts_with(PREFIX) && !a.contains("sk-secret"));
        assert_ne!(a, b, "a fresh nonce each time");
        assert_eq!(k.decrypt("openrouter_api_key", &a).unwrap().expose(), "sk-secret-1234");
        assert!(k.decrypt("another_row", &a).is_err(), "bound to its row");
        assert!(key(8).decrypt("openrouter_api_key", &a).is_err(), "another key cannot read it");
        // One bit flipped anywhere (nonce, ciphertext or tag) and it does not decrypt.
        let bytes = B64.decode(a.strip_prefix(PREFIX).unwrap()).unwrap();
        for i in [0, 12, bytes.len() - 1] {
            let mut t = bytes.clone();
            t[i] ^= 1;
            assert!(k.decrypt("openrouter_api_key", &format!("{PREFIX}{}", B64.encode(&t))).is_err(), "byte {i}");
        }
        assert!(format!("{k:?}").contains("redacted"));
    }

    #[test]
    fn master_keys_must_be_32_bytes_of_base64() {
        assert!(MasterKey::from_base64(&B64.encode([1u8; 32])).is_ok());
        assert!(MasterKey::from_base64(&B64.encode([1u8; 16])).unwrap_err().to_string().contains("16 bytes"));
        assert!(MasterKey::from_base64("not base64!").is_err());
    }

    #[test]
    fn rotation_rewraps_old_and_plaintext_values() {
        let old = Keys { current: Some(key(1)), previous: None };
        let stored = old.seal("k", "sk-x").unwrap().unwrap();
        let rotating = Keys { current: Some(key(2)), previous: Some(key(1)) };
        assert_eq!(rotating.reveal("k", &stored).unwrap().expose(), "sk-x");
        let new = rotating.rewrap("k", &stored).unwrap().unwrap();
        assert_eq!(Keys { current: Some(key(2)), previous: None }.reveal("k", &new).unwrap().expose(), "sk-x");
        assert_eq!(rotating.rewrap("k", &new).unwrap(), None, "already under the current key");
        assert!(rotating.rewrap("k", "sk-plain").unwrap().unwrap().starts_with(PREFIX));
        assert_eq!(Keys::default().rewrap("k", "sk-plain").unwrap(), None, "no key: left as it is");
        assert!(Keys::default().reveal("k", &new).unwrap_err().contains("cannot be decrypted"));
    }
}
