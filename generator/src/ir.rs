//! The intermediate representation: what the API *is*, with no Rust syntax in it.
//!
//! Names here are settled, case-converted identifiers (`ConnectedAccount`,
//! `custom_metadata`); turning them into tokens (raw identifiers, paths, derives)
//! is the emitter's job. Everything is ordered deterministically and serializable,
//! so two specs' IRs can be compared.

use serde::Serialize;
use std::collections::BTreeMap;

/// The whole API.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub default_base_url: Option<String>,
    /// Every named type, keyed by its settled name (unique, sorted).
    pub types: BTreeMap<String, TypeDef>,
    /// One endpoint per path, sorted by path.
    pub endpoints: Vec<Endpoint>,
    pub auth: Vec<AuthScheme>,
    /// How action attempts are polled (from the codegen config), if the API has them.
    pub action_attempts: Option<crate::config::ActionAttemptConfig>,
    /// How many operations (every method of every path) were lowered.
    pub operation_count: usize,
    /// How endpoints are called (from the codegen config).
    pub call_style: crate::config::CallStyle,
    pub client: ClientSettings,
}

/// The client's name, defaults and credential methods (spec + codegen config).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClientSettings {
    pub name: String,
    pub user_agent: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_env: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url_env: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id_header: Option<String>,
    pub auth_required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_shape: Option<crate::config::ErrorShapeConfig>,
    pub credentials: Vec<CredentialMethod>,
    /// Index into `credentials` of the method the main credential (`new`, `from_env`) goes to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_credential: Option<usize>,
}

/// A builder method setting credentials: each argument fills one or more schemes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CredentialMethod {
    pub method: String,
    pub doc: String,
    /// (scheme, argument name); an argument may fill several schemes.
    pub fills: Vec<(AuthScheme, String)>,
    /// Replace the credentials set before (a complete combination), or add to them.
    pub replaces: bool,
}

/// Documentation and lifecycle flags carried by any node.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Docs {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Deprecated, with the message if one was given (empty string for none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undocumented: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
}

/// A reference to a type: a primitive, a container, or a named type.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum TypeRef {
    String,
    Boolean,
    /// An integer of the width its `format` names (`int32` → `i32`; unformatted → `i64`).
    Integer(IntFormat),
    Number,
    Uuid,
    DateTime,
    Date,
    /// Any JSON value.
    Json,
    Named(String),
    Array(Box<TypeRef>),
    /// A JSON object used as a string-keyed map.
    Map(Box<TypeRef>),
    /// Raw bytes (`format: binary` bodies and multipart file parts).
    Bytes,
    /// `null` is a valid value.
    Nullable(Box<TypeRef>),
}

/// The Rust integer an OpenAPI integer `format` maps to.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum IntFormat {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntFormat {
    /// The type for a `format` value: `int8`…`int64`, `uint8`…`uint64` (also `uint`, `int`);
    /// `None` for anything else (the caller keeps `i64`).
    pub fn from_format(format: &str) -> Option<IntFormat> {
        Some(match format {
            "int8" => IntFormat::I8,
            "int16" => IntFormat::I16,
            "int32" => IntFormat::I32,
            "int64" | "int" => IntFormat::I64,
            "uint8" => IntFormat::U8,
            "uint16" => IntFormat::U16,
            "uint32" => IntFormat::U32,
            "uint64" | "uint" => IntFormat::U64,
            _ => return None,
        })
    }

    /// The Rust primitive's name (`i32`).
    pub fn rust_name(self) -> &'static str {
        match self {
            IntFormat::I8 => "i8",
            IntFormat::I16 => "i16",
            IntFormat::I32 => "i32",
            IntFormat::I64 => "i64",
            IntFormat::U8 => "u8",
            IntFormat::U16 => "u16",
            IntFormat::U32 => "u32",
            IntFormat::U64 => "u64",
        }
    }
}

impl TypeRef {
    pub fn nullable(self) -> TypeRef {
        match self {
            TypeRef::Nullable(_) | TypeRef::Json => self,
            other => TypeRef::Nullable(Box::new(other)),
        }
    }

    /// The type without its outer `null` (for a type that allows `null` only at its uses).
    pub fn non_null(self) -> TypeRef {
        match self {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        }
    }

    /// Apply `f` to every type name this reference mentions.
    pub fn rename_named(&mut self, f: &impl Fn(&mut String)) {
        match self {
            TypeRef::Named(n) => f(n),
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => t.rename_named(f),
            _ => {}
        }
    }

    /// The named types this reference mentions.
    pub fn visit_named<'a>(&'a self, f: &mut impl FnMut(&'a str, bool)) {
        self.visit_inner(f, false);
    }

    fn visit_inner<'a>(&'a self, f: &mut impl FnMut(&'a str, bool), indirect: bool) {
        match self {
            TypeRef::Named(n) => f(n, indirect),
            TypeRef::Array(t) | TypeRef::Map(t) => t.visit_inner(f, true),
            TypeRef::Nullable(t) => t.visit_inner(f, indirect),
            _ => {}
        }
    }
}

/// Validation constraints from schema keywords (and the codegen config).
#[derive(Debug, Clone, Default, Serialize, PartialEq, PartialOrd)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(skip_serializing_if = "is_false")]
    pub exclusive_minimum: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub exclusive_maximum: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_properties: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_key_length: Option<u64>,
    /// Constraints on the items of an array or the values of a map.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Constraints>>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A named type.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TypeDef {
    pub name: String,
    /// JSON pointer of the schema it was lowered from (the first, when several were merged).
    pub pointer: String,
    pub docs: Docs,
    /// Reachable from a request body: gets validation.
    pub request_side: bool,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    Struct(StructDef),
    /// A string enum; unknown values are kept.
    Enum(EnumDef),
    /// A union told apart by one or more tag properties; unknown tags are kept as raw JSON.
    TaggedUnion(TaggedUnionDef),
    /// A union told apart by shape, tried in order.
    Untagged(UntaggedDef),
    /// A named alias of another type (component schemas that are not objects).
    Alias(TypeRef),
}

impl TypeKind {
    /// Apply `f` to every type name this kind refers to.
    pub fn rename_named(&mut self, f: &impl Fn(&mut String)) {
        match self {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|x| x.ty.rename_named(f));
                s.flattened.iter_mut().for_each(|x| x.ty.rename_named(f));
                if let Some(a) = &mut s.additional {
                    a.rename_named(f);
                }
            }
            TypeKind::Enum(_) => {}
            TypeKind::TaggedUnion(u) => u.variants.iter_mut().for_each(|v| f(&mut v.payload)),
            TypeKind::Untagged(u) => u.variants.iter_mut().for_each(|v| v.ty.rename_named(f)),
            TypeKind::Alias(t) => t.rename_named(f),
        }
    }

    /// Every named type this kind refers to, with whether it sits behind an indirection
    /// (array, map, or the additional-properties map) rather than inline.
    pub fn visit_named<'a>(&'a self, f: &mut impl FnMut(&'a str, bool)) {
        match self {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|x| x.ty.visit_named(f));
                s.flattened.iter().for_each(|x| x.ty.visit_named(f));
                if let Some(a) = &s.additional {
                    a.visit_named(&mut |n, _| f(n, true));
                }
            }
            TypeKind::Enum(_) => {}
            TypeKind::TaggedUnion(u) => u.variants.iter().for_each(|v| f(&v.payload, false)),
            TypeKind::Untagged(u) => u.variants.iter().for_each(|v| v.ty.visit_named(f)),
            TypeKind::Alias(t) => t.visit_named(f),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// Types whose fields are merged in as a whole (allOf members that are unions).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flattened: Vec<FlattenedField>,
    /// Properties beyond the declared ones: `None` when forbidden (`additionalProperties: false`).
    pub additional: Option<TypeRef>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FlattenedField {
    pub name: String,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Field {
    /// Name on the wire.
    pub wire_name: String,
    /// Settled snake_case identifier (not yet keyword-escaped).
    pub name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Docs,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// A single-value boolean enum: the field always holds this value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constant: Option<bool>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EnumDef {
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumValue {
    pub wire: String,
    /// Settled UpperCamelCase variant name.
    pub name: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TaggedUnionDef {
    /// The tag properties, in the order their values are matched.
    pub tags: Vec<String>,
    pub variants: Vec<TaggedVariant>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TaggedVariant {
    pub name: String,
    /// One value per tag property.
    pub tag_values: Vec<String>,
    /// The struct holding the variant's other fields.
    pub payload: String,
    pub docs: Docs,
}

/// A union whose alternatives are told apart by evidence decided at generation time.
/// Decoding tries, in order, the variants whose evidence the document satisfies and
/// takes the first that decodes; a document no variant's evidence matches is kept as
/// raw JSON in the `Unknown` fallback.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UntaggedDef {
    pub variants: Vec<UntaggedVariant>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UntaggedVariant {
    pub name: String,
    pub ty: TypeRef,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// What a document must show to be this variant (all of it).
    pub evidence: Vec<Evidence>,
}

/// One fact about a JSON document, checked before decoding a union variant.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// The document's JSON type is one of these.
    Type(Vec<JsonType>),
    /// The string at this property path (empty: the document itself) is one of these values.
    Str {
        path: Vec<String>,
        values: Vec<String>,
    },
    /// The boolean at this property path is this value.
    Bool { path: Vec<String>, value: bool },
    /// The property path exists.
    Present { path: Vec<String> },
}

/// A JSON type, as evidence sees it (`integer` is a number without a fraction).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum JsonType {
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

/// An auth scheme from `components.securitySchemes`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuthScheme {
    pub name: String,
    /// `bearer`, `http:basic` (or another HTTP scheme), `header:<name>`, `query:<name>`,
    /// `cookie:<name>`, or `other` (OAuth 2 and OpenID Connect: a bearer access token).
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bearer_format: Option<String>,
}

/// One client method. With `CallStyle::PostJsonPerPath`, one per path (called with
/// POST and its request struct as the JSON body); with `CallStyle::AsDeclared`, one per
/// operation (path and method), called with its parameters and body as declared.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Endpoint {
    pub path: String,
    /// The route group (`["acs", "users"]`); empty for methods on the client itself.
    pub group: Vec<String>,
    /// Method name within the group (`list`).
    pub name: String,
    /// HTTP method used.
    pub method: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// Other methods the spec declares for the same path (`PostJsonPerPath` only: not separate client methods).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_methods: Vec<String>,
    pub docs: Docs,
    /// The method's argument type (a struct), if it takes one. `PostJsonPerPath`: the JSON
    /// body. `AsDeclared`: the parameters (fields named in `params`) and the body (`body.field`).
    pub request: Option<String>,
    /// Whether the request has required fields (no `Default`).
    pub request_has_required: bool,
    /// Parameters as declared (`AsDeclared` only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    /// The request body as declared (`AsDeclared` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    pub response: Response,
    /// Media type of the success response (`AsDeclared` only; `None` for JSON or no body).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_media: Option<String>,
    /// Another 2xx response has no body: the method returns `Option` (`None` for an empty body).
    #[serde(skip_serializing_if = "is_false")]
    pub response_optional: bool,
    /// Declared non-2xx responses (status code, range such as `4XX`, or `default`), in spec order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorResponse>,
    /// Type of declared error bodies: one schema for all of them, else any JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_type: Option<TypeRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_attempt: Option<String>,
    pub auth: Vec<String>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a parameter value is serialized (OpenAPI `style`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// One declared parameter, a field of the request struct.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub wire_name: String,
    /// Field of the request struct holding it.
    pub field: String,
    #[serde(rename = "in")]
    pub location: ParamIn,
    pub style: ParamStyle,
    pub explode: bool,
    pub required: bool,
    pub ty: TypeRef,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    Json,
    Form,
    Multipart,
    Binary,
    Text,
}

/// The request body as declared: its media type and the request-struct field(s) holding it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Body {
    pub kind: BodyKind,
    /// The media type sent as `Content-Type` (multipart adds its boundary).
    pub media_type: String,
    /// Field of the request struct holding the body (`Multipart`: none, see `parts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub required: bool,
    /// `Multipart`: one part per property, each a field of the request struct.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
    /// `Form`: properties with a declared `encoding` style (others: arrays repeat the
    /// name, objects are `name[key]=value`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub encoding: Vec<PropertyEncoding>,
}

/// How one property of a form body is written (`encoding.<property>.style/explode`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PropertyEncoding {
    pub wire_name: String,
    pub style: ParamStyle,
    pub explode: bool,
}

/// One part of a multipart body.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Part {
    pub wire_name: String,
    pub field: String,
    /// A file (`format: binary`): sent as bytes with `application/octet-stream`.
    pub file: bool,
    pub required: bool,
}

/// A declared error response.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ErrorResponse {
    /// `404`, `4XX` or `default`.
    pub status: String,
    /// Whether its body is decoded as the endpoint's `error_type`.
    pub typed: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// No body worth returning: the method returns `()`.
    Void,
    /// The body struct; the method returns the whole of it.
    Body { body: String },
    /// The body struct; the method returns the value of one key of it.
    Key {
        body: String,
        key: String,
        field: String,
        ty: TypeRef,
    },
    /// A binary body: the method returns the bytes.
    Bytes,
    /// A text body: the method returns the string.
    Text,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pagination {
    /// Body field holding the page info.
    pub page_field: String,
    /// Item type of the list returned under the response key.
    pub item: TypeRef,
    pub cursor_field: String,
    /// Wire names, in the page object, of the "more pages" flag and the next cursor.
    pub has_next_field: String,
    pub next_cursor_field: String,
}

/// `/pets/{petId}/toys` → `["/pets/", "{petId", "/toys"]`: literals, and names after a `{`.
pub fn parse_template(path: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some((lit, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else {
            return Err(format!("unclosed `{{` in path template \"{path}\""));
        };
        if name.is_empty() || name.contains('{') {
            return Err(format!(
                "empty or nested `{{}}` in path template \"{path}\""
            ));
        }
        if !lit.is_empty() {
            out.push(lit.to_string());
        }
        out.push(format!("{{{name}"));
        rest = tail;
    }
    if rest.contains('}') {
        return Err(format!("unmatched `}}` in path template \"{path}\""));
    }
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    Ok(out)
}
