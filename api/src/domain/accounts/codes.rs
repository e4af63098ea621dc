//! Link codes: 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), from the
//! OS's CSPRNG with rejection sampling (no modulo bias), stored as a keyed hash.

use sha2::{Digest, Sha256};

use crate::secrets::SigningKey;

/// 31 symbols: digits 2–9 and letters without I, L, O.
pub const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in a code (~49.5 bits).
pub const LENGTH: usize = 10;

/// A fresh random code.
pub fn generate() -> anyhow::Result<String> {
    let alphabet_len = u8::try_from(ALPHABET.len())?;
    // The largest multiple of the alphabet size that fits in a byte; bytes above are redrawn.
    let limit = 256 - (256 % u16::from(alphabet_len));
    let mut code = String::with_capacity(LENGTH);
    while code.len() < LENGTH {
        for byte in crate::secrets::random_bytes(16)? {
            if u16::from(byte) < limit && code.len() < LENGTH {
                code.push(char::from(ALPHABET[usize::from(byte % alphabet_len)]));
            }
        }
    }
    Ok(code)
}

/// What a resident typed, as compared: upper case, spaces and hyphens dropped.
pub fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// The stored form: SHA-256 over the server key, the account and the code, so a leaked table
/// cannot be brute-forced without the key and a hash is useless for another account.
pub fn hash(key: &SigningKey, account_id: i64, code: &str) -> String {
    let mut h = Sha256::new();
    h.update(key.bytes());
    h.update(b":link-code:");
    h.update(account_id.to_be_bytes());
    h.update(normalise(code).as_bytes());
    hex::encode(h.finalize())
}

/// Constant-time comparison of two hex hashes.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0_u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_ten_unambiguous_characters() {
        for _ in 0..200 {
            let code = generate().unwrap_or_default();
            assert_eq!(code.len(), LENGTH);
            assert!(code.bytes().all(|b| ALPHABET.contains(&b)), "{code}");
            assert!(!code.contains(['0', 'O', '1', 'I', 'L']), "{code}");
        }
    }

    #[test]
    fn codes_are_random_and_use_the_whole_alphabet() {
        let codes: Vec<String> = (0..500).map(|_| generate().unwrap_or_default()).collect();
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), codes.len(), "no repeats in 500 codes");
        let mut counts = [0_u32; 31];
        for code in &codes {
            for b in code.bytes() {
                if let Some(i) = ALPHABET.iter().position(|a| *a == b) {
                    counts[i] += 1;
                }
            }
        }
        // 5000 symbols over 31 letters: ~161 each; a biased or constant source fails this.
        assert!(counts.iter().all(|c| (90..=240).contains(c)), "{counts:?}");
    }

    #[test]
    fn typed_codes_are_normalised_and_hashes_are_keyed_per_account() {
        let key = SigningKey::for_tests(b"0123456789abcdef0123456789abcdef");
        assert_eq!(normalise(" k7m2-q9xr t4 "), "K7M2Q9XRT4");
        assert_eq!(hash(&key, 1, "k7m2q9xrt4"), hash(&key, 1, "K7M2-Q9XR-T4"));
        assert_ne!(hash(&key, 1, "K7M2Q9XRT4"), hash(&key, 2, "K7M2Q9XRT4"));
        assert!(same(&hash(&key, 1, "A"), &hash(&key, 1, "a")));
    }
}
