//! Client-side validation of request bodies against the limits in the OpenAPI spec.
//!
//! Generated request types implement [`Validate`] by calling the checks on
//! [`Violations`] for each constrained field and recursing into nested values.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

/// A value that can check itself against its schema's constraints.
pub trait Validate {
    /// Record every violation found in `self` into `v`; `path` is where `self` sits
    /// in the request (`""` for the request itself).
    fn validate_at(&self, path: &str, v: &mut Violations);

    /// Validate `self` as a whole request.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut v = Violations::new();
        self.validate_at("", &mut v);
        v.into_result()
    }
}

/// Join a field name onto a parent path: `join_path("", "a") == "a"`,
/// `join_path("a", "b") == "a.b"`.
pub fn join_path(parent: &str, field: &str) -> String {
    match (parent.is_empty(), field.is_empty()) {
        (true, _) => field.to_owned(),
        (false, true) => parent.to_owned(),
        (false, false) => format!("{parent}.{field}"),
    }
}

/// One failed constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Path of the offending field, e.g. `custom_metadata` or `devices[2].name`.
    pub field: String,
    /// What is wrong, naming the limit.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// The violations found when validating a request; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Every violation found, in the order found.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid request: ")?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            fmt::Display::fmt(v, f)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Collects violations while a value is validated.
#[derive(Debug, Clone, Default)]
pub struct Violations {
    list: Vec<Violation>,
}

/// Longest part of a user-supplied key quoted in a message.
const MAX_QUOTED_CHARS: usize = 40;

fn quote_key(key: &str) -> String {
    let mut chars = key.chars();
    let head: String = chars.by_ref().take(MAX_QUOTED_CHARS).collect();
    if chars.next().is_some() {
        format!("{head:?}…")
    } else {
        format!("{head:?}")
    }
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl Violations {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Record a violation of any kind.
    pub fn push(&mut self, field: &str, message: String) {
        self.list.push(Violation {
            field: field.to_owned(),
            message,
        });
    }

    /// Check a string's length in characters (not bytes).
    pub fn str_len(&mut self, field: &str, value: &str, min: Option<u64>, max: Option<u64>) {
        if min.is_none() && max.is_none() {
            return;
        }
        let len = value.chars().count() as u64;
        if let Some(min) = min {
            if len < min {
                self.push(
                    field,
                    format!(
                        "must be at least {} long, got {len}",
                        plural(min, "character")
                    ),
                );
            }
        }
        if let Some(max) = max {
            if len > max {
                self.push(
                    field,
                    format!(
                        "must be at most {} long, got {len}",
                        plural(max, "character")
                    ),
                );
            }
        }
    }

    /// Check a number against inclusive or exclusive bounds. NaN violates any bound.
    pub fn number(
        &mut self,
        field: &str,
        value: f64,
        min: Option<f64>,
        max: Option<f64>,
        exclusive_min: bool,
        exclusive_max: bool,
    ) {
        if value.is_nan() {
            if min.is_some() || max.is_some() {
                self.push(field, "must be a number, got NaN".to_owned());
            }
            return;
        }
        if let Some(min) = min {
            if exclusive_min && value <= min {
                self.push(field, format!("must be greater than {min}, got {value}"));
            } else if !exclusive_min && value < min {
                self.push(field, format!("must be at least {min}, got {value}"));
            }
        }
        if let Some(max) = max {
            if exclusive_max && value >= max {
                self.push(field, format!("must be less than {max}, got {value}"));
            } else if !exclusive_max && value > max {
                self.push(field, format!("must be at most {max}, got {value}"));
            }
        }
    }

    /// Check the number of items of an array.
    pub fn items(&mut self, field: &str, len: usize, min: Option<u64>, max: Option<u64>) {
        let len = len as u64;
        if let Some(min) = min {
            if len < min {
                self.push(
                    field,
                    format!("at least {} required, got {len}", plural(min, "item")),
                );
            }
        }
        if let Some(max) = max {
            if len > max {
                self.push(
                    field,
                    format!("at most {} allowed, got {len}", plural(max, "item")),
                );
            }
        }
    }

    /// Check that `value` matches `pattern` somewhere (JSON Schema `pattern` is unanchored).
    ///
    /// Each pattern is compiled once and cached. A pattern that does not compile is
    /// reported as a violation.
    pub fn pattern(&mut self, field: &str, value: &str, pattern: &'static str) {
        match compiled(pattern) {
            Ok(re) => {
                if !re.is_match(value) {
                    self.push(field, format!("must match the pattern `{pattern}`"));
                }
            }
            Err(err) => self.push(
                field,
                format!("cannot be checked: the pattern `{pattern}` is not supported ({err})"),
            ),
        }
    }

    /// Check an object used as a map: its number of keys and the length of each key.
    pub fn map<'a>(
        &mut self,
        field: &str,
        len: usize,
        max_properties: Option<u64>,
        keys: impl Iterator<Item = &'a str>,
        max_key_len: Option<u64>,
    ) {
        if let Some(max) = max_properties {
            if len as u64 > max {
                self.push(
                    field,
                    format!("at most {} allowed, got {len}", plural(max, "key")),
                );
            }
        }
        if let Some(max) = max_key_len {
            for key in keys {
                let key_len = key.chars().count() as u64;
                if key_len > max {
                    self.push(
                        field,
                        format!(
                            "key {} must be at most {} long, got {key_len}",
                            quote_key(key),
                            plural(max, "character")
                        ),
                    );
                }
            }
        }
    }

    /// Whether no violation has been recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Number of violations recorded.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The violations recorded so far.
    pub fn as_slice(&self) -> &[Violation] {
        &self.list
    }

    /// `Ok(())` if nothing was recorded, otherwise a [`ValidationError`] with every violation.
    pub fn into_result(self) -> Result<(), ValidationError> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.list,
            })
        }
    }
}

type PatternCache = HashMap<&'static str, Result<Arc<regex_lite::Regex>, String>>;

fn compiled(pattern: &'static str) -> Result<Arc<regex_lite::Regex>, String> {
    static CACHE: OnceLock<Mutex<PatternCache>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    // A poisoned lock only means another thread panicked while holding it; the map is still usable.
    let mut map = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    map.entry(pattern)
        .or_insert_with(|| {
            regex_lite::Regex::new(pattern)
                .map(Arc::new)
                .map_err(|e| e.to_string())
        })
        .clone()
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_at(&self, path: &str, v: &mut Violations) {
        (**self).validate_at(path, v);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, path: &str, v: &mut Violations) {
        (**self).validate_at(path, v);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &str, v: &mut Violations) {
        if let Some(inner) = self {
            inner.validate_at(path, v);
        }
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_at(&self, path: &str, v: &mut Violations) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&format!("{path}[{i}]"), v);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &str, v: &mut Violations) {
        self.as_slice().validate_at(path, v);
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, path: &str, v: &mut Violations) {
        for (key, value) in self {
            value.validate_at(&join_path(path, key), v);
        }
    }
}

impl<T: Validate, S> Validate for HashMap<String, T, S> {
    fn validate_at(&self, path: &str, v: &mut Violations) {
        for (key, value) in self {
            value.validate_at(&join_path(path, key), v);
        }
    }
}

macro_rules! no_constraints {
    ($($t:ty),* $(,)?) => {
        $(
            impl Validate for $t {
                fn validate_at(&self, _path: &str, _v: &mut Violations) {}
            }
        )*
    };
}

no_constraints!(
    (),
    String,
    str,
    bool,
    i32,
    i64,
    u32,
    u64,
    f32,
    f64,
    uuid::Uuid,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDate,
    serde_json::Value,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_path_cases() {
        assert_eq!(join_path("", "a"), "a");
        assert_eq!(join_path("a", "b"), "a.b");
        assert_eq!(join_path("a", ""), "a");
        assert_eq!(join_path("", ""), "");
    }

    #[test]
    fn pattern_cache_reuses_compiled_regex() {
        let a = compiled("^abc$");
        let b = compiled("^abc$");
        match (a, b) {
            (Ok(a), Ok(b)) => assert!(Arc::ptr_eq(&a, &b)),
            other => panic!("unexpected: {other:?}"),
        }
        assert!(compiled("(").is_err());
    }
}
