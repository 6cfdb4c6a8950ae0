//! Where each node of an OpenAPI document sits, and checks that use it.
//!
//! - [`check_schemas`] runs before the typed parse. It checks each schema's own
//!   keywords against the types `openapiv3` expects, so an error points at the exact
//!   keyword (`.../properties/d/minLength`) rather than at the enclosing component.
//!   It also keeps the typed parse fast on bad input: `openapiv3` parses a failing
//!   `$ref`-or-schema twice (to improve its message), which doubles the time at every
//!   level of nesting, so a bad leaf 30 schemas deep never finished. Once every
//!   schema has passed this check, no schema fails inside `openapiv3`.
//! - [`locate`] runs when the typed parse fails anyway: `openapiv3`'s use of
//!   `#[serde(flatten)]` hides where inside an object an error is, so this descends
//!   from the root to the deepest node that still fails to parse.

use indexmap::IndexMap;
use openapiv3 as oa;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{pointer_push, Diagnostic, Diagnostics};
use crate::parse::json_kind;

/// Which OpenAPI object a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Paths,
    PathItem,
    Operation,
    Parameters,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Headers,
    Header,
    Content,
    MediaType,
    Encodings,
    Encoding,
    Callbacks,
    Callback,
    Components,
    ComponentParameters,
    ComponentResponses,
    ComponentRequestBodies,
    ComponentCallbacks,
    /// A name → schema map (`components.schemas`, `properties`).
    Schemas,
    Schema,
    /// `allOf`, `oneOf`, `anyOf`.
    SchemaList,
    Info,
    Servers,
    Server,
    Tags,
    Tag,
    SecuritySchemes,
    SecurityScheme,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The kind of the child `key` of a node of kind `kind`, if `openapiv3` reads it as an OpenAPI object.
fn child(kind: Kind, key: &str) -> Option<Kind> {
    use Kind::*;
    Some(match (kind, key) {
        (Document, "paths") => Paths,
        (Document, "components") => Components,
        (Document, "info") => Info,
        (Document | PathItem | Operation, "servers") => Servers,
        (Servers, _) => Server,
        (Document, "tags") => Tags,
        (Tags, _) => Tag,
        (Components, "securitySchemes") => SecuritySchemes,
        (SecuritySchemes, _) => SecurityScheme,
        (Paths, k) if k.starts_with('/') => PathItem,
        (Callback, _) => PathItem,
        (PathItem, k) if METHODS.contains(&k) => Operation,
        (PathItem | Operation, "parameters") => Parameters,
        (Parameters | ComponentParameters, _) => Parameter,
        (Parameter | Header, "schema") => Schema,
        (Parameter | Header | RequestBody | Response, "content") => Content,
        (Operation, "requestBody") => RequestBody,
        (Operation, "responses") => Responses,
        (Operation, "callbacks") => Callbacks,
        (Callbacks | ComponentCallbacks, _) => Callback,
        (Responses, k) if k == "default" || is_status_code(k) => Response,
        (Response | Encoding | Components, "headers") => Headers,
        (Headers, _) => Header,
        (Content, _) => MediaType,
        (MediaType, "schema") => Schema,
        (MediaType, "encoding") => Encodings,
        (Encodings, _) => Encoding,
        (Components, "schemas") | (Schema, "properties") => Schemas,
        (Components, "parameters") => ComponentParameters,
        (Components, "responses") => ComponentResponses,
        (ComponentResponses, _) => Response,
        (Components, "requestBodies") => ComponentRequestBodies,
        (ComponentRequestBodies, _) => RequestBody,
        (Components, "callbacks") => ComponentCallbacks,
        (Schemas | SchemaList, _) => Schema,
        (Schema, "items" | "not" | "additionalProperties") => Schema,
        (Schema, "allOf" | "oneOf" | "anyOf") => SchemaList,
        _ => return None,
    })
}

/// The keys `openapiv3` accepts as status codes (others are silently dropped).
pub fn is_status_code(k: &str) -> bool {
    let b = k.as_bytes();
    match b {
        [d, x, y]
            if d.is_ascii_digit()
                && x.eq_ignore_ascii_case(&b'X')
                && y.eq_ignore_ascii_case(&b'X') =>
        {
            true
        }
        _ => k.parse::<i64>().is_ok_and(|n| (100..1000).contains(&n)),
    }
}

/// Objects that may be a `{"$ref": "..."}` instead.
fn can_be_reference(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::PathItem
            | Kind::Parameter
            | Kind::RequestBody
            | Kind::Response
            | Kind::Header
            | Kind::Schema
            | Kind::Callback
            | Kind::SecurityScheme
    )
}

/// The typed children of a node: (key, kind, value).
fn children(kind: Kind, node: &Value) -> Vec<(String, Kind, &Value)> {
    if can_be_reference(kind) && node.get("$ref").is_some_and(Value::is_string) {
        return Vec::new();
    }
    match node {
        Value::Object(map) => map
            .iter()
            .filter_map(|(k, v)| child(kind, k).map(|c| (k.clone(), c, v)))
            .collect(),
        Value::Array(items) => match kind {
            Kind::Parameters | Kind::SchemaList | Kind::Servers | Kind::Tags => items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| child(kind, "").map(|c| (i.to_string(), c, v)))
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// How deeply schemas may nest (the real spec needs 11 levels). Parsing, lowering and
/// emitting all recurse per level, `openapiv3`'s parse with ~45 KB of stack per level
/// in a debug build: without a bound, a deep but otherwise valid document overflows
/// the stack of a normal (2 MiB) thread.
pub const MAX_SCHEMA_DEPTH: usize = 32;

/// Check every schema (and every `$ref`) in the document; all problems, sorted.
pub fn check_schemas(raw: &Value) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    walk(Kind::Document, raw, "", 0, &mut diags);
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags.normalized())
    }
}

fn walk(kind: Kind, node: &Value, pointer: &str, depth: usize, diags: &mut Diagnostics) {
    let depth = if kind == Kind::Schema {
        depth + 1
    } else {
        depth
    };
    if can_be_reference(kind) {
        match node.get("$ref") {
            Some(Value::String(_)) => return,
            Some(other) => diags.error(
                &pointer_push(pointer, "$ref"),
                format!("`$ref` must be a string, found {}", json_kind(other)),
            ),
            None => {}
        }
    }
    if kind == Kind::Schema && !check_schema_keywords(node, pointer, diags) {
        return;
    }
    if kind == Kind::Schema && depth >= MAX_SCHEMA_DEPTH {
        let nonempty = |v: &Value| match v {
            Value::Object(m) => !m.is_empty(),
            Value::Array(a) => !a.is_empty(),
            _ => false,
        };
        if children(kind, node).iter().any(|(_, _, v)| nonempty(v)) {
            diags.error(pointer, format!("schemas nest more than {MAX_SCHEMA_DEPTH} levels deep below here; deeper nesting is not supported"));
            return;
        }
    }
    for (key, child_kind, value) in children(kind, node) {
        // Optional schema keywords may be null (absent); a null schema in a map or list is not.
        let optional = kind == Kind::Schema
            || matches!(kind, Kind::MediaType | Kind::Parameter | Kind::Header);
        if optional && value.is_null() {
            continue;
        }
        if kind == Kind::Schema && key == "additionalProperties" && value.is_boolean() {
            continue;
        }
        walk(
            child_kind,
            value,
            &pointer_push(pointer, &key),
            depth,
            diags,
        );
    }
}

/// The keywords of one schema, typed exactly as `openapiv3` reads them (its
/// `SchemaData` and the raw form its `SchemaKind` is decided from). Subschemas are
/// only checked for their container here; each is then checked on its own.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct SchemaKeywords {
    #[serde(default)]
    nullable: bool,
    #[serde(default)]
    read_only: bool,
    #[serde(default)]
    write_only: bool,
    #[serde(default)]
    deprecated: bool,
    external_docs: Option<oa::ExternalDocumentation>,
    example: Option<IgnoredAny>,
    title: Option<String>,
    description: Option<String>,
    discriminator: Option<oa::Discriminator>,
    default: Option<IgnoredAny>,
    #[serde(rename = "type")]
    typ: Option<String>,
    pattern: Option<String>,
    multiple_of: Option<serde_json::Number>,
    exclusive_minimum: Option<bool>,
    exclusive_maximum: Option<bool>,
    minimum: Option<serde_json::Number>,
    maximum: Option<serde_json::Number>,
    properties: Option<IndexMap<String, IgnoredAny>>,
    required: Option<Vec<String>>,
    additional_properties: Option<BoolOrObject>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<IgnoredAny>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: Option<bool>,
    #[serde(rename = "enum")]
    enumeration: Option<Vec<IgnoredAny>>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    one_of: Option<Vec<IgnoredAny>>,
    all_of: Option<Vec<IgnoredAny>>,
    any_of: Option<Vec<IgnoredAny>>,
    not: Option<IgnoredAny>,
}

/// `additionalProperties`: `true`/`false` or a schema.
struct BoolOrObject;

impl<'de> Deserialize<'de> for BoolOrObject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = BoolOrObject;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a boolean or a schema object")
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<BoolOrObject, E> {
                Ok(BoolOrObject)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<BoolOrObject, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(BoolOrObject)
            }
        }
        d.deserialize_any(V)
    }
}

/// Whether the schema's own keywords are well-typed (then its subschemas are checked too).
fn check_schema_keywords(node: &Value, pointer: &str, diags: &mut Diagnostics) -> bool {
    if !node.is_object() {
        diags.error(
            pointer,
            format!("expected a schema (an object), found {}", json_kind(node)),
        );
        return false;
    }
    match serde_path_to_error::deserialize::<_, SchemaKeywords>(node) {
        Ok(_) => true,
        Err(e) => {
            let at = join(pointer, e.path());
            diags.error(
                &at,
                format!("does not match the OpenAPI 3.0 schema: {}", e.inner()),
            );
            false
        }
    }
}

/// `pointer` extended by a serde path (the location of a deserialization error).
pub(crate) fn join(pointer: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = pointer.to_string();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out = pointer_push(&out, &index.to_string()),
            Segment::Map { key } => out = pointer_push(&out, key),
            Segment::Enum { variant } => out = pointer_push(&out, variant),
            Segment::Unknown => {}
        }
    }
    out
}

/// Parse a node as the `openapiv3` type of its kind: the error, with the pointer as
/// far inside the node as serde can tell.
fn parse_as(kind: Kind, node: &Value, pointer: &str) -> Option<(String, String)> {
    fn run<T: DeserializeOwned>(node: &Value, pointer: &str) -> Option<(String, String)> {
        serde_path_to_error::deserialize::<_, T>(node)
            .err()
            .map(|e| (join(pointer, e.path()), e.inner().to_string()))
    }
    use oa::ReferenceOr as R;
    match kind {
        Kind::Document => run::<oa::OpenAPI>(node, pointer),
        Kind::Paths => run::<oa::Paths>(node, pointer),
        Kind::PathItem => run::<R<oa::PathItem>>(node, pointer),
        Kind::Operation => run::<oa::Operation>(node, pointer),
        Kind::Parameters => run::<Vec<R<oa::Parameter>>>(node, pointer),
        Kind::Parameter => run::<R<oa::Parameter>>(node, pointer),
        Kind::RequestBody => run::<R<oa::RequestBody>>(node, pointer),
        Kind::Responses => run::<oa::Responses>(node, pointer),
        Kind::Response => run::<R<oa::Response>>(node, pointer),
        Kind::Headers => run::<IndexMap<String, R<oa::Header>>>(node, pointer),
        Kind::Header => run::<R<oa::Header>>(node, pointer),
        Kind::Content => run::<IndexMap<String, oa::MediaType>>(node, pointer),
        Kind::MediaType => run::<oa::MediaType>(node, pointer),
        Kind::Encodings => run::<IndexMap<String, oa::Encoding>>(node, pointer),
        Kind::Encoding => run::<oa::Encoding>(node, pointer),
        Kind::Callbacks => run::<IndexMap<String, oa::Callback>>(node, pointer),
        Kind::Callback => run::<R<oa::Callback>>(node, pointer),
        Kind::Components => run::<oa::Components>(node, pointer),
        Kind::ComponentParameters => run::<IndexMap<String, R<oa::Parameter>>>(node, pointer),
        Kind::ComponentResponses => run::<IndexMap<String, R<oa::Response>>>(node, pointer),
        Kind::ComponentRequestBodies => run::<IndexMap<String, R<oa::RequestBody>>>(node, pointer),
        Kind::ComponentCallbacks => run::<IndexMap<String, R<oa::Callback>>>(node, pointer),
        Kind::Schemas => run::<IndexMap<String, R<oa::Schema>>>(node, pointer),
        Kind::Schema => run::<R<oa::Schema>>(node, pointer),
        Kind::SchemaList => run::<Vec<R<oa::Schema>>>(node, pointer),
        Kind::Info => run::<oa::Info>(node, pointer),
        Kind::Servers => run::<Vec<oa::Server>>(node, pointer),
        Kind::Server => run::<oa::Server>(node, pointer),
        Kind::Tags => run::<Vec<oa::Tag>>(node, pointer),
        Kind::Tag => run::<oa::Tag>(node, pointer),
        Kind::SecuritySchemes => run::<IndexMap<String, R<oa::SecurityScheme>>>(node, pointer),
        Kind::SecurityScheme => run::<R<oa::SecurityScheme>>(node, pointer),
    }
}

/// After the typed parse of the document failed: the deepest node that still fails,
/// with its own error (`None` if, unexpectedly, nothing fails on its own).
pub fn locate(raw: &Value) -> Option<Diagnostic> {
    let mut kind = Kind::Document;
    let mut node = raw;
    let mut pointer = String::new();
    let mut error = parse_as(kind, node, &pointer)?;
    'descend: loop {
        for (key, child_kind, value) in children(kind, node) {
            let child_pointer = pointer_push(&pointer, &key);
            if let Some(child_error) = parse_as(child_kind, value, &child_pointer) {
                (kind, node, pointer, error) = (child_kind, value, child_pointer, child_error);
                continue 'descend;
            }
        }
        let (at, message) = error;
        return Some(Diagnostic::error(
            at,
            format!("does not match the OpenAPI 3.0 schema: {message}"),
        ));
    }
}
