//! One request as an operation declares it: method, path, query / header / cookie
//! parameters serialized per their OpenAPI `style`, and the body in its media type.

use serde::Serialize;
use serde_json::Value;

use super::error::Error;

/// How a parameter value is written (OpenAPI `style`; `explode` is passed beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `a,b` (path and header parameters).
    Simple,
    /// `.a,b` or `.a.b` (path).
    Label,
    /// `;name=a,b` or `;name=a;name=b` (path).
    Matrix,
    /// `name=a,b` or `name=a&name=b` (query and cookie).
    Form,
    /// `name=a%20b` (query arrays).
    SpaceDelimited,
    /// `name=a|b` (query arrays).
    PipeDelimited,
    /// `name[key]=value` (query objects).
    DeepObject,
}

/// A request body, encoded.
#[derive(Debug, Clone)]
pub(crate) struct EncodedBody {
    pub(crate) content_type: String,
    pub(crate) bytes: Vec<u8>,
}

/// A request being built by a generated method.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) method: reqwest::Method,
    pub(crate) path: String,
    /// `name=value` pairs, already percent-encoded.
    pub(crate) query: Vec<String>,
    pub(crate) headers: Vec<(String, String)>,
    /// `name=value` pairs, already percent-encoded.
    pub(crate) cookies: Vec<String>,
    pub(crate) body: Option<EncodedBody>,
    pub(crate) accept: Option<String>,
}

/// Characters left as they are in path segments, query names and values: RFC 3986 unreserved.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encode everything but RFC 3986 unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn to_json<T: Serialize + ?Sized, E>(value: &T) -> Result<Value, Error<E>> {
    serde_json::to_value(value).map_err(|e| Error::Encode {
        message: e.to_string(),
    })
}

/// A primitive as text (`null` is empty); arrays and objects as JSON.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A value as a list of (key, value) for objects, (None, value) for arrays and primitives.
fn entries(v: &Value) -> Vec<(Option<String>, String)> {
    match v {
        Value::Array(items) => items.iter().map(|i| (None, scalar(i))).collect(),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (Some(k.clone()), scalar(v)))
            .collect(),
        other => vec![(None, scalar(other))],
    }
}

/// `a,b` / `k1,v1,k2,v2` / (explode) `k1=v1,k2=v2`, each item encoded with `enc`.
fn join_simple(v: &Value, explode: bool, sep: &str, enc: fn(&str) -> String) -> String {
    entries(v)
        .into_iter()
        .map(|(k, val)| match (k, explode) {
            (Some(k), true) => format!("{}={}", enc(&k), enc(&val)),
            (Some(k), false) => format!("{},{}", enc(&k), enc(&val)),
            (None, _) => enc(&val),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

fn identity(s: &str) -> String {
    s.to_owned()
}

/// A path parameter, percent-encoded, in its style.
pub fn path_param<T: Serialize + ?Sized, E>(
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> Result<String, Error<E>> {
    let v = to_json(value)?;
    let enc = percent_encode;
    Ok(match style {
        Style::Label => {
            let sep = if explode { "." } else { "," };
            format!(".{}", join_simple(&v, explode, sep, enc))
        }
        Style::Matrix => match (&v, explode) {
            (Value::Array(_), true) => entries(&v)
                .into_iter()
                .map(|(_, x)| format!(";{}={}", enc(name), enc(&x)))
                .collect(),
            (Value::Object(_), true) => format!(";{}", join_simple(&v, true, ";", enc)),
            _ => format!(";{}={}", enc(name), join_simple(&v, false, ",", enc)),
        },
        _ => join_simple(&v, explode, ",", enc),
    })
}

/// `name=value` pairs of a form-style value (query strings, cookies and form bodies), encoded.
fn form_pairs(name: &str, v: &Value, style: Style, explode: bool) -> Vec<String> {
    let enc = percent_encode;
    match (v, style) {
        (Value::Object(_) | Value::Array(_), Style::DeepObject) => deep_pairs(name, v),
        (Value::Array(_) | Value::Object(_), _) if explode => entries(v)
            .into_iter()
            .map(|(k, x)| format!("{}={}", enc(k.as_deref().unwrap_or(name)), enc(&x)))
            .collect(),
        (Value::Array(_), Style::SpaceDelimited) => vec![format!(
            "{}={}",
            enc(name),
            join_simple(v, false, "%20", enc)
        )],
        (Value::Array(_), Style::PipeDelimited) => vec![format!(
            "{}={}",
            enc(name),
            join_simple(v, false, "%7C", enc)
        )],
        (Value::Array(_) | Value::Object(_), _) => {
            vec![format!("{}={}", enc(name), join_simple(v, false, ",", enc))]
        }
        (other, _) => vec![format!("{}={}", enc(name), enc(&scalar(other)))],
    }
}

/// `name[key]=value`, nested objects as `name[a][b]=value`, arrays as `name[key][]=value`.
fn deep_pairs(prefix: &str, v: &Value) -> Vec<String> {
    match v {
        Value::Object(map) => map
            .iter()
            .flat_map(|(k, x)| deep_pairs(&format!("{prefix}[{k}]"), x))
            .collect(),
        Value::Array(items) => items
            .iter()
            .flat_map(|x| deep_pairs(&format!("{prefix}[]"), x))
            .collect(),
        Value::Null => Vec::new(),
        other => vec![format!(
            "{}={}",
            percent_encode(prefix),
            percent_encode(&scalar(other))
        )],
    }
}

impl Request {
    /// A request for `method` (`GET`, `POST`, ...) at `path` (already filled in and encoded).
    pub fn new<E>(method: &str, path: String) -> Result<Self, Error<E>> {
        let method = reqwest::Method::from_bytes(method.as_bytes())
            .map_err(|_| Error::Config(format!("`{method}` is not an HTTP method")))?;
        Ok(Self {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            accept: None,
        })
    }

    /// Add a query parameter in its style.
    pub fn query<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Result<(), Error<E>> {
        let v = to_json(value)?;
        self.query.extend(form_pairs(name, &v, style, explode));
        Ok(())
    }

    /// Add a header parameter (`simple` style).
    pub fn header<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        _style: Style,
        explode: bool,
    ) -> Result<(), Error<E>> {
        let v = to_json(value)?;
        let text = join_simple(&v, explode, ",", identity);
        if reqwest::header::HeaderValue::from_str(&text).is_err()
            || reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err()
        {
            return Err(Error::Encode {
                message: format!("the `{name}` header parameter is not a valid HTTP header"),
            });
        }
        self.headers.push((name.to_owned(), text));
        Ok(())
    }

    /// Add a cookie parameter (`form` style).
    pub fn cookie<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Result<(), Error<E>> {
        let v = to_json(value)?;
        self.cookies.extend(form_pairs(name, &v, style, explode));
        Ok(())
    }

    /// The media type the response is expected in.
    pub fn accept(&mut self, media_type: &str) {
        self.accept = Some(media_type.to_owned());
    }

    /// A JSON body.
    pub fn json<T: Serialize + ?Sized, E>(
        &mut self,
        media_type: &str,
        body: &T,
    ) -> Result<(), Error<E>> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Encode {
            message: e.to_string(),
        })?;
        self.body = Some(EncodedBody {
            content_type: media_type.to_owned(),
            bytes,
        });
        Ok(())
    }

    /// An `application/x-www-form-urlencoded` body: each property a `name=value` pair,
    /// in the style its `encoding` declares (`(property, style, explode)`), else arrays
    /// repeat the name and objects are `name[key]=value`.
    pub fn form<T: Serialize + ?Sized, E>(
        &mut self,
        body: &T,
        encoding: &[(&str, Style, bool)],
    ) -> Result<(), Error<E>> {
        let pairs = match to_json(body)? {
            Value::Object(map) => map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .flat_map(
                    |(k, v)| match (encoding.iter().find(|(name, _, _)| name == k), v) {
                        (Some((_, style, explode)), _) => form_pairs(k, v, *style, *explode),
                        (None, Value::Object(_)) => deep_pairs(k, v),
                        (None, _) => form_pairs(k, v, Style::Form, true),
                    },
                )
                .collect::<Vec<_>>(),
            other => form_pairs("value", &other, Style::Form, true),
        };
        self.body = Some(EncodedBody {
            content_type: "application/x-www-form-urlencoded".to_owned(),
            bytes: pairs.join("&").into_bytes(),
        });
        Ok(())
    }

    /// A binary body, sent as it is.
    pub fn bytes(&mut self, media_type: &str, body: Vec<u8>) {
        self.body = Some(EncodedBody {
            content_type: media_type.to_owned(),
            bytes: body,
        });
    }

    /// A text body.
    pub fn text(&mut self, media_type: &str, body: String) {
        self.body = Some(EncodedBody {
            content_type: media_type.to_owned(),
            bytes: body.into_bytes(),
        });
    }

    /// A `multipart/form-data` body.
    pub fn multipart(&mut self, form: Multipart) {
        let (content_type, bytes) = form.finish();
        self.body = Some(EncodedBody {
            content_type,
            bytes,
        });
    }
}

/// A `multipart/form-data` body being built: text parts and file parts.
#[derive(Debug, Clone)]
pub struct Multipart {
    boundary: String,
    bytes: Vec<u8>,
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl Multipart {
    /// An empty form with a random boundary.
    pub fn new() -> Self {
        let boundary = format!(
            "----------------{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        );
        Self {
            boundary,
            bytes: Vec::new(),
        }
    }

    fn head(&mut self, disposition: &str, content_type: &str) {
        let head = format!("--{}\r\nContent-Disposition: form-data; {disposition}\r\nContent-Type: {content_type}\r\n\r\n", self.boundary);
        self.bytes.extend_from_slice(head.as_bytes());
    }

    /// A text part: strings as they are, other values as JSON.
    pub fn text<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E>> {
        let v = to_json(value)?;
        let (text, content_type) = match &v {
            Value::Array(_) | Value::Object(_) => (v.to_string(), "application/json"),
            other => (scalar(other), "text/plain; charset=utf-8"),
        };
        self.head(&format!("name=\"{}\"", quote(name)), content_type);
        self.bytes.extend_from_slice(text.as_bytes());
        self.bytes.extend_from_slice(b"\r\n");
        Ok(())
    }

    /// A file part (`application/octet-stream`), named after the field.
    pub fn file(&mut self, name: &str, bytes: Vec<u8>) {
        let n = quote(name);
        self.head(
            &format!("name=\"{n}\"; filename=\"{n}\""),
            "application/octet-stream",
        );
        self.bytes.extend_from_slice(&bytes);
        self.bytes.extend_from_slice(b"\r\n");
    }

    fn finish(mut self) -> (String, Vec<u8>) {
        self.bytes
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        (
            format!("multipart/form-data; boundary={}", self.boundary),
            self.bytes,
        )
    }
}

/// Escape a name for a quoted header parameter.
fn quote(name: &str) -> String {
    name.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    type E = Error;

    fn query(v: Value, style: Style, explode: bool) -> String {
        let mut r = Request::new::<serde_json::Value>("GET", "/".into()).unwrap();
        r.query::<_, Value>("id", &v, style, explode).unwrap();
        r.query.join("&")
    }

    #[test]
    fn query_styles() {
        assert_eq!(query(json!(["a", "b"]), Style::Form, true), "id=a&id=b");
        assert_eq!(query(json!(["a", "b"]), Style::Form, false), "id=a,b");
        assert_eq!(
            query(json!(["a", "b"]), Style::SpaceDelimited, false),
            "id=a%20b"
        );
        assert_eq!(
            query(json!(["a", "b"]), Style::PipeDelimited, false),
            "id=a%7Cb"
        );
        assert_eq!(
            query(json!({"role": "admin", "n": 5}), Style::Form, true),
            "role=admin&n=5"
        );
        assert_eq!(
            query(json!({"role": "admin", "n": 5}), Style::Form, false),
            "id=role,admin,n,5"
        );
        assert_eq!(
            query(
                json!({"role": "admin", "x": {"y": 1}}),
                Style::DeepObject,
                true
            ),
            "id%5Brole%5D=admin&id%5Bx%5D%5By%5D=1"
        );
        assert_eq!(query(json!("a b&c"), Style::Form, true), "id=a%20b%26c");
    }

    #[test]
    fn path_styles() {
        let p = |v: Value, s, x| path_param::<_, Value>("id", &v, s, x).unwrap();
        assert_eq!(p(json!("a/b c"), Style::Simple, false), "a%2Fb%20c");
        assert_eq!(p(json!([3, 4]), Style::Simple, false), "3,4");
        assert_eq!(p(json!({"a": 1, "b": 2}), Style::Simple, true), "a=1,b=2");
        assert_eq!(p(json!([3, 4]), Style::Label, true), ".3.4");
        assert_eq!(p(json!([3, 4]), Style::Matrix, false), ";id=3,4");
        assert_eq!(p(json!([3, 4]), Style::Matrix, true), ";id=3;id=4");
    }

    #[test]
    fn form_body() {
        let mut r = Request::new::<Value>("POST", "/".into()).unwrap();
        r.form::<_, Value>(
            &json!({"name": "Rex", "tags": ["a", "b"], "meta": {"k": "v"}, "skip": null}),
            &[],
        )
        .unwrap();
        let body = r.body.unwrap();
        assert_eq!(
            String::from_utf8(body.bytes).unwrap(),
            "name=Rex&tags=a&tags=b&meta%5Bk%5D=v"
        );
        // Stripe declares `encoding: {expand: {style: deepObject, explode: true}}`.
        let mut r = Request::new::<Value>("POST", "/".into()).unwrap();
        let encoding = [
            ("expand", Style::DeepObject, true),
            ("ids", Style::Form, false),
        ];
        r.form::<_, Value>(&json!({"expand": ["a", "b"], "ids": [1, 2]}), &encoding)
            .unwrap();
        assert_eq!(
            String::from_utf8(r.body.unwrap().bytes).unwrap(),
            "expand%5B%5D=a&expand%5B%5D=b&ids=1,2"
        );
        let _: Option<E> = None;
    }
}
