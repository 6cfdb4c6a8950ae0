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
    Integer,
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
    /// `null` is a valid value.
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    pub fn nullable(self) -> TypeRef {
        match self {
            TypeRef::Nullable(_) | TypeRef::Json => self,
            other => TypeRef::Nullable(Box::new(other)),
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
}

/// An auth scheme from `components.securitySchemes`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuthScheme {
    pub name: String,
    /// `bearer`, `header:<name>`, or `other`.
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bearer_format: Option<String>,
}

/// One endpoint (path), called with its preferred method.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Endpoint {
    pub path: String,
    /// The route group, from the path's prefix segments (`["acs", "users"]`).
    pub group: Vec<String>,
    /// Method name within the group (`list`).
    pub name: String,
    /// HTTP method used (`post` whenever the path has one).
    pub method: String,
    /// Other methods the spec declares for the same path (not separate client methods).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_methods: Vec<String>,
    pub docs: Docs,
    /// Request body type (a struct), if the operation takes one.
    pub request: Option<String>,
    /// Whether the request has required fields (no `Default`).
    pub request_has_required: bool,
    pub response: Response,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_attempt: Option<String>,
    pub auth: Vec<String>,
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
