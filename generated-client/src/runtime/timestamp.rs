//! `date-time` values: parsed, and sent back exactly as received.

use std::fmt;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::validate::{Validate, Violations};

/// An RFC 3339 timestamp. The original text is kept so a decoded document re-encodes
/// byte for byte. Servers drift, so an ISO 8601 date-time without an offset
/// (`2024-01-01T10:00:00`) or a bare date (`2024-01-01`) is accepted too and read as
/// UTC; anything else is a decode error.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    raw: String,
    parsed: DateTime<FixedOffset>,
}

impl Timestamp {
    /// Parse an RFC 3339 string (or, read as UTC, a date-time without offset or a date).
    pub fn parse(text: &str) -> Result<Self, chrono::ParseError> {
        let parsed = match DateTime::parse_from_rfc3339(text) {
            Ok(p) => p,
            Err(rfc3339_error) => Self::parse_lenient(text).ok_or(rfc3339_error)?,
        };
        Ok(Self {
            raw: text.to_string(),
            parsed,
        })
    }

    fn parse_lenient(text: &str) -> Option<DateTime<FixedOffset>> {
        use chrono::{NaiveDate, NaiveDateTime};
        let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
            .ok()
            .or_else(|| {
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
            })?;
        Some(naive.and_utc().fixed_offset())
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
        Self {
            raw: value.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            parsed: value.fixed_offset(),
        }
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
        self.parsed
            .cmp(&other.parsed)
            .then_with(|| self.raw.cmp(&other.raw))
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
        // Parsed from the text as the deserializer holds it: one allocation, for `raw`.
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Timestamp;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an RFC 3339 date-time string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text)
                    .map_err(|e| E::custom(format!("invalid date-time \"{text}\": {e}")))
            }
        }
        deserializer.deserialize_str(Text)
    }
}

impl Validate for Timestamp {
    fn validate_at(&self, _path: &str, _violations: &mut Violations) {}
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    #[test]
    fn parses_rfc3339_and_tolerates_missing_offsets() {
        let t = Timestamp::parse("2024-01-01T10:00:00.000Z").unwrap();
        assert_eq!(t.to_utc().timestamp(), 1_704_103_200);
        assert_eq!(t.as_str(), "2024-01-01T10:00:00.000Z");
        assert_eq!(
            Timestamp::parse("2024-01-01T10:00:00").unwrap().to_utc(),
            t.to_utc()
        );
        assert_eq!(
            Timestamp::parse("2024-01-01").unwrap().to_utc().timestamp(),
            1_704_067_200
        );
        assert!(Timestamp::parse("yesterday").is_err());
        assert_eq!(
            serde_json::to_string(&Timestamp::parse("2024-01-01T10:00:00+02:00").unwrap()).unwrap(),
            "\"2024-01-01T10:00:00+02:00\""
        );
    }
}
