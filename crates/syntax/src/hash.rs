//! Fast, allocation-free hashing of strings and feature tuples.
//!
//! Features are hashed to 32-bit keys: `feat(template, a, b, c)`. Strings are hashed to 64 bits
//! once per word; tags and small integers are mixed in directly.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mixes one value into a running hash (FxHash step).
#[inline(always)]
pub fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// Final avalanche (SplitMix64 finaliser).
#[inline(always)]
pub fn finish(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// 32-bit feature key of a template number and up to three values.
#[inline(always)]
pub fn feat(template: u32, a: u64, b: u64, c: u64) -> u32 {
    let h = mix(mix(mix(mix(0x51_7CC1_B727_220A, template as u64), a), b), c);
    finish(h) as u32
}

/// Hashes bytes with a seed (FNV-1a, then avalanche).
#[inline]
pub fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325 ^ seed.wrapping_mul(K);
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    finish(h ^ bytes.len() as u64)
}

/// `hash_bytes(seed, bytes)` of the ASCII-lowercased bytes, without building them.
#[inline]
pub fn hash_ascii_lower(seed: u64, bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325 ^ seed.wrapping_mul(K);
    for &b in bytes {
        h ^= b.to_ascii_lowercase() as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    finish(h ^ bytes.len() as u64)
}

/// Hashes a string (seed 0).
#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(0, s.as_bytes())
}

/// A small deterministic random number generator (SplitMix64) for shuffling and exploration.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x2545_F491_4F6C_DD1D)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(K);
        finish(self.0)
    }
    /// Uniform in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in `[0, n)`; `n` must be > 0.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_hash_matches_hashing_the_lowercased_bytes() {
        for w in ["Tehran", "NATO", "talks", "", "X-Ray 7"] {
            let lower = w.to_ascii_lowercase();
            assert_eq!(
                hash_ascii_lower(3, w.as_bytes()),
                hash_bytes(3, lower.as_bytes())
            );
        }
    }

    #[test]
    fn hashes_differ_and_are_stable() {
        assert_ne!(hash_str("the"), hash_str("The"));
        assert_eq!(hash_str("the"), hash_str("the"));
        assert_ne!(feat(1, 2, 3, 0), feat(1, 3, 2, 0));
        assert_ne!(feat(1, 2, 0, 0), feat(2, 2, 0, 0));
        let mut r = Rng::new(7);
        let mut v: Vec<u32> = (0..10).collect();
        r.shuffle(&mut v);
        let mut s = v.clone();
        s.sort();
        assert_eq!(s, (0..10).collect::<Vec<_>>());
        let x = r.next_f64();
        assert!((0.0..1.0).contains(&x));
    }
}
