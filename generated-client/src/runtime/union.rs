//! Support for generated types: forward-compatible string enums, tagged unions with
//! a raw-JSON fallback, tri-state optional fields, and action-attempt helpers.
//!
//! Generated string enums and tagged unions are plain items whose per-value code (wire
//! names, tag matching) is generated; the parts that do not depend on the values are
//! here: the crate-private `string_enum!` macro (one invocation per enum), and the
//! functions tagged unions call to serialize a variant. Tagged unions decode through
//! [`tagged`](super::tagged).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::wait::AttemptState;

/// The value-independent impls of a generated string enum. The generated code
/// declares the enum (its known values plus `Unknown(String)`), its `as_str` and its
/// `From<&str>`; this adds `is_unknown`, `FromStr`, `Display` and the serde impls,
/// which go through those two, so unknown values are kept and serialize back unchanged.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident) => {
        impl $name {
            /// Whether this is a value the client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            // Not `Self::Err`: a value `err` makes a variant of that name.
            fn from_str(value: &str) -> Result<Self, std::convert::Infallible> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::union::deserialize_enum_str(deserializer, |s| Self::from(s))
            }
        }
    };
}
pub(crate) use string_enum;

/// One fact a document must show to be a variant of an evidence union (decided by the
/// generator from the spec: JSON types, enum values of a property, required properties).
/// Paths are property names from the document's root; an empty path is the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// The document's JSON type is in this set of [`json_type`] bits.
    Type(u8),
    /// The value at the path is a string, one of these.
    Str(&'static [&'static str], &'static [&'static str]),
    /// The value at the path is this boolean.
    Bool(&'static [&'static str], bool),
    /// The path exists (its value may be anything, `null` included).
    Present(&'static [&'static str]),
}

/// JSON types as bits, for [`Evidence::Type`]. `INTEGER` is a number without a
/// fraction or exponent that fits `i64` or `u64`.
pub mod json_type {
    pub const NULL: u8 = 1;
    pub const BOOLEAN: u8 = 2;
    pub const INTEGER: u8 = 4;
    pub const NUMBER: u8 = 8;
    pub const STRING: u8 = 16;
    pub const ARRAY: u8 = 32;
    pub const OBJECT: u8 = 64;
}

fn type_bit(value: &Value) -> u8 {
    match value {
        Value::Null => json_type::NULL,
        Value::Bool(_) => json_type::BOOLEAN,
        Value::Number(n) if n.is_i64() || n.is_u64() => json_type::INTEGER,
        Value::Number(_) => json_type::NUMBER,
        Value::String(_) => json_type::STRING,
        Value::Array(_) => json_type::ARRAY,
        Value::Object(_) => json_type::OBJECT,
    }
}

fn at_path<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter()
        .try_fold(value, |v, key| v.as_object()?.get(*key))
}

impl Evidence {
    /// Whether the document shows this.
    pub fn holds(&self, value: &Value) -> bool {
        match *self {
            Evidence::Type(bits) => type_bit(value) & bits != 0,
            Evidence::Str(path, values) => at_path(value, path)
                .and_then(Value::as_str)
                .is_some_and(|s| values.contains(&s)),
            Evidence::Bool(path, expected) => {
                at_path(value, path).and_then(Value::as_bool) == Some(expected)
            }
            Evidence::Present(path) => at_path(value, path).is_some(),
        }
    }
}

/// Decode an evidence union: every variant whose evidence all holds is tried in order
/// (`decode(index, value)`), and the first that decodes wins. When some variant's
/// evidence held but none decoded, the first variant's error is returned (the document
/// claims to be that variant and is not); when no variant's evidence held, the
/// document is kept whole by `unknown`.
pub fn decode_by_evidence<T, E>(
    value: Value,
    evidence: &[&[Evidence]],
    unknown: impl FnOnce(Value) -> T,
    decode: impl Fn(usize, &Value) -> Option<Result<T, E>>,
) -> Result<T, E> {
    let mut first_error = None;
    for (index, checks) in evidence.iter().enumerate() {
        if !checks.iter().all(|c| c.holds(&value)) {
            continue;
        }
        match decode(index, &value) {
            Some(Ok(decoded)) => return Ok(decoded),
            Some(Err(e)) => {
                first_error.get_or_insert(e);
            }
            None => {}
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(unknown(value)),
    }
}

/// Decode one alternative of an evidence union from the whole document, naming the
/// variant and the inner path on failure.
pub fn decode_alternative<T: DeserializeOwned, E: serde::de::Error>(
    value: &Value,
    variant: &str,
) -> Result<T, E> {
    // Fast path without path tracking; only a failure pays for locating the error.
    if let Ok(decoded) = T::deserialize(value) {
        return Ok(decoded);
    }
    serde_path_to_error::deserialize(value).map_err(|e| variant_error(variant, &e))
}

/// A variant's decode error, naming the variant and the path inside it.
pub(crate) fn variant_error<I: std::fmt::Display, E: serde::de::Error>(
    variant: &str,
    e: &serde_path_to_error::Error<I>,
) -> E {
    let path = e.path().to_string();
    if path == "." || path.is_empty() {
        E::custom(format!("variant {variant}: {}", e.inner()))
    } else {
        E::custom(format!("variant {variant}, at {path}: {}", e.inner()))
    }
}

/// Deserialize a string (borrowed or owned) and map it.
pub fn deserialize_enum_str<'de, D, T>(
    deserializer: D,
    f: impl Fn(&str) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct Visitor<F>(F);
    impl<'de, T, F: Fn(&str) -> T> serde::de::Visitor<'de> for Visitor<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }
    }
    deserializer.deserialize_str(Visitor(f))
}

/// The string value of a tag property, if the document is an object that has one.
pub fn tag_of<'v>(value: &'v Value, tag: &str) -> Option<&'v str> {
    value.as_object()?.get(tag)?.as_str()
}

/// Serialize a variant's payload with its tag properties added back.
pub fn serialize_tagged<S: Serializer, T: Serialize>(
    serializer: S,
    inner: &T,
    tags: &[(&str, &str)],
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    let mut value = serde_json::to_value(inner).map_err(S::Error::custom)?;
    match &mut value {
        Value::Object(map) => {
            for (tag, v) in tags {
                map.insert((*tag).to_string(), Value::String((*v).to_string()));
            }
        }
        _ => {
            return Err(S::Error::custom(
                "a tagged union payload must serialize to an object",
            ))
        }
    }
    value.serialize(serializer)
}

/// For optional nullable fields (`Option<Option<T>>`): absent → `None`, `null` →
/// `Some(None)`, a value → `Some(Some(v))`. Use with `#[serde(default)]`.
pub fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A string field of a value's JSON form (e.g. an action attempt's id).
pub fn json_string_field<T: Serialize>(value: &T, field: &str) -> Option<String> {
    match serde_json::to_value(value).ok()? {
        Value::Object(map) => map.get(field)?.as_str().map(str::to_string),
        _ => None,
    }
}

/// The state of an action attempt from its status field.
pub fn attempt_state<T: Serialize>(
    attempt: &T,
    field: &str,
    pending: &str,
    success: &str,
    error: &str,
) -> AttemptState {
    match json_string_field(attempt, field).as_deref() {
        Some(s) if s == success => AttemptState::Success,
        Some(s) if s == error => AttemptState::Error,
        Some(s) if s == pending => AttemptState::Pending,
        // An unknown status is not a finished one: keep polling until the timeout.
        _ => AttemptState::Pending,
    }
}
