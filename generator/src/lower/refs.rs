//! `$ref` resolution and uniform views over `openapiv3` schemas.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use crate::diagnostics::pointer_push;

/// A schema or a reference to one, whatever box it came in.
#[derive(Clone, Copy)]
pub enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

/// The object-shaped parts of a schema, whether `type: object` or an untyped schema with properties.
pub struct ObjectView<'s> {
    pub properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'s [String],
    pub additional: Option<&'s AdditionalProperties>,
}

pub fn object_view(s: &Schema) -> Option<ObjectView<'_>> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(ObjectView {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::Any(a)
            if (!a.properties.is_empty() || a.typ.as_deref() == Some("object"))
                && a.one_of.is_empty()
                && a.all_of.is_empty()
                && a.any_of.is_empty() =>
        {
            Some(ObjectView {
                properties: &a.properties,
                required: &a.required,
                additional: a.additional_properties.as_ref(),
            })
        }
        _ => None,
    }
}

/// The single value of a one-value string enum (a union tag), if that is what the schema is.
pub fn single_string_value(s: &Schema) -> Option<&str> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            let values: Vec<&str> = t.enumeration.iter().flatten().map(String::as_str).collect();
            match values.as_slice() {
                [one] => Some(one),
                _ => None,
            }
        }
        _ => None,
    }
}

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// The component key a local schema reference names, unescaped
/// (`#/components/schemas/a~1b` → `a/b`); `None` for any other reference.
pub fn ref_component_key(reference: &str) -> Option<String> {
    reference
        .strip_prefix(COMPONENT_PREFIX)
        .map(|k| k.replace("~1", "/").replace("~0", "~"))
}

/// The component a discriminator mapping value names: a reference, or a bare schema name.
pub fn mapping_target_key(target: &str) -> String {
    ref_component_key(target).unwrap_or_else(|| target.to_string())
}

impl<'a> Lowerer<'a> {
    /// Follow `$ref`s to a schema. Reports dangling, non-schema, external and cyclic
    /// references at `pointer` and returns `None` for them.
    pub(super) fn resolve(
        &mut self,
        r: SchemaRef<'a>,
        pointer: &str,
    ) -> Option<(&'a Schema, String)> {
        let mut current = r;
        let mut at = pointer.to_string();
        let mut hops = Vec::new();
        loop {
            match current {
                SchemaRef::Inline(s) => return Some((s, at)),
                SchemaRef::Ref(reference) => {
                    // After the first hop, a bad `$ref` is in the component reached, not at `pointer`.
                    let key =
                        self.component_key(reference, if hops.is_empty() { pointer } else { &at })?;
                    if hops.contains(&key) {
                        self.diags.error(
                            pointer,
                            format!("`$ref` cycle with no schema in it: {}", hops.join(" -> ")),
                        );
                        return None;
                    }
                    hops.push(key.clone());
                    let schemas = &self.doc.spec.components.as_ref()?.schemas;
                    let next = schemas.get(&key)?;
                    at = pointer_push("/components/schemas", &key);
                    current = SchemaRef::from(next);
                }
            }
        }
    }

    /// Follow `$ref`s to a schema without reporting anything (for facts read ahead of
    /// lowering, which reports bad references itself): `None` for a dangling, foreign
    /// or cyclic reference.
    pub(super) fn peek(&self, r: SchemaRef<'a>, pointer: &str) -> Option<(&'a Schema, String)> {
        let schemas = self.doc.spec.components.as_ref().map(|c| &c.schemas);
        let mut current = r;
        let mut at = pointer.to_string();
        for _ in 0..64 {
            match current {
                SchemaRef::Inline(s) => return Some((s, at)),
                SchemaRef::Ref(reference) => {
                    let escaped = reference.strip_prefix(COMPONENT_PREFIX)?;
                    let key = escaped.replace("~1", "/").replace("~0", "~");
                    current = SchemaRef::from(schemas?.get(&key)?);
                    at = pointer_push("/components/schemas", &key);
                }
            }
        }
        None
    }

    /// The component key a reference names, with a diagnostic when it names none.
    pub(super) fn component_key(&mut self, reference: &str, pointer: &str) -> Option<String> {
        let ptr = pointer_push(pointer, "$ref");
        let Some(escaped) = reference.strip_prefix(COMPONENT_PREFIX) else {
            if reference.starts_with("#/") {
                self.diags.error(&ptr, format!("`$ref` \"{reference}\" does not point to a schema under #/components/schemas"));
            } else {
                self.diags.error(&ptr, format!("`$ref` \"{reference}\": only local references (#/components/schemas/...) are supported"));
            }
            return None;
        };
        if escaped.contains('/') {
            self.diags.error(
                &ptr,
                format!(
                    "`$ref` \"{reference}\" does not point to a schema under #/components/schemas"
                ),
            );
            return None;
        }
        let key = escaped.replace("~1", "/").replace("~0", "~");
        let exists = self
            .doc
            .spec
            .components
            .as_ref()
            .is_some_and(|c| c.schemas.contains_key(&key));
        if !exists {
            self.diags.error(
                &ptr,
                format!("`$ref` \"{reference}\" points to no schema (no components.schemas.{key})"),
            );
            return None;
        }
        Some(key)
    }

    /// The raw JSON node at a pointer, for facts `openapiv3` does not keep (an empty `enum`).
    pub(super) fn raw_at(&self, pointer: &str) -> Option<&'a serde_json::Value> {
        self.doc.raw.pointer(pointer)
    }
}
