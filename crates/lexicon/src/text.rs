//! Line-level helpers shared by the readers of dyad's formats.

use crate::diag::Diagnostic;
use crate::tokenize::{fold, is_case_sensitive_acronym, name_tokens};
use std::collections::HashMap;

/// The line without its comment: `#` at the start of the line or after whitespace starts
/// a comment (so `C#` is no comment). Trailing whitespace is trimmed.
pub(crate) fn strip_comment(line: &str) -> &str {
    let mut prev_ws = true;
    for (i, c) in line.char_indices() {
        if c == '#' && prev_ws {
            return line[..i].trim_end();
        }
        prev_ws = c.is_whitespace();
    }
    line.trim_end()
}

/// The matching key of a name: its folded tokens joined by single spaces.
pub(crate) fn name_key(name: &str) -> String {
    let toks = name_tokens(name);
    let mut key = String::with_capacity(name.len());
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(&fold(t));
    }
    key
}

/// Finds names used twice within one file.
#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    seen: HashMap<String, (usize, u32, String)>,
}

impl NameIndex {
    /// Records `name` (of entry `entry`, written at `line`); reports a collision with an
    /// earlier entry as an error, a repetition within the same entry as a warning. `label`
    /// names the earlier entry in messages.
    pub(crate) fn add(
        &mut self,
        file: &str,
        name: &str,
        entry: usize,
        line: u32,
        label: &str,
        diags: &mut Vec<Diagnostic>,
    ) {
        // Short capitalised acronyms match case-sensitively, so `NATO` and `Nato` differ.
        let key = if is_case_sensitive_acronym(&name_tokens(name)) {
            format!("={name}")
        } else {
            name_key(name)
        };
        if key.is_empty() {
            return;
        }
        match self.seen.get(&key) {
            Some((e, l, other)) if *e == entry => diags.push(Diagnostic::warning(
                file,
                line,
                format!("name `{name}` is listed twice in entry `{other}` (also at line {l})"),
            )),
            Some((_, l, other)) => diags.push(Diagnostic::error(
                file,
                line,
                format!("name `{name}` already names entry `{other}` (line {l}); a name may belong to one entry per file"),
            )),
            None => {
                self.seen.insert(key, (entry, line, label.to_string()));
            }
        }
    }
}

/// Splits `a | b | c` into trimmed names, reporting empty ones.
pub(crate) fn split_names(
    s: &str,
    file: &str,
    line: u32,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split('|') {
        let n = part.trim();
        if n.is_empty() {
            diags.push(Diagnostic::error(
                file,
                line,
                "empty name (check the ` | ` separators)",
            ));
        } else {
            out.push(n.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_comments() {
        assert_eq!(strip_comment("# all comment"), "");
        assert_eq!(strip_comment("  TURGOV 2003..   # pm"), "  TURGOV 2003..");
        assert_eq!(strip_comment("C# programmers"), "C# programmers");
        assert_eq!(strip_comment("x\t#y"), "x");
    }

    #[test]
    fn keys_fold_tokens() {
        assert_eq!(name_key("Iran's  Army"), "iran 's army");
        assert_eq!(name_key("IRAN\u{2019}S ARMY"), "iran 's army");
    }
}
