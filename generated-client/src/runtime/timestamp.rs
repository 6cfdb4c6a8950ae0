//! `date-time` values: parsed, and sent back exactly as received.

use std::fmt;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::validate::{Validate, Violations};

/// An RFC 3339 timestamp. Decoding rejects anything that is not one; the original
/// text is kept so a decoded document re-encodes byte for byte.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    raw: String,
    parsed: DateTime<FixedOffset>,
}

impl Timestamp {
    /// Parse an RFC 3339 string.
    pub fn parse(text: &str) -> Result<Self, chrono::ParseError> {
        let parsed = DateTime::parse_from_rfc3339(text)?;
        Ok(Self { raw: text.to_string(), parsed })
    }

    /// The instant, in UTC.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.parsed.with_timezone(&Utc)
    }

    /// The instant with the offset it was written with.
    pub fn as_datetime(&self) -> &DateTime<FixedOffset> {
        &self.parsed
    }

    /// The text as received (or as formatted, for values built from a `DateTime`).
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Self {
        Self { raw: value.to_rfc3339_opts(SecondsFormat::AutoSi, true), parsed: value.fixed_offset() }
    }
}

impl std::str::FromStr for Timestamp {
    type Err = chrono::ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.parsed.cmp(&other.parsed).then_with(|| self.raw.cmp(&other.raw))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.raw)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(|e| serde::de::Error::custom(format!("invalid date-time \"{text}\": {e}")))
    }
}

impl Validate for Timestamp {
    fn validate_at(&self, _path: &str, _violations: &mut Violations) {}
}
