//! Every Rust name is decided here: case conversion (heck), identifier
//! sanitising, keywords, and deterministic collision handling.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words for symbols, used when a name has no letters or digits of its own
/// or when spelling symbols out is what tells two names apart.
fn symbol_word(c: char) -> Option<&'static str> {
    Some(match c {
        '=' => "eq",
        '<' => "lt",
        '>' => "gt",
        '!' => "not",
        '+' => "plus",
        '-' => "minus",
        '*' => "star",
        '/' => "slash",
        '.' => "dot",
        '@' => "at",
        '#' => "hash",
        '$' => "dollar",
        '%' => "percent",
        '&' => "and",
        '|' => "or",
        '~' => "tilde",
        '^' => "caret",
        '?' => "question",
        ':' => "colon",
        ',' => "comma",
        '(' | ')' => "paren",
        '{' | '}' => "brace",
        '[' | ']' => "bracket",
        _ => return None,
    })
}

/// Split into ASCII words: letters/digits kept, other ASCII as separators, non-ASCII spelled as `u<hex>`.
fn ascii_words(s: &str, spell_symbols: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !c.is_ascii() {
            out.push_str(&format!(" u{:x} ", c as u32));
        } else if spell_symbols && c == '[' && chars.peek() == Some(&']') {
            chars.next();
            out.push_str(" array ");
        } else if let (true, Some(w)) = (spell_symbols, symbol_word(c)) {
            out.push(' ');
            out.push_str(w);
            out.push(' ');
        } else {
            out.push(' ');
        }
    }
    out
}

fn has_word_chars(s: &str) -> bool {
    s.chars().any(|c| c.is_alphanumeric())
}

/// UpperCamelCase type or variant name; never empty, never starting with a digit.
pub fn type_name(raw: &str) -> String {
    upper_camel(raw, !has_word_chars(raw))
}

/// The same with symbols spelled out: the second choice when two names collide.
pub fn type_name_spelled(raw: &str) -> String {
    upper_camel(raw, true)
}

fn upper_camel(raw: &str, spell_symbols: bool) -> String {
    let mut name = ascii_words(raw, spell_symbols).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    if name == "Self" {
        name = "SelfValue".to_string();
    }
    name
}

/// snake_case field or method name; never empty, never starting with a digit.
/// Keywords are kept (the emitter writes them as raw identifiers where Rust allows).
pub fn field_name(raw: &str) -> String {
    let spell = !has_word_chars(raw);
    let mut name = ascii_words(raw, spell).to_snake_case();
    if name.is_empty() {
        name = "field".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    if matches!(name.as_str(), "self" | "super" | "crate" | "extern" | "_") {
        name.push('_');
    }
    name
}

/// Standard-library names the generated code (and the runtime's macros) use unqualified:
/// a generated type with one of these names would shadow it.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Rust keywords that need `r#` when used as identifiers (2021 edition, plus reserved words).
pub fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

/// Hands out unique names within one scope, in call order (so deterministic for a deterministic walk).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved(names: &[&str]) -> Self {
        Self {
            taken: names.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `first` if free, else `second` if given and free, else `first` with the smallest free number suffix.
    pub fn claim(&mut self, first: &str, second: Option<&str>) -> String {
        let choice = if !self.taken.contains(first) {
            first.to_string()
        } else if let Some(s) = second.filter(|s| !self.taken.contains(*s)) {
            s.to_string()
        } else {
            let snake = first.contains('_')
                || first
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            // `self_` + 2 → `self_2`, not `self__2` (not snake case).
            let sep = if snake && !first.ends_with('_') {
                "_"
            } else {
                ""
            };
            (2u32..)
                .map(|n| format!("{first}{sep}{n}"))
                .find(|cand| !self.taken.contains(cand))
                .unwrap_or_else(|| first.to_string())
        };
        self.taken.insert(choice.clone());
        choice
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("connected_account"), "ConnectedAccount");
        assert_eq!(type_name("1d"), "V1d");
        assert_eq!(type_name("="), "Eq");
        assert_eq!(type_name(""), "Empty");
        assert_eq!(type_name("string[]"), "String");
        assert_eq!(type_name_spelled("string[]"), "StringArray");
        assert_eq!(type_name("héllo"), "HUe9Llo");
        assert_eq!(type_name("Self"), "SelfValue");
        assert_eq!(type_name_spelled("Self"), "SelfValue");
        assert_eq!(type_name_spelled("self"), "SelfValue");
    }

    #[test]
    fn field_names() {
        assert_eq!(field_name("type"), "type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("1hour"), "n1hour");
        assert_eq!(field_name("???"), "question_question_question");
        assert_eq!(field_name("validate-config"), "validate_config");
        assert_eq!(field_name(""), "field");
    }

    #[test]
    fn scope_claims() {
        let mut s = Scope::default();
        assert_eq!(s.claim("String", Some("StringArray")), "String");
        assert_eq!(s.claim("String", Some("StringArray")), "StringArray");
        assert_eq!(s.claim("String", Some("StringArray")), "String2");
        let mut f = Scope::default();
        assert_eq!(f.claim("foo_bar", None), "foo_bar");
        assert_eq!(f.claim("foo_bar", None), "foo_bar_2");
        assert_eq!(f.claim("self_", None), "self_");
        assert_eq!(f.claim("self_", None), "self_2");
    }
}
