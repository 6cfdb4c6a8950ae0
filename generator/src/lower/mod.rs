//! Lowering: `openapiv3` → IR.
//!
//! - `refs`: `$ref` resolution and schema views.
//! - `schema`: schemas → type references and named types (structs, enums, maps, allOf).
//! - `union`: `oneOf` / `anyOf` → tagged or untagged unions.
//! - `endpoints`: paths and operations → endpoints, requests, responses, pagination.
//! - `passes`: whole-IR passes run after lowering (request-side marking).
//!
//! Named types live in one type space keyed by settled name. Every public name comes
//! from one location in the spec (component name, then property / item / variant
//! path; an operation's request and response from the operation), never from which
//! other locations share its shape: structurally identical inline schemas are emitted
//! once, and every other location that has that shape is an alias of it under its own
//! name (see `Lowerer::intern`).

mod client;
pub(crate) mod cycles;
mod endpoints;
mod operations;
pub mod passes;
mod refs;
mod reserved;
mod schema;
mod union;

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::ir::{Api, Docs, TypeDef, TypeKind, TypeRef};
use crate::naming::Scope;
use crate::parse::Document;

/// Lower a parsed document. Returns the IR and every diagnostic (errors included);
/// the caller decides whether errors stop generation.
pub fn lower(doc: &Document, config: &Config) -> (Api, Diagnostics) {
    let mut cx = Lowerer::new(doc, config);
    cx.in_components = true;
    cx.lower_components();
    cx.in_components = false;
    let endpoints = cx.lower_endpoints();
    let auth = cx.lower_auth();
    let client = cx.client_settings(&auth);
    let default_base_url = cx.default_base_url();
    let operation_count = cx.operation_count;
    let mut api = Api {
        title: doc.spec.info.title.clone(),
        version: doc.spec.info.version.clone(),
        default_base_url,
        types: std::mem::take(&mut cx.types),
        endpoints,
        auth,
        action_attempts: config.action_attempts.clone(),
        operation_count,
        call_style: config.calls,
        client,
    };
    cycles::break_alias_cycles(&mut api.types, &mut cx.diags);
    passes::mark_request_side(&mut api);
    (api, cx.diags)
}

/// How many schemas may be merged inside one another (see `Lowerer::merge_blocked`).
const MAX_MERGE_DEPTH: usize = 16;

pub(crate) struct Lowerer<'a> {
    doc: &'a Document,
    config: &'a Config,
    diags: Diagnostics,
    types: BTreeMap<String, TypeDef>,
    /// Shape (kind serialized) → name, for interning inline types. Only looked up, never iterated.
    shapes: HashMap<String, String>,
    type_names: Scope,
    /// Component schema key → settled type name.
    components: BTreeMap<String, String>,
    /// Keys of the components that allow `null` (see `Lowerer::nullable_components`):
    /// each is lowered as its non-null type, and every `$ref` to it is nullable.
    nullable: std::collections::BTreeSet<String>,
    operation_count: usize,
    /// While lowering an operation: (root type hint, path). A root type (request or
    /// response body) is shared only within its path (method twins), never across
    /// endpoints, so every endpoint's request and response keep their own names.
    root: Option<(String, String)>,
    /// (location name, shape) → the name settled for it, so a location lowered twice is named once.
    locations: HashMap<(String, String), String>,
    /// Location names that alias an identical type defined for another location.
    alias_of: HashMap<String, String>,
    /// Lowering component schemas (their suggested names are preferred).
    in_components: bool,
    /// Pointers of the schemas whose properties are being lowered right now (components,
    /// and schemas merged into an `allOf` or a tagged union): reaching one again is a
    /// recursive type, referred to by name instead of lowered again (which never ends).
    merging: Vec<String>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a Document, config: &'a Config) -> Self {
        Self {
            doc,
            config,
            diags: Diagnostics::default(),
            types: BTreeMap::new(),
            shapes: HashMap::new(),
            type_names: Scope::with_reserved(crate::naming::RESERVED_TYPE_NAMES),
            components: BTreeMap::new(),
            nullable: std::collections::BTreeSet::new(),
            operation_count: 0,
            root: None,
            locations: HashMap::new(),
            alias_of: HashMap::new(),
            in_components: false,
            merging: Vec::new(),
        }
    }

    /// Add an inline type under the name of its location (`hint`). A type identical to
    /// one already defined (shapes compared with location aliases resolved) is emitted
    /// once: this location's name becomes an alias of it, so every location keeps its own
    /// public name whatever else shares the shape. The same location lowered again (a
    /// method twin, a union spliced twice) gets the same name.
    fn intern(&mut self, hint: &str, pointer: &str, docs: Docs, kind: TypeKind) -> String {
        let mut key = self.canonical_shape(&kind);
        let rooted = self.root.as_ref().is_some_and(|(h, _)| h == hint);
        if let Some((_, path)) = self.root.as_ref().filter(|_| rooted) {
            key = format!("{path}\n{key}");
        }
        if let Some(name) = self.locations.get(&(hint.to_string(), key.clone())) {
            return name.clone();
        }
        let name = self.type_names.claim(hint, None);
        let kind = match self.shapes.get(&key) {
            Some(canonical) => {
                self.alias_of.insert(name.clone(), canonical.clone());
                TypeKind::Alias(TypeRef::Named(canonical.clone()))
            }
            None => {
                self.shapes.insert(key.clone(), name.clone());
                kind
            }
        };
        self.locations.insert((hint.to_string(), key), name.clone());
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                pointer: pointer.to_string(),
                docs,
                request_side: false,
                kind,
            },
        );
        name
    }

    /// A kind's shape key, with names that are location aliases replaced by the type
    /// they alias, so identical shapes nested in different locations compare equal.
    fn canonical_shape(&self, kind: &TypeKind) -> String {
        if self.alias_of.is_empty() {
            return shape_key(kind);
        }
        let mut kind = kind.clone();
        let canon = |n: &mut String| {
            if let Some(c) = self.alias_of.get(n.as_str()) {
                *n = c.clone();
            }
        };
        kind.rename_named(&canon);
        shape_key(&kind)
    }

    /// Whether the schema at `at` must be referred to by name rather than lowered (merged,
    /// spliced) again here: it is being lowered further up (a recursive type), or merges
    /// already nest `MAX_MERGE_DEPTH` deep. A long chain of components each merging the
    /// next (`C1.next: {allOf: [$ref C2]}`, ...) otherwise recursed once per link.
    fn merge_blocked(&self, at: &str) -> bool {
        self.merging.len() >= MAX_MERGE_DEPTH || self.merging.iter().any(|m| m == at)
    }

    /// Add a component type under its required name; identical inline schemas will reuse it.
    fn define_component(&mut self, name: &str, pointer: &str, docs: Docs, kind: TypeKind) {
        let key = shape_key(&kind);
        self.shapes.entry(key).or_insert_with(|| name.to_string());
        self.types.insert(
            name.to_string(),
            TypeDef {
                name: name.to_string(),
                pointer: pointer.to_string(),
                docs,
                request_side: false,
                kind,
            },
        );
    }
}

fn shape_key(kind: &TypeKind) -> String {
    // Serializing IR values cannot fail (no maps with non-string keys, no custom impls).
    serde_json::to_string(kind).unwrap_or_default()
}
