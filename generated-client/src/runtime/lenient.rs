//! Required fields that servers leave out anyway: tolerated, and not invented on the way back.

use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::de::{Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// How a [`Lenient`] field appeared in the decoded document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Presence {
    /// The key was there with a value (or the field was set in code).
    #[default]
    Sent,
    /// The key was missing; the field holds its empty value and is not encoded.
    Missing,
    /// The key was `null`; the field holds its empty value and is encoded as `null`.
    Null,
}

/// A field the spec requires but servers drift on: an array, a map, a nullable, or an
/// object whose fields are all optional, inside a resource. A missing key decodes as the
/// empty value (`[]`, `{}`, `None`, all fields unset), and so does `null` where the
/// type has no `null` of its own; the [`Presence`] is remembered so that re-encoding
/// writes exactly what was received: no key for a missing one, `null` for `null`.
///
/// Reads go through `Deref` (`account.errors.iter()`, `device.errors.is_empty()`,
/// `code.ends_at.as_ref()`: there is deliberately no `AsRef`, so `Option::as_ref` is found).
/// A mutable borrow (`DerefMut`) marks the field as [`Presence::Sent`], so a changed
/// value is always encoded. Costs one byte (plus padding) beside the value.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Lenient<T> {
    value: T,
    presence: Presence,
}

impl<T> Lenient<T> {
    /// A value that is sent.
    pub fn new(value: T) -> Self {
        Self {
            value,
            presence: Presence::Sent,
        }
    }

    /// How the field appeared in the decoded document.
    pub fn presence(&self) -> Presence {
        self.presence
    }

    /// Whether the key was missing (then it is not encoded either).
    pub fn is_missing(&self) -> bool {
        self.presence == Presence::Missing
    }

    /// Whether the key was `null` where the type has no `null` of its own.
    pub fn is_null(&self) -> bool {
        self.presence == Presence::Null
    }

    /// The value (the empty value when the key was missing or `null`).
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: Default> Lenient<T> {
    /// The empty value, for a key that is missing.
    pub fn missing() -> Self {
        Self {
            value: T::default(),
            presence: Presence::Missing,
        }
    }
}

impl<T> From<T> for Lenient<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T> Deref for Lenient<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Lenient<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.presence = Presence::Sent;
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Lenient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)?;
        match self.presence {
            Presence::Sent => Ok(()),
            Presence::Missing => f.write_str(" (missing)"),
            Presence::Null => f.write_str(" (null)"),
        }
    }
}

impl<T: Serialize> Serialize for Lenient<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.presence {
            Presence::Null => serializer.serialize_none(),
            // `Missing` is skipped by the field's `skip_serializing_if`; anywhere else
            // it is the empty value.
            Presence::Sent | Presence::Missing => self.value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LenientVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for LenientVisitor<T> {
            type Value = Lenient<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Lenient {
                    value: T::default(),
                    presence: Presence::Null,
                })
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                self.visit_none()
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                T::deserialize(d).map(Lenient::new)
            }
        }
        deserializer.deserialize_option(LenientVisitor(std::marker::PhantomData))
    }
}

/// `skip_serializing_if` of generated [`Lenient`] fields.
pub fn is_missing<T>(field: &Lenient<T>) -> bool {
    field.is_missing()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Resource {
        id: String,
        #[serde(default = "Lenient::missing", skip_serializing_if = "is_missing")]
        errors: Lenient<Vec<String>>,
        #[serde(default = "Lenient::missing", skip_serializing_if = "is_missing")]
        owner: Lenient<Option<String>>,
    }

    fn round_trip(text: &str) -> Resource {
        let decoded: Resource = serde_json::from_str(text).unwrap();
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap(), value, "{text}");
        decoded
    }

    #[test]
    fn missing_and_null_are_kept_apart() {
        let r = round_trip(r#"{"id":"a"}"#);
        assert!(r.errors.is_empty() && r.errors.is_missing());
        assert_eq!(*r.owner, None);
        assert!(r.owner.is_missing());

        let r = round_trip(r#"{"id":"a","errors":null,"owner":null}"#);
        assert_eq!(
            (r.errors.presence(), r.owner.presence()),
            (Presence::Null, Presence::Null)
        );
        assert!(r.errors.is_empty());

        let r = round_trip(r#"{"id":"a","errors":["x"],"owner":"me"}"#);
        assert_eq!(
            (&r.errors[..], r.owner.as_deref()),
            (&["x".to_string()][..], Some("me"))
        );
        assert_eq!(r.errors.presence(), Presence::Sent);

        // A wrong type is still an error.
        assert!(serde_json::from_str::<Resource>(r#"{"id":"a","errors":5}"#).is_err());
    }

    #[test]
    fn a_changed_value_is_sent() {
        let mut r: Resource = serde_json::from_str(r#"{"id":"a","errors":null}"#).unwrap();
        r.errors.push("new".to_string());
        r.owner.replace("me".to_string());
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({"id": "a", "errors": ["new"], "owner": "me"})
        );
    }

    #[test]
    fn cheap() {
        assert_eq!(
            std::mem::size_of::<Lenient<Vec<u8>>>(),
            std::mem::size_of::<Vec<u8>>() + 8
        );
    }
}
