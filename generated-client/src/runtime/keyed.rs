//! Decoding only what a method returns: the value under the response key (and, for
//! paginated lists, the page object beside it). Every other key of the body is skipped
//! without being decoded, so a sibling the server leaves out or changes (`pagination`
//! on an unpaginated list, `action_attempt` beside a created access code) is no error.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::client::Client;
use super::error::Error;
use super::validate::Validate;

/// Picks the values of up to two keys out of a JSON object.
pub(crate) struct Pick<A, B> {
    key: &'static str,
    second: Option<&'static str>,
    marker: PhantomData<fn() -> (A, B)>,
}

impl<A, B> Pick<A, B> {
    pub(crate) fn new(key: &'static str, second: Option<&'static str>) -> Self {
        Self {
            key,
            second,
            marker: PhantomData,
        }
    }
}

/// Which of the picked keys a body key is.
enum Which {
    First,
    Second,
    Other,
}

struct KeySeed {
    key: &'static str,
    second: Option<&'static str>,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Which;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Which, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Which;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Which, E> {
        Ok(if v == self.key {
            Which::First
        } else if Some(v) == self.second {
            Which::Second
        } else {
            Which::Other
        })
    }
}

impl<'de, A: Deserialize<'de>, B: Deserialize<'de>> DeserializeSeed<'de> for Pick<A, B> {
    type Value = (A, Option<B>);
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, A: Deserialize<'de>, B: Deserialize<'de>> Visitor<'de> for Pick<A, B> {
    type Value = (A, Option<B>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with `{}`", self.key)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut first: Option<A> = None;
        let mut second: Option<B> = None;
        while let Some(which) = map.next_key_seed(KeySeed {
            key: self.key,
            second: self.second,
        })? {
            match which {
                Which::First => first = Some(map.next_value()?),
                Which::Second => second = Some(map.next_value()?),
                Which::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let first = match first {
            Some(value) => value,
            // As for a missing struct field: `Option`s are `None`, anything else an error
            // naming the key.
            None => A::deserialize(MissingKey::<M::Error>(self.key, PhantomData))?,
        };
        Ok((first, second))
    }
}

/// A deserializer for a key that is not there: `None` for options, otherwise
/// serde's "missing field" error.
struct MissingKey<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for MissingKey<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// Where a paginated list keeps its items and page information (from the spec and
/// `spec/codegen.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageKeys {
    /// The response key holding the items.
    pub items: &'static str,
    /// The body key holding the page object.
    pub page: &'static str,
    /// The page object's "more pages" flag.
    pub has_next: &'static str,
    /// The page object's next cursor.
    pub next_cursor: &'static str,
}

impl PageKeys {
    /// The cursor of the next page, from the page object (`None` when the body has
    /// no page object, says there is no next page, or has no cursor).
    pub fn next_cursor(
        &self,
        page: Option<&serde_json::Map<String, serde_json::Value>>,
    ) -> Option<String> {
        let page = page?;
        if page.get(self.has_next).and_then(serde_json::Value::as_bool) != Some(true) {
            return None;
        }
        page.get(self.next_cursor)?.as_str().map(str::to_owned)
    }
}

impl Client {
    /// POST `body` to `path` and decode only the value under `key` of the response
    /// body. Other keys are skipped. A missing key is `None` when `T` is an `Option`,
    /// otherwise an [`Error::Decode`] naming it.
    pub async fn post_key<B, T>(&self, path: &str, body: &B, key: &'static str) -> Result<T, Error>
    where
        B: Serialize + ?Sized + Sync,
        T: for<'de> Deserialize<'de>,
    {
        let response = self.post_raw(path, body).await?;
        let decoded = super::decode::decode_seed(
            response.status,
            &response.body,
            &response.auth,
            Pick::<T, IgnoredAny>::new(key, None),
        );
        decoded.map(|(value, _)| value)
    }

    /// Like [`Client::post_key`], validating `body` first.
    pub async fn post_key_validated<B, T>(
        &self,
        path: &str,
        body: &B,
        key: &'static str,
    ) -> Result<T, Error>
    where
        B: Serialize + Validate + ?Sized + Sync,
        T: for<'de> Deserialize<'de>,
    {
        body.validate()?;
        self.post_key(path, body, key).await
    }

    /// Like [`Client::post_key`] for operations without a request body (sends `{}`).
    pub async fn post_empty_key<T>(&self, path: &str, key: &'static str) -> Result<T, Error>
    where
        T: for<'de> Deserialize<'de>,
    {
        self.post_key(path, &serde_json::Map::new(), key).await
    }

    /// One page of a paginated list: its items and the cursor of the next page.
    pub(crate) async fn post_page<B, T>(
        &self,
        path: &str,
        body: &B,
        keys: &PageKeys,
    ) -> Result<(Vec<T>, Option<String>), Error>
    where
        B: Serialize + ?Sized + Sync,
        T: for<'de> Deserialize<'de>,
    {
        let response = self.post_raw(path, body).await?;
        let pick = Pick::<Vec<T>, serde_json::Map<String, serde_json::Value>>::new(
            keys.items,
            Some(keys.page),
        );
        let (items, page) =
            super::decode::decode_seed(response.status, &response.body, &response.auth, pick)?;
        Ok((items, keys.next_cursor(page.as_ref())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick<A: for<'de> Deserialize<'de>, B: for<'de> Deserialize<'de>>(
        text: &str,
        key: &'static str,
        second: Option<&'static str>,
    ) -> Result<(A, Option<B>), String> {
        let mut de = serde_json::Deserializer::from_str(text);
        let mut track = serde_path_to_error::Track::new();
        let result = Pick::<A, B>::new(key, second)
            .deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
        result.map_err(|e| format!("{} at {}", e, track.path()))
    }

    #[test]
    fn only_the_key_is_decoded() {
        // A sibling of the wrong shape, or none at all, is no error.
        let (devices, _) = pick::<Vec<u8>, IgnoredAny>(
            r#"{"devices":[1,2],"pagination":5,"ok":"?"}"#,
            "devices",
            None,
        )
        .unwrap();
        assert_eq!(devices, [1, 2]);
        let (devices, _) =
            pick::<Vec<u8>, IgnoredAny>(r#"{"ok":true,"devices":[]}"#, "devices", None).unwrap();
        assert!(devices.is_empty());
    }

    #[test]
    fn a_missing_key_is_an_error_naming_it_unless_optional() {
        let err = pick::<Vec<u8>, IgnoredAny>(r#"{"thermostats":[],"ok":true}"#, "devices", None)
            .unwrap_err();
        assert!(err.starts_with("missing field `devices`"), "{err}");
        let (event, _) = pick::<Option<u8>, IgnoredAny>(r#"{"ok":true}"#, "event", None).unwrap();
        assert_eq!(event, None);
        // A key of the wrong type reports its path.
        let err =
            pick::<Vec<u8>, IgnoredAny>(r#"{"devices":[1,"x"]}"#, "devices", None).unwrap_err();
        assert!(err.ends_with("at devices[1]"), "{err}");
        assert!(pick::<Vec<u8>, IgnoredAny>("[]", "devices", None).is_err());
    }

    #[test]
    fn pages_read_their_cursor() {
        let keys = PageKeys {
            items: "devices",
            page: "pagination",
            has_next: "has_next_page",
            next_cursor: "next_page_cursor",
        };
        type Page = serde_json::Map<String, serde_json::Value>;
        let text = r#"{"devices":[1],"pagination":{"has_next_page":true,"next_page_cursor":"c2"},"ok":true}"#;
        let (items, page) = pick::<Vec<u8>, Page>(text, keys.items, Some(keys.page)).unwrap();
        assert_eq!(
            (items, keys.next_cursor(page.as_ref()).as_deref()),
            (vec![1], Some("c2"))
        );
        let text =
            r#"{"devices":[1],"pagination":{"has_next_page":false,"next_page_cursor":"c2"}}"#;
        let (_, page) = pick::<Vec<u8>, Page>(text, keys.items, Some(keys.page)).unwrap();
        assert_eq!(keys.next_cursor(page.as_ref()), None);
        // No page object: the last page.
        let (_, page) =
            pick::<Vec<u8>, Page>(r#"{"devices":[]}"#, keys.items, Some(keys.page)).unwrap();
        assert_eq!(keys.next_cursor(page.as_ref()), None);
    }
}
