//! Ids (`format: uuid` in the spec): opaque strings, kept exactly as received.

use std::borrow::Borrow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// An id as the server sent it. The spec documents ids as UUIDs, but servers (Seam's
/// own fake among them: `action_attempt1`, `acs_user1`) hand out other strings, and
/// Seam's official SDKs treat ids as opaque, so any string is accepted and sent back
/// unchanged. [`Id::as_uuid`] parses it when it is a UUID.
///
/// Just a `String` inside: decoding allocates the string and nothing else.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Id(String);

impl Id {
    /// An id from any string.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as a UUID, when it is one (in any form `uuid` parses).
    pub fn as_uuid(&self) -> Option<Uuid> {
        Uuid::parse_str(&self.0).ok()
    }

    /// The id's string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Id {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl From<String> for Id {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&String> for Id {
    fn from(value: &String) -> Self {
        Self(value.clone())
    }
}

impl From<&Id> for Id {
    fn from(value: &Id) -> Self {
        value.clone()
    }
}

/// A UUID in its usual lower-case hyphenated form.
impl From<Uuid> for Id {
    fn from(value: Uuid) -> Self {
        Self(value.to_string())
    }
}

impl From<Id> for String {
    fn from(value: Id) -> Self {
        value.0
    }
}

impl std::str::FromStr for Id {
    type Err = std::convert::Infallible;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(value))
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Id {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl PartialEq<Uuid> for Id {
    /// Equal when the id is that UUID (in any form `uuid` parses).
    fn eq(&self, other: &Uuid) -> bool {
        self.as_uuid() == Some(*other)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_string_round_trips() {
        for text in [
            "action_attempt1",
            "8d3c2b1a-7e6f-4a5b-9c8d-0e1f2a3b0001",
            "",
            "ÄÖ",
        ] {
            let json = serde_json::to_string(text).unwrap();
            let id: Id = serde_json::from_str(&json).unwrap();
            assert_eq!(id.as_str(), text);
            assert_eq!(serde_json::to_string(&id).unwrap(), json);
            assert_eq!(id.to_string(), text);
        }
        assert!(serde_json::from_str::<Id>("5").is_err());
        assert!(serde_json::from_str::<Id>("null").is_err());
    }

    #[test]
    fn uuids_parse_on_demand() {
        let text = "8d3c2b1a-7e6f-4a5b-9c8d-0e1f2a3b0001";
        let uuid = Uuid::parse_str(text).unwrap();
        assert_eq!(Id::from(text).as_uuid(), Some(uuid));
        assert_eq!(Id::from(uuid).as_str(), text);
        assert_eq!(Id::from(text), uuid);
        assert_eq!(Id::from("acs_user1").as_uuid(), None);
        assert_ne!(Id::from("acs_user1"), uuid);
        // Sent back as received, not normalised.
        let upper = text.to_uppercase();
        assert_eq!(Id::from(upper.as_str()).as_str(), upper);
        assert_eq!(std::mem::size_of::<Id>(), std::mem::size_of::<String>());
    }
}
