//! `Code`: a CAMEO event code (or any short code a PETRARCH dictionary uses) as a small
//! `Copy` value.

use std::fmt;

/// A CAMEO event code such as `"112"` or `"0874"`, stored inline.
///
/// Codes read from PETRARCH dictionaries may be other short codes (WEIS codes such as
/// `"075A"` in the validation dictionary): any ASCII alphanumeric string of 1 to 7 bytes
/// is representable; whether it is a CAMEO code is the [`Codebook`](super::Codebook)'s call.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code {
    len: u8,
    bytes: [u8; 7],
}

impl Code {
    /// The longest code that fits.
    pub const MAX_LEN: usize = 7;

    /// Parses a code: 1 to 7 ASCII letters or digits.
    pub fn new(s: &str) -> Option<Code> {
        if s.is_empty() || s.len() > Self::MAX_LEN || !s.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return None;
        }
        let mut bytes = [0u8; 7];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Some(Code {
            len: s.len() as u8,
            bytes,
        })
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever stored.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }

    /// The two-digit CAMEO root (`"112"` -> `"11"`); the code itself when shorter.
    pub fn root(&self) -> &str {
        let s = self.as_str();
        s.get(..2).unwrap_or(s)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        let c = Code::new("0874").unwrap();
        assert_eq!(c.as_str(), "0874");
        assert_eq!(c.root(), "08");
        assert_eq!(c.to_string(), "0874");
        assert_eq!(Code::new("075A").unwrap().as_str(), "075A");
        assert!(Code::new("").is_none());
        assert!(Code::new("12345678").is_none());
        assert!(Code::new("01-2").is_none());
        assert!(Code::new("112") < Code::new("1121"));
    }
}
