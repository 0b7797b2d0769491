//! Per-word hashed attributes shared by the tagger and the parser, computed once per word.

use crate::hash::{hash_bytes, hash_str, mix};

/// Hashed attributes of one word.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordInfo {
    /// Exact form.
    pub raw: u64,
    /// Lowercased form with digits mapped to `0`.
    pub norm: u64,
    /// Prefixes of 1..=3 chars of the lowercased form.
    pub pre: [u64; 3],
    /// Suffixes of 1..=4 chars of the lowercased form.
    pub suf: [u64; 4],
    /// Word shape (`Xxxx`, `dd`, `X.X.`; runs capped at 4).
    pub shape: u64,
    /// Bit flags: see the `F_*` constants.
    pub flags: u64,
}

pub const F_UPPER_INITIAL: u64 = 1;
pub const F_ALL_UPPER: u64 = 2;
pub const F_DIGIT: u64 = 4;
pub const F_HYPHEN: u64 = 8;
pub const F_ALPHA: u64 = 16;
pub const F_LONG: u64 = 32;

/// Reusable buffers for computing `WordInfo`.
#[derive(Default)]
pub struct WordBuf {
    lower: String,
    ends: Vec<usize>,
}

impl WordInfo {
    /// Computes the attributes of `form` (no allocation once `buf` has grown).
    pub fn new(form: &str, buf: &mut WordBuf) -> WordInfo {
        let lower = &mut buf.lower;
        lower.clear();
        let mut flags = 0u64;
        let mut n_upper = 0usize;
        let mut n_alpha = 0usize;
        let mut shape = 0x5EED_u64;
        let mut last_class = '\0';
        let mut run = 0;
        for (i, c) in form.chars().enumerate() {
            if c.is_ascii_digit() {
                lower.push('0');
                flags |= F_DIGIT;
            } else if c.is_ascii() {
                lower.push(c.to_ascii_lowercase());
            } else {
                lower.extend(c.to_lowercase());
            }
            let class = if c.is_uppercase() {
                n_upper += 1;
                n_alpha += 1;
                if i == 0 {
                    flags |= F_UPPER_INITIAL;
                }
                'X'
            } else if c.is_alphabetic() {
                n_alpha += 1;
                'x'
            } else if c.is_numeric() {
                'd'
            } else {
                if c == '-' {
                    flags |= F_HYPHEN;
                }
                c
            };
            if class == last_class {
                run += 1;
            } else {
                run = 1;
                last_class = class;
            }
            if run <= 4 {
                shape = mix(shape, class as u64);
            }
        }
        if n_alpha > 0 {
            flags |= F_ALPHA;
            if n_upper == n_alpha && n_alpha > 1 {
                flags |= F_ALL_UPPER;
            }
        }
        let ends = &mut buf.ends;
        ends.clear();
        ends.extend(lower.char_indices().map(|(i, _)| i));
        let nchars = ends.len();
        if nchars > 12 {
            flags |= F_LONG;
        }
        let bytes = lower.as_bytes();
        let mut pre = [0u64; 3];
        for (k, p) in pre.iter_mut().enumerate() {
            let end = ends.get(k + 1).copied().unwrap_or(bytes.len());
            *p = hash_bytes(10 + k as u64, &bytes[..end]);
        }
        let mut suf = [0u64; 4];
        for (k, s) in suf.iter_mut().enumerate() {
            let start = if nchars > k { ends[nchars - 1 - k] } else { 0 };
            *s = hash_bytes(20 + k as u64, &bytes[start..]);
        }
        WordInfo {
            raw: hash_str(form),
            norm: hash_bytes(1, bytes),
            pre,
            suf,
            shape,
            flags,
        }
    }

    /// Whether the lowercased form ends with `s` (one to four lowercase characters).
    pub fn ends_with(&self, s: &str) -> bool {
        let k = s.chars().count();
        (1..=self.suf.len()).contains(&k)
            && self.suf[k - 1] == hash_bytes(19 + k as u64, s.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes() {
        let mut b = WordBuf::default();
        let a = WordInfo::new("Talks", &mut b);
        let c = WordInfo::new("talks", &mut b);
        assert_eq!(a.norm, c.norm);
        assert_ne!(a.raw, c.raw);
        assert_eq!(a.suf, c.suf);
        assert_ne!(a.shape, c.shape);
        assert!(a.flags & F_UPPER_INITIAL != 0 && c.flags & F_UPPER_INITIAL == 0);
        let n1 = WordInfo::new("1,500", &mut b);
        let n2 = WordInfo::new("2,700", &mut b);
        assert_eq!(n1.norm, n2.norm);
        assert!(n1.flags & F_DIGIT != 0);
        // Non-ASCII and empty forms work.
        let e = WordInfo::new("", &mut b);
        let u = WordInfo::new("ÇA-été", &mut b);
        assert_ne!(e.norm, u.norm);
        assert!(u.flags & F_HYPHEN != 0);
        assert_eq!(
            WordInfo::new("x", &mut b).suf[3],
            WordInfo::new("x", &mut b).suf[3]
        );
        assert!(a.ends_with("s") && a.ends_with("ks") && a.ends_with("alks"));
        assert!(!a.ends_with("k") && !a.ends_with("talks") && !a.ends_with(""));
    }
}
