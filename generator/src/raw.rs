//! Text → JSON tree, for JSON and YAML alike, noticing what a plain `serde_json::Value`
//! would silently accept: repeated keys (the last one wins), YAML tags, and numbers
//! that are not finite (`.nan`, `.inf`).
//!
//! Nesting depth is bounded by the parsers themselves (serde_json and serde_yaml stop
//! at 128 levels with a "recursion limit exceeded" error), so this recursion is too.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

use crate::diagnostics::pointer_push;

/// A loaded tree and what was noticed on the way.
pub struct Loaded {
    pub value: Value,
    /// Pointers of keys that appeared more than once in their object.
    pub duplicates: Vec<String>,
}

/// Where the visitor is, and what it found.
#[derive(Default)]
pub struct Context {
    path: Vec<Segment>,
    duplicates: Vec<String>,
    /// Pointer of the node a visitor error is about (parser errors have none).
    pub error_pointer: Option<String>,
}

enum Segment {
    Key(String),
    Index(usize),
}

impl Context {
    fn pointer(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            out = match seg {
                Segment::Key(k) => pointer_push(&out, k),
                Segment::Index(i) => pointer_push(&out, &i.to_string()),
            };
        }
        out
    }

    fn fail<E: de::Error>(&mut self, message: String) -> E {
        self.error_pointer = Some(self.pointer());
        E::custom(message)
    }
}

/// Deserialize one tree with `deserializer`, recording into `cx`. On error,
/// `cx.error_pointer` is the node being read when it happened.
pub fn load<'de, D: Deserializer<'de>>(
    deserializer: D,
    cx: &mut Context,
) -> Result<Loaded, D::Error> {
    match (Node { cx: &mut *cx }).deserialize(deserializer) {
        Ok(value) => Ok(Loaded {
            value,
            duplicates: std::mem::take(&mut cx.duplicates),
        }),
        Err(e) => {
            if cx.error_pointer.is_none() {
                cx.error_pointer = Some(cx.pointer());
            }
            Err(e)
        }
    }
}

struct Node<'c> {
    cx: &'c mut Context,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        match Number::from_f64(v) {
            Some(n) => Ok(Value::Number(n)),
            None => Err(self.cx.fail(format!(
                "the number {v} is not finite, which JSON cannot represent"
            ))),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Node { cx: self.cx }.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        loop {
            self.cx.path.push(Segment::Index(out.len()));
            let next = seq.next_element_seed(Node { cx: &mut *self.cx })?;
            self.cx.path.pop();
            match next {
                Some(v) => out.push(v),
                None => return Ok(Value::Array(out)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.cx.path.push(Segment::Key(key));
            let value = map.next_value_seed(Node { cx: &mut *self.cx })?;
            let repeated = out.contains_key(match self.cx.path.last() {
                Some(Segment::Key(k)) => k.as_str(),
                _ => "",
            });
            if repeated {
                let pointer = self.cx.pointer();
                self.cx.duplicates.push(pointer);
            }
            if let Some(Segment::Key(key)) = self.cx.path.pop() {
                out.insert(key, value);
            }
        }
        Ok(Value::Object(out))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // Only YAML produces enums here: a tagged node such as `!custom value`.
        let (tag, _rest) = data.variant::<String>()?;
        Err(self.cx.fail(format!(
            "YAML tags are not supported (found `!{tag}`); write plain JSON-compatible values"
        )))
    }
}
