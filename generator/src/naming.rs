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

/// Names of inline types, each from its location: the owner's name, then one step of
/// the path. Every such name is made here, so a name depends on its location alone.
pub mod location {
    use super::type_name;

    /// A property's type: `AccessCode` + `errors` → `AccessCodeErrors`.
    pub fn property(owner: &str, property: &str) -> String {
        format!("{owner}{}", type_name(property))
    }

    /// An array's item type: `AccessCodeErrors` → `AccessCodeErrorsItem`.
    pub fn item(owner: &str) -> String {
        format!("{owner}Item")
    }

    /// A map's value type (also `additionalProperties`): `…CustomMetadata` → `…CustomMetadataValue`.
    pub fn value(owner: &str) -> String {
        format!("{owner}Value")
    }

    /// A union variant's payload: `AccessCodeErrorsItem` + `FailedToSetOnDevice`.
    pub fn variant(owner: &str, variant: &str) -> String {
        format!("{owner}{variant}")
    }

    /// A union alternative with no name of its own, by position: `…Variant0`.
    pub fn variant_at(owner: &str, index: usize) -> String {
        format!("{owner}Variant{index}")
    }

    /// An `allOf` member included whole (a union, or a type too deep to merge).
    pub fn all_of_member(owner: &str) -> String {
        format!("{owner}Variant")
    }

    /// An operation's argument type (parameters and body): `ConnectedAccountsUpdate` → `…Request`.
    pub fn request(operation: &str) -> String {
        format!("{operation}Request")
    }

    /// An operation's request body, when it is a field of the request: `…Body`.
    pub fn body(operation: &str) -> String {
        format!("{operation}Body")
    }

    /// An operation's success response body: `…Response`.
    pub fn response(operation: &str) -> String {
        format!("{operation}Response")
    }

    /// An operation's declared error body: `…Error`.
    pub fn error(operation: &str) -> String {
        format!("{operation}Error")
    }
}

/// The second choice for a name that is taken: a type shadowing a standard name
/// (`String` → `StringType`), an enum value or variant named like the fallback
/// (`Unknown` → `UnknownValue`), or any other repeat (`Name` → `Name2`… by the scope).
pub fn reserved_fallback(first: &str) -> String {
    if first == "Unknown" {
        format!("{first}Value")
    } else {
        format!("{first}Type")
    }
}

/// Second choices for names that are taken in their scope (the scope numbers any
/// further repeat: `Name2`, `Name3`…).
pub mod second_choice {
    use super::{reserved_fallback, UNKNOWN};

    /// A union variant: `Unknown` → `UnknownValue` (the fallback's name), else `NameVariant`.
    pub fn variant(first: &str) -> String {
        if first == UNKNOWN {
            reserved_fallback(first)
        } else {
            format!("{first}Variant")
        }
    }

    /// An untagged union variant named by its shape: `Unknown` → `UnknownValue`, else `Name2`.
    pub fn shape_variant(first: &str) -> String {
        if first == UNKNOWN {
            reserved_fallback(first)
        } else {
            format!("{first}2")
        }
    }

    /// A client method named by its operation that another operation already took:
    /// `list` → `list_get` (its HTTP method).
    pub fn method_with_http_method(base: &str, http_method: &str) -> String {
        format!("{base}_{http_method}")
    }

    /// A group method whose name the client itself uses: `get` → `get_call`.
    pub fn group_method(base: &str) -> String {
        format!("{base}_call")
    }

    /// A parameter field whose name another parameter took: `id` in the query → `id_query`.
    pub fn param_field(name: &str, location: &str) -> String {
        super::field_name(&format!("{name}_{location}"))
    }

    /// The unknown-properties field when a property is named `extra`.
    pub const EXTRA: &str = "extra_properties";
}

/// The field of every struct that keeps properties the spec does not declare.
pub const EXTRA: &str = "extra";

/// The struct of a route group: `["acs", "users"]` → `AcsUsers`.
pub fn group_type(group: &[String]) -> String {
    group.iter().map(|s| type_name(s)).collect()
}

/// The fallback variant of every enum and union.
pub const UNKNOWN: &str = "Unknown";

/// A client method for an operation without an `operationId`: `get_pets_pet_id`.
pub fn method_from_path(http_method: &str, path_words: &str) -> String {
    format!("{http_method}_{path_words}")
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
/// A settled name as a Rust identifier: `(text, raw)`, raw (`r#type`) for keywords.
/// Total: names are settled by the functions above, but anything that still is not an
/// identifier is repaired the same way they repair names, never a panic (`Ident::new`
/// panics on those, and on `r#self`, `r#Self`, `r#super`, `r#crate`).
pub fn identifier(name: &str) -> (String, bool) {
    let mut repaired: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if repaired.is_empty() || repaired.starts_with(|c: char| c.is_ascii_digit()) || repaired == "_"
    {
        repaired.insert(0, 'x');
    }
    match repaired.as_str() {
        "Self" => repaired = "SelfValue".to_string(),
        "self" | "super" | "crate" => repaired.push('_'),
        _ => {}
    }
    let raw = is_keyword(&repaired);
    (repaired, raw)
}

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
