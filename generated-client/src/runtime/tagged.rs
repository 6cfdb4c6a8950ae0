//! Decoding of tagged unions without building a `serde_json::Value`.
//!
//! A tagged union's variant is chosen by tag properties that may come anywhere in the
//! object, so the document has to be held until they are read. From `serde_json` (text,
//! or a `Value`, which renders itself as text) it is held as its raw JSON text (borrowed
//! from the input when possible), the tags are read by a scan that skips every other
//! value, and the chosen variant decodes straight from the text with its tag properties
//! left out. Building a `Value` instead allocates every key and string and hashes every
//! key into a map, which is what made unions the slow part of a list.
//!
//! Where raw text is not available (a union inside a `#[serde(flatten)]` field, another
//! format), or tagged unions nest more than [`MAX_TEXT_NESTING`] deep inside one another
//! (each text decode starts a fresh parser, whose recursion limit would otherwise not
//! bound the whole document), the document is read into a `Value` instead: the same
//! results, at the old cost.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, SeqAccessDeserializer, StringDeserializer};
use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use serde_json::Value;

/// How many tagged unions may decode from text inside one another; deeper ones decode
/// through a `Value`, so recursion stays within a few parsers' depth limits.
pub const MAX_TEXT_NESTING: usize = 3;

/// The name under which `serde_json` deserializers hand out a value's raw text (what
/// `serde_json::value::RawValue` asks for). A deserializer that does not know it gives
/// the value itself, which is read into a `Value`.
const RAW_TEXT: &str = "$serde_json::private::RawValue";

thread_local! {
    /// Tagged unions decoding from text on this thread, one inside the other.
    static TEXT_NESTING: Cell<usize> = const { Cell::new(0) };
}

/// A tagged union's document as sent, until its tags choose a variant.
pub struct TaggedDocument<'de>(Source<'de>);

enum Source<'de> {
    /// The raw JSON text.
    Text(Cow<'de, str>),
    /// The document, where its text was not available.
    Value(Value),
}

impl<'de> Deserialize<'de> for TaggedDocument<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if TEXT_NESTING.get() >= MAX_TEXT_NESTING {
            return Value::deserialize(deserializer).map(|v| TaggedDocument(Source::Value(v)));
        }
        deserializer
            .deserialize_newtype_struct(RAW_TEXT, DocumentVisitor)
            .map(TaggedDocument)
    }
}

/// Takes the raw text a `serde_json` deserializer offers for [`RAW_TEXT`], or else the
/// document itself, as a `Value`.
struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Source<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Source<'de>, D::Error> {
        Value::deserialize(d).map(Source::Value)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Source<'de>, A::Error> {
        let Some(Text(key)) = map.next_key::<Text<'de>>()? else {
            return Ok(Source::Value(Value::Object(serde_json::Map::new())));
        };
        if key == RAW_TEXT {
            return Ok(Source::Text(map.next_value::<Text<'de>>()?.0));
        }
        // A plain object after all: read it whole.
        let mut object = serde_json::Map::new();
        object.insert(key.into_owned(), map.next_value()?);
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            object.insert(k, v);
        }
        Ok(Source::Value(Value::Object(object)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Source<'de>, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Source::Value)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Source<'de>, D::Error> {
        Value::deserialize(d).map(Source::Value)
    }
    fn visit_none<E>(self) -> Result<Source<'de>, E> {
        Ok(Source::Value(Value::Null))
    }
    fn visit_unit<E>(self) -> Result<Source<'de>, E> {
        Ok(Source::Value(Value::Null))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Source<'de>, E> {
        Ok(Source::Value(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Source<'de>, E> {
        Ok(Source::Value(Value::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Source<'de>, E> {
        Ok(Source::Value(Value::from(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Source<'de>, E> {
        Ok(Source::Value(Value::from(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Source<'de>, E> {
        Ok(Source::Value(Value::String(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Source<'de>, E> {
        Ok(Source::Value(Value::String(v)))
    }
}

/// Counts a text decode as nested for as long as it lives.
struct Nested;

impl Nested {
    fn enter() -> Self {
        TEXT_NESTING.set(TEXT_NESTING.get() + 1);
        Nested
    }
}

impl Drop for Nested {
    fn drop(&mut self) {
        TEXT_NESTING.set(TEXT_NESTING.get().saturating_sub(1));
    }
}

impl TaggedDocument<'_> {
    /// The string values of the tag properties `tags`, in that order (`None` for a
    /// tag that is missing or not a string, and for all of them when the document is
    /// not an object). A property given twice counts with its last value.
    pub fn tags<const N: usize>(&self, tags: [&str; N]) -> [Option<Cow<'_, str>>; N] {
        match &self.0 {
            Source::Text(text) => {
                if !text.starts_with('{') {
                    return [const { None }; N];
                }
                let mut de = serde_json::Deserializer::from_str(text);
                // The text is one valid JSON value, so the scan cannot fail on syntax.
                TagScan { tags }
                    .deserialize(&mut de)
                    .unwrap_or([const { None }; N])
            }
            Source::Value(value) => tags.map(|t| super::union::tag_of(value, t).map(Cow::Borrowed)),
        }
    }

    /// Decode the variant `variant` (its payload: the document without the tag
    /// properties `tags`). A failure names the variant and the path inside it.
    pub fn decode_variant<T: DeserializeOwned, E: serde::de::Error>(
        &self,
        variant: &str,
        tags: &[&str],
    ) -> Result<T, E> {
        let text = match &self.0 {
            Source::Text(text) => text,
            Source::Value(value) => {
                let mut payload = value.clone();
                if let Value::Object(map) = &mut payload {
                    map.retain(|k, _| !tags.contains(&k.as_str()));
                }
                return super::union::decode_alternative(&payload, variant);
            }
        };
        let _nested = Nested::enter();
        // Fast path without path tracking; only a failure pays for locating the error.
        let mut de = serde_json::Deserializer::from_str(text);
        if let Ok(decoded) = T::deserialize(WithoutKeys {
            inner: &mut de,
            skip: tags,
        }) {
            return Ok(decoded);
        }
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(WithoutKeys {
            inner: &mut de,
            skip: tags,
        })
        .map_err(|e| super::union::variant_error(variant, &e))
    }

    /// The whole document as JSON, for a variant the client does not know.
    pub fn to_value<E: serde::de::Error>(&self) -> Result<Value, E> {
        match &self.0 {
            Source::Text(text) => serde_json::from_str(text).map_err(E::custom),
            Source::Value(value) => Ok(value.clone()),
        }
    }

    /// Whether the document is held as raw text (else as a `Value`).
    pub fn is_text(&self) -> bool {
        matches!(self.0, Source::Text(_))
    }
}

/// A key or string value, borrowed from the text when it has no escapes.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// A tag's value: its text if it is a string, else `None` (the value is skipped).
struct TagValue<'de>(Option<Cow<'de, str>>);

impl<'de> Deserialize<'de> for TagValue<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TagValue<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<TagValue<'de>, E> {
                Ok(TagValue(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<TagValue<'de>, E> {
                Ok(TagValue(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_bool<E>(self, _: bool) -> Result<TagValue<'de>, E> {
                Ok(TagValue(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<TagValue<'de>, E> {
                Ok(TagValue(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<TagValue<'de>, E> {
                Ok(TagValue(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<TagValue<'de>, E> {
                Ok(TagValue(None))
            }
            fn visit_unit<E>(self) -> Result<TagValue<'de>, E> {
                Ok(TagValue(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<TagValue<'de>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(TagValue(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TagValue<'de>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(TagValue(None))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Reads the values of the tag properties of an object, skipping everything else.
struct TagScan<'t, const N: usize> {
    tags: [&'t str; N],
}

impl<'de, const N: usize> DeserializeSeed<'de> for TagScan<'_, N> {
    type Value = [Option<Cow<'de, str>>; N];
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for TagScan<'_, N> {
    type Value = [Option<Cow<'de, str>>; N];
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = [const { None }; N];
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            match self.tags.iter().position(|t| *t == key) {
                Some(i) => found[i] = map.next_value::<TagValue<'de>>()?.0,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }
}

/// A deserializer of an object that leaves out the properties named in `skip`.
struct WithoutKeys<'t, D> {
    inner: D,
    skip: &'t [&'t str],
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for WithoutKeys<'_, D> {
    type Error = D::Error;
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(SkipVisitor {
            inner: visitor,
            skip: self.skip,
        })
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        struct enum identifier ignored_any
    }
}

struct SkipVisitor<'t, V> {
    inner: V,
    skip: &'t [&'t str],
}

impl<'de, V: Visitor<'de>> Visitor<'de> for SkipVisitor<'_, V> {
    type Value = V::Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(SkipMap {
            map,
            skip: self.skip,
        })
    }
}

struct SkipMap<'t, A> {
    map: A,
    skip: &'t [&'t str],
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for SkipMap<'_, A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(Text(key)) = self.map.next_key::<Text<'de>>()? {
            if self.skip.iter().any(|s| *s == key) {
                self.map.next_value::<IgnoredAny>()?;
                continue;
            }
            return match key {
                Cow::Borrowed(k) => seed.deserialize(BorrowedStrDeserializer::new(k)),
                Cow::Owned(k) => seed.deserialize(StringDeserializer::new(k)),
            }
            .map(Some);
        }
        Ok(None)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

#[cfg(test)]
mod tests {
    use super::TaggedDocument;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    fn doc(text: &str) -> TaggedDocument<'_> {
        serde_json::from_str(text).expect("valid JSON")
    }

    #[test]
    fn tags_are_read_wherever_they_are_escaped_or_not() {
        let d =
            doc(r#"{"a": {"kind": "inner"}, "n": [1, {"kind": 2}], "kind": "x\u0079", "v": 2}"#);
        let [kind, v, missing] = d.tags(["kind", "v", "missing"]);
        assert_eq!(kind.as_deref(), Some("xy"));
        assert_eq!(v, None, "a number is not a tag value");
        assert_eq!(missing, None);
        assert_eq!(doc(r#"["kind"]"#).tags(["kind"]), [None]);
        assert_eq!(doc(r#""kind""#).tags(["kind"]), [None]);
        assert_eq!(
            doc(r#"{"kind": "a", "kind": "b"}"#).tags(["kind"])[0].as_deref(),
            Some("b")
        );
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Payload {
        name: String,
        #[serde(flatten)]
        extra: BTreeMap<String, serde_json::Value>,
    }

    #[test]
    fn the_payload_decodes_without_its_tags() {
        let d = doc(r#"{"kind": "a", "name": "n\"1", "other": [1], "status": "ok"}"#);
        let p: Payload = d
            .decode_variant::<_, serde_json::Error>("A", &["kind", "status"])
            .expect("decodes");
        assert_eq!(p.name, "n\"1");
        assert_eq!(
            p.extra.keys().collect::<Vec<_>>(),
            ["other"],
            "tags are left out, other unknown properties are kept"
        );
    }

    #[test]
    fn a_failure_names_the_variant_and_the_path() {
        let d = doc(r#"{"kind": "a", "name": 5}"#);
        let e = d
            .decode_variant::<Payload, serde_json::Error>("A", &["kind"])
            .expect_err("name is not a string");
        let message = e.to_string();
        assert!(
            message.starts_with("variant A, at name: invalid type: integer `5`"),
            "{message}"
        );
    }

    #[test]
    fn a_document_from_a_value_is_read_the_same() {
        let value = serde_json::json!({"kind": "a", "name": "n"});
        let d = TaggedDocument::deserialize(&value).expect("a Value re-renders as text");
        assert_eq!(d.tags(["kind"])[0].as_deref(), Some("a"));
        assert_eq!(d.to_value::<serde_json::Error>().expect("valid"), value);
    }

    /// What a document says, read at once (so it can sit in a flattened field).
    #[derive(Debug, PartialEq)]
    struct Read {
        text: bool,
        kind: Option<String>,
        payload: Payload,
        whole: serde_json::Value,
    }

    impl<'de> Deserialize<'de> for Read {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let doc = TaggedDocument::deserialize(d)?;
            Ok(Read {
                text: doc.is_text(),
                kind: doc.tags(["kind"])[0].as_deref().map(str::to_string),
                payload: doc.decode_variant("A", &["kind"])?,
                whole: doc.to_value()?,
            })
        }
    }

    #[derive(Debug, Deserialize)]
    struct Holder {
        id: String,
        #[serde(flatten)]
        read: Read,
    }

    #[test]
    fn every_source_gives_the_same_answers() {
        let text = r#"{"kind": "a", "name": "n", "more": 1}"#;
        let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
        let expected = |text: bool| Read {
            text,
            kind: Some("a".to_string()),
            payload: Payload {
                name: "n".to_string(),
                extra: BTreeMap::from([("more".to_string(), serde_json::json!(1))]),
            },
            whole: value.clone(),
        };
        let borrowed: Read = serde_json::from_str(text).expect("from text");
        assert_eq!(borrowed, expected(true));
        let owned: Read = serde_json::from_reader(text.as_bytes()).expect("from a reader");
        assert_eq!(owned, expected(true));
        let from_value = Read::deserialize(&value).expect("from a Value");
        assert_eq!(from_value, expected(true), "a Value renders its text");
        // Inside a flattened field there is no raw text: the document is read as a Value.
        let holder: Holder =
            serde_json::from_str(r#"{"id": "h", "kind": "a", "name": "n", "more": 1}"#)
                .expect("flattened");
        assert_eq!(holder.id, "h");
        assert_eq!(holder.read, expected(false));
    }

    /// A recursive tagged union, decoded as the generated code does.
    #[derive(Debug)]
    enum Node {
        Leaf,
        Branch(Box<Node>),
    }

    #[derive(Deserialize)]
    struct BranchPayload {
        child: Node,
    }

    impl<'de> Deserialize<'de> for Node {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let doc = TaggedDocument::deserialize(d)?;
            let found = doc.tags(["kind"]);
            match found.each_ref().map(|t| t.as_deref()) {
                [Some("leaf")] => Ok(Node::Leaf),
                [Some("branch")] => doc
                    .decode_variant::<BranchPayload, _>("Branch", &["kind"])
                    .map(|b| Node::Branch(Box::new(b.child))),
                _ => Err(serde::de::Error::custom("unknown kind")),
            }
        }
    }

    fn nested(depth: usize) -> String {
        let mut text = r#"{"kind": "leaf"}"#.to_string();
        for _ in 0..depth {
            text = format!(r#"{{"kind": "branch", "child": {text}}}"#);
        }
        text
    }

    fn depth_of(node: &Node) -> usize {
        let mut depth = 0;
        let mut at = node;
        while let Node::Branch(child) = at {
            depth += 1;
            at = child;
        }
        depth
    }

    #[test]
    fn nesting_is_bounded_like_one_parser() {
        let node: Node = serde_json::from_str(&nested(40)).expect("40 deep decodes");
        assert_eq!(depth_of(&node), 40);
        // Each text decode starts a fresh parser; past MAX_TEXT_NESTING the rest is one
        // Value, whose parser stops at its recursion limit instead of the stack.
        let e = serde_json::from_str::<Node>(&nested(5_000)).expect_err("too deep");
        assert!(e.to_string().contains("recursion limit"), "{e}");
        assert_eq!(super::TEXT_NESTING.get(), 0, "the count unwinds");
    }
}
