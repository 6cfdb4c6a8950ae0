//! `oneOf` / `anyOf` → the tightest union that accepts every valid document.
//!
//! 1. Nested unions are spliced into one list of alternatives.
//! 2. All alternatives string enums (or strings) → one merged enum (or `String`).
//! 3. All alternatives objects with single-value string enum properties that tell them
//!    apart → a tagged union. The tag set is the `discriminator` property when valid,
//!    otherwise the smallest set (one, then two properties) whose values are unique.
//! 4. Otherwise an untagged union, most specific alternatives first.

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use super::refs::{object_view, single_string_value, SchemaRef};
use super::schema::UNKNOWN_VARIANT;
use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{
    Constraints, TaggedUnionDef, TaggedVariant, TypeKind, TypeRef, UntaggedDef, UntaggedVariant,
};
use crate::naming::{type_name, Scope};

struct Alternative<'a> {
    src: SchemaRef<'a>,
    /// Pointer of the alternative as written (the `oneOf/i` node).
    pointer: String,
    schema: &'a Schema,
    /// Pointer of the resolved schema.
    at: String,
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_union(
        &mut self,
        list: &'a [ReferenceOr<Schema>],
        pointer: &str,
        key: &str,
        hint: &str,
        discriminator: Option<&'a Discriminator>,
    ) -> TypeKind {
        let (alts, expanded) = self.splice(list, pointer, key);
        if alts.is_empty() {
            self.diags.warning(
                &pointer_push(pointer, key),
                format!("`{key}` has no usable alternatives; any JSON value is accepted"),
            );
            return TypeKind::Alias(TypeRef::Json);
        }
        // The unions spliced in are being lowered now: one of their alternatives that
        // refers back to them gets them by name (see `merging`) instead of again, forever.
        let depth = self.merging.len();
        self.merging.extend(expanded);
        let kind = match self.string_union(&alts, pointer) {
            Some(kind) => kind,
            None => match self.tagged_union(&alts, pointer, hint, discriminator) {
                Some(kind) => kind,
                None => self.untagged_union(&alts, hint),
            },
        };
        self.merging.truncate(depth);
        kind
    }

    /// Flatten nested oneOf/anyOf alternatives and resolve references. A union reached
    /// again (through a `$ref` cycle, or twice through different alternatives) adds
    /// nothing new and is spliced once: without that, repeats grow exponentially.
    /// Returns the alternatives and the pointers of the unions spliced in. A union being
    /// lowered further up (`merging`) is an alternative as a whole, not spliced again.
    fn splice(
        &mut self,
        list: &'a [ReferenceOr<Schema>],
        pointer: &str,
        key: &str,
    ) -> (Vec<Alternative<'a>>, Vec<String>) {
        let list_ptr = pointer_push(pointer, key);
        let mut out = Vec::new();
        // Pointers of the unions spliced so far; each queue entry carries its ancestors.
        let mut expanded = std::collections::BTreeSet::from([pointer.to_string()]);
        let root = vec![pointer.to_string()];
        let mut queue: Vec<(SchemaRef<'a>, String, Vec<String>)> = list
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    m.into(),
                    pointer_push(&list_ptr, &i.to_string()),
                    root.clone(),
                )
            })
            .collect();
        queue.reverse();
        while let Some((src, ptr, ancestors)) = queue.pop() {
            let Some((schema, at)) = self.resolve(src, &ptr) else {
                continue;
            };
            let nested = match &schema.schema_kind {
                SchemaKind::OneOf { one_of }
                    if object_view(schema).is_none() && !schema.schema_data.nullable =>
                {
                    Some((one_of, "oneOf"))
                }
                SchemaKind::AnyOf { any_of }
                    if object_view(schema).is_none() && !schema.schema_data.nullable =>
                {
                    Some((any_of, "anyOf"))
                }
                _ => None,
            };
            match nested {
                Some(_) if ancestors.contains(&at) => {
                    self.diags.warning(&ptr, format!("union includes itself (through {at}); the repeated alternative adds nothing and is ignored"));
                }
                Some(_) if expanded.contains(&at) => {}
                Some((inner, k)) if ancestors.len() <= 32 && !self.merge_blocked(&at) => {
                    expanded.insert(at.clone());
                    let inner_ptr = pointer_push(&at, k);
                    let mut chain = ancestors.clone();
                    chain.push(at.clone());
                    for (i, m) in inner.iter().enumerate().rev() {
                        queue.push((
                            m.into(),
                            pointer_push(&inner_ptr, &i.to_string()),
                            chain.clone(),
                        ));
                    }
                }
                _ => out.push(Alternative {
                    src,
                    pointer: ptr,
                    schema,
                    at,
                }),
            }
        }
        expanded.remove(pointer);
        (out, expanded.into_iter().collect())
    }

    /// Strings only: merged enum when every alternative is an enum, else `String`.
    fn string_union(&mut self, alts: &[Alternative<'a>], pointer: &str) -> Option<TypeKind> {
        let mut values = Vec::new();
        let mut all_enums = true;
        for alt in alts {
            match &alt.schema.schema_kind {
                SchemaKind::Type(Type::String(t)) => {
                    if t.enumeration.is_empty() {
                        all_enums = false;
                    }
                    values.extend(t.enumeration.iter().flatten().cloned());
                }
                _ => return None,
            }
        }
        if all_enums && !values.is_empty() {
            Some(TypeKind::Enum(
                self.enum_def(&values, &pointer_push(pointer, "oneOf")),
            ))
        } else {
            Some(TypeKind::Alias(TypeRef::String))
        }
    }

    fn tagged_union(
        &mut self,
        alts: &[Alternative<'a>],
        pointer: &str,
        hint: &str,
        discriminator: Option<&'a Discriminator>,
    ) -> Option<TypeKind> {
        // Every alternative must be an object; collect each one's single-value tags.
        let mut tag_maps = Vec::new();
        for alt in alts {
            let Some(view) = object_view(alt.schema) else {
                if let Some(d) = discriminator {
                    self.diags.warning(&alt.pointer, format!("alternative of a union with discriminator \"{}\" is not an object; decoded as an untagged union", d.property_name));
                }
                return None;
            };
            let mut tags = std::collections::BTreeMap::new();
            for (prop, schema) in view.properties {
                if !view.required.contains(prop) {
                    continue;
                }
                let resolved = match SchemaRef::from(schema) {
                    SchemaRef::Inline(s) => Some(s),
                    r @ SchemaRef::Ref(_) => self.resolve(r, &alt.at).map(|(s, _)| s),
                };
                if let Some(v) = resolved.and_then(single_string_value) {
                    tags.insert(prop.clone(), v.to_string());
                }
            }
            tag_maps.push(tags);
        }
        let unique = |props: &[&String]| -> bool {
            let mut seen = std::collections::BTreeSet::new();
            tag_maps.iter().all(|m| {
                let key: Option<Vec<&String>> = props.iter().map(|p| m.get(*p)).collect();
                key.is_some_and(|k| seen.insert(k))
            })
        };
        let mut chosen: Option<Vec<String>> = None;
        if let Some(d) = discriminator {
            let prop = &d.property_name;
            if !d.mapping.is_empty() {
                self.diags.warning(&pointer_push(pointer, "discriminator"), "discriminator `mapping` is not used; tag values come from each alternative's single-value enum");
            }
            let mut ok = true;
            for (alt, m) in alts.iter().zip(&tag_maps) {
                if !m.contains_key(prop) {
                    ok = false;
                    self.diags.warning(&alt.pointer, format!("discriminator property \"{prop}\" is missing from this alternative or is not a required single-value string enum"));
                }
            }
            if ok && unique(&[prop]) {
                chosen = Some(vec![prop.clone()]);
            } else if ok {
                // Values repeat: a second tag may still tell the alternatives apart.
                let common: Vec<&String> = common_tags(&tag_maps)
                    .into_iter()
                    .filter(|p| *p != prop)
                    .collect();
                chosen = common
                    .iter()
                    .find(|p| unique(&[prop, p]))
                    .map(|p| vec![prop.clone(), (*p).clone()]);
                if chosen.is_none() {
                    self.diags.warning(&pointer_push(pointer, "discriminator"), format!("discriminator \"{prop}\" values are not unique across alternatives; decoded as an untagged union"));
                    return None;
                }
            } else {
                return None;
            }
        } else {
            let common = common_tags(&tag_maps);
            if let Some(p) = common.iter().find(|p| unique(&[p])) {
                chosen = Some(vec![(*p).clone()]);
            } else {
                'pairs: for (i, a) in common.iter().enumerate() {
                    for b in &common[i + 1..] {
                        if unique(&[a, b]) {
                            chosen = Some(vec![(*a).clone(), (*b).clone()]);
                            break 'pairs;
                        }
                    }
                }
            }
        }
        let tags = chosen?;
        let mut scope = Scope::with_reserved(&[UNKNOWN_VARIANT]);
        let mut variants = Vec::new();
        for (alt, m) in alts.iter().zip(&tag_maps) {
            let tag_values: Vec<String> = tags.iter().filter_map(|t| m.get(t).cloned()).collect();
            let first = type_name(&tag_values.join("_"));
            let second = if first == UNKNOWN_VARIANT {
                format!("{first}Value")
            } else {
                format!("{first}Variant")
            };
            let name = scope.claim(&first, Some(&second));
            let view = object_view(alt.schema)?;
            let payload_hint = format!("{hint}{name}");
            let docs = self.docs_of(alt.schema, &alt.at);
            let recursive = self.merging.contains(&alt.at);
            let payload = if recursive
                || (self.merge_blocked(&alt.at) && matches!(alt.src, SchemaRef::Ref(_)))
            {
                // A recursive type whose fields are being lowered further up (or merges nested
                // too deep): the payload is that type itself, tag field included (serializing
                // sets the same tag value).
                match self.lower_ref(alt.src, &alt.pointer, &payload_hint) {
                    TypeRef::Named(n) => n,
                    _ => return None,
                }
            } else {
                self.merging.push(alt.at.clone());
                let def = self.lower_struct(&view, &alt.at, &payload_hint, &tags);
                self.merging.pop();
                self.intern(&payload_hint, &alt.at, docs.clone(), TypeKind::Struct(def))
            };
            variants.push(TaggedVariant {
                name,
                tag_values,
                payload,
                docs,
            });
        }
        Some(TypeKind::TaggedUnion(TaggedUnionDef { tags, variants }))
    }

    fn untagged_union(&mut self, alts: &[Alternative<'a>], hint: &str) -> TypeKind {
        let mut scope = Scope::default();
        let mut variants: Vec<(usize, UntaggedVariant)> = Vec::new();
        for (i, alt) in alts.iter().enumerate() {
            // Inline object alternatives are named by what they require (`AcsUserId`,
            // `AcsUserIdAndAcsSystemId`), which is what tells them apart.
            let by_required = match (alt.src, object_view(alt.schema)) {
                (SchemaRef::Inline(_), Some(view)) if !view.required.is_empty() => Some(
                    view.required
                        .iter()
                        .take(3)
                        .map(|r| type_name(r))
                        .collect::<Vec<_>>()
                        .join("And"),
                ),
                (SchemaRef::Inline(_), Some(view)) if view.properties.is_empty() => {
                    Some("Empty".to_string())
                }
                _ => None,
            };
            let inline_hint = match &by_required {
                Some(b) => format!("{hint}{b}"),
                None => format!("{hint}Variant{i}"),
            };
            let ty = self.lower_ref(alt.src, &alt.pointer, &inline_hint);
            let constraints = match alt.src {
                SchemaRef::Inline(s) => self.constraints_of(s),
                SchemaRef::Ref(_) => Constraints::default(),
            };
            let base = by_required.unwrap_or_else(|| variant_base_name(&ty));
            let name = scope.claim(&base, None);
            let required = object_view(alt.schema).map_or(0, |v| v.required.len());
            // Most specific first: objects by required count, then primitives, then anything.
            let rank = match ty {
                TypeRef::Json => 0,
                TypeRef::Named(_) => 1000 + required,
                _ => 500,
            };
            if variants.iter().any(|(_, v)| v.ty == ty) {
                continue;
            }
            variants.push((
                rank,
                UntaggedVariant {
                    name,
                    ty,
                    constraints,
                },
            ));
        }
        variants.sort_by_key(|v| std::cmp::Reverse(v.0));
        TypeKind::Untagged(UntaggedDef {
            variants: variants.into_iter().map(|(_, v)| v).collect(),
        })
    }
}

fn common_tags(maps: &[std::collections::BTreeMap<String, String>]) -> Vec<&String> {
    let Some(first) = maps.first() else {
        return Vec::new();
    };
    first
        .keys()
        .filter(|k| maps.iter().all(|m| m.contains_key(*k)))
        .collect()
}

fn variant_base_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Boolean => "Boolean".into(),
        TypeRef::Integer => "Integer".into(),
        TypeRef::Number => "Number".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Array(_) => "Array".into(),
        TypeRef::Map(_) => "Map".into(),
        TypeRef::Nullable(inner) => variant_base_name(inner),
    }
}
