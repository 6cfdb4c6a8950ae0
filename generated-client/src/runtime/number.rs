//! `type: number` values: any JSON number, kept exactly as received.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::validate::{Validate, Violations};

/// A JSON number. `1` stays `1` and `1.5` stays `1.5` through a decode and re-encode
/// (an `f64` would turn `1` into `1.0`). Read it with [`Number::as_f64`]; build it
/// from integers with `From`, or from an `f64` with `TryFrom` (NaN and infinities
/// are not JSON numbers).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Number(serde_json::Number);

impl Number {
    /// The value as an `f64` (rounded if it is a very large integer).
    pub fn as_f64(&self) -> f64 {
        self.0.as_f64().unwrap_or(f64::NAN)
    }

    /// The value as an `i64`, if it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.as_i64()
    }

    /// A finite `f64` as a number.
    pub fn from_f64(value: f64) -> Option<Self> {
        serde_json::Number::from_f64(value).map(Self)
    }

    /// The underlying JSON number.
    pub fn as_json(&self) -> &serde_json::Number {
        &self.0
    }
}

/// An `f64` that is NaN or infinite, which JSON cannot carry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NonFiniteNumber(pub f64);

impl fmt::Display for NonFiniteNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is not a JSON number", self.0)
    }
}

impl std::error::Error for NonFiniteNumber {}

impl TryFrom<f64> for Number {
    type Error = NonFiniteNumber;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Self::from_f64(value).ok_or(NonFiniteNumber(value))
    }
}

macro_rules! from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(value: $t) -> Self {
                Self(serde_json::Number::from(value))
            }
        }
    )*};
}
from_integer!(i8, i16, i32, i64, u8, u16, u32, u64);

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.as_f64().partial_cmp(&other.as_f64())
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Validate for Number {
    fn validate_at(&self, _path: &str, _violations: &mut Violations) {}
}

#[cfg(test)]
mod tests {
    use super::Number;

    #[test]
    fn integers_and_floats_keep_their_form() {
        let n: Number = serde_json::from_str("1").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "1");
        let f: Number = serde_json::from_str("1.5").unwrap();
        assert_eq!(serde_json::to_string(&f).unwrap(), "1.5");
        assert_eq!(f.as_f64(), 1.5);
        assert!(Number::try_from(f64::NAN).is_err());
        assert!(Number::from(2) < Number::try_from(2.5).unwrap());
    }
}
