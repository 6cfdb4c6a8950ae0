//! `oneOf` / `anyOf` → the tightest union that accepts every valid document.
//!
//! 1. Nested unions are spliced into one list of alternatives.
//! 2. All alternatives string enums (or strings) → one merged enum (or `String`).
//! 3. All alternatives objects with single-value tags that tell them apart → a tagged
//!    union (tag properties removed from the payloads). A tag's value comes from the
//!    `discriminator` mapping (explicit, else the component's name for a `$ref`
//!    alternative whose property is not a single-value enum) or from the alternative's
//!    single-value string enum. The tag set is the discriminator property when valid,
//!    otherwise the smallest set (one, then two properties) whose values are unique.
//! 4. Otherwise an evidence union (see [`Evidence`]): for every pair of alternatives,
//!    what tells them apart is decided here, from the schemas: JSON types, disjoint
//!    value sets of a shared property (also one level down, a nested tag), discriminator
//!    values, single-value booleans, and required properties one has and the other does
//!    not. A document is decoded as the first variant (most evidence first, then spec
//!    order) whose evidence it satisfies and that decodes; when no variant's evidence
//!    matches, it is kept in `Unknown`. Two alternatives nothing tells apart get a
//!    warning: a document that fits both decodes as the first.
//!
//! A schema with a `discriminator` that other components extend (`Cat: allOf[$ref Pet,
//! …]`) is a union of those components, each keeping the parent's fields (see
//! [`Lowerer::inheritance_union`]).

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use super::refs::{
    mapping_target_key, object_view, ref_component_key, single_string_value, ObjectView, SchemaRef,
};
use super::schema::{JsonScalar, UNKNOWN_VARIANT};
use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{
    Constraints, Evidence, JsonType, TaggedUnionDef, TaggedVariant, TypeKind, TypeRef, UntaggedDef,
    UntaggedVariant,
};
use crate::naming::{location, second_choice, type_name, Scope};

struct Alternative<'a> {
    src: SchemaRef<'a>,
    /// Pointer of the alternative as written (the `oneOf/i` node).
    pointer: String,
    schema: &'a Schema,
    /// Pointer of the resolved schema.
    at: String,
    /// The discriminator of the nearest union around this alternative that declares one
    /// (a union spliced in keeps its own), with that discriminator's pointer; `None`:
    /// the outer union's, if any.
    discriminator: Option<(&'a Discriminator, String)>,
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
            None => {
                let facts = self.alternative_facts(&alts, pointer, discriminator);
                match self.tagged_union(&alts, &facts, pointer, hint, discriminator) {
                    Some(kind) => kind,
                    None => self.evidence_union(&alts, &facts, key, hint),
                }
            }
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
        type Entry<'a> = (
            SchemaRef<'a>,
            String,
            Vec<String>,
            Option<(&'a Discriminator, String)>,
        );
        let mut queue: Vec<Entry<'a>> = list
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    m.into(),
                    pointer_push(&list_ptr, &i.to_string()),
                    root.clone(),
                    None,
                )
            })
            .collect();
        queue.reverse();
        while let Some((src, ptr, ancestors, discriminator)) = queue.pop() {
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
                    let inner_discriminator = match &schema.schema_data.discriminator {
                        Some(d) => Some((d, pointer_push(&at, "discriminator"))),
                        None => discriminator.clone(),
                    };
                    for (i, m) in inner.iter().enumerate().rev() {
                        queue.push((
                            m.into(),
                            pointer_push(&inner_ptr, &i.to_string()),
                            chain.clone(),
                            inner_discriminator.clone(),
                        ));
                    }
                }
                _ => out.push(Alternative {
                    src,
                    pointer: ptr,
                    schema,
                    at,
                    discriminator,
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

    /// Components extended through `allOf` by other components, for parents that have a
    /// discriminator: parent key → the keys of the components that extend it, sorted.
    pub(super) fn subtypes(&self) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let Some(components) = self.doc.spec.components.as_ref() else {
            return out;
        };
        for (child, schema) in &components.schemas {
            let ReferenceOr::Item(s) = schema else {
                continue;
            };
            let members = match &s.schema_kind {
                SchemaKind::AllOf { all_of } => all_of,
                SchemaKind::Any(a) => &a.all_of,
                _ => continue,
            };
            for m in members {
                let ReferenceOr::Reference { reference } = m else {
                    continue;
                };
                let Some(parent) = ref_component_key(reference) else {
                    continue;
                };
                let has_discriminator = matches!(components.schemas.get(&parent), Some(ReferenceOr::Item(p)) if p.schema_data.discriminator.is_some() && object_view(p).is_some());
                if has_discriminator && &parent != child {
                    out.entry(parent).or_default().push(child.clone());
                }
            }
        }
        out.values_mut().for_each(|v| {
            v.sort();
            v.dedup();
        });
        out
    }

    /// `Pet` (an object with a discriminator) extended by `Cat: allOf[$ref Pet, …]`: a
    /// union of the components that extend it, told apart by the discriminator's value
    /// (the mapping's keys for the child, else the child's own enum for the property,
    /// else the child's component name). Each variant holds the child type whole, the
    /// parent's fields included; a document with another value is kept in `Unknown`.
    pub(super) fn inheritance_union(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        children: &[String],
    ) -> Option<TypeKind> {
        let d = schema.schema_data.discriminator.as_ref()?;
        let prop = &d.property_name;
        let mut scope = Scope::with_reserved(&[UNKNOWN_VARIANT]);
        let mut variants = Vec::new();
        for child in children {
            let target = pointer_push("/components/schemas", child);
            let mapped: Vec<String> = d
                .mapping
                .iter()
                .filter(|(_, t)| mapping_target_key(t) == *child)
                .map(|(k, _)| k.clone())
                .collect();
            let doc = self.doc;
            let Some(child_ref) = doc
                .spec
                .components
                .as_ref()
                .and_then(|c| c.schemas.get(child))
            else {
                continue;
            };
            let Some((child_schema, child_at)) = self.peek(child_ref.into(), &target) else {
                continue;
            };
            let own = self
                .facts(child_schema, &child_at)
                .strs
                .remove(&vec![prop.clone()]);
            let values: Vec<String> = match (mapped.is_empty(), own) {
                (false, _) => mapped,
                (true, Some(values)) => values.into_iter().collect(),
                (true, None) => vec![child.clone()],
            };
            let Some(name) = self.components.get(child).cloned() else {
                continue;
            };
            let variant = scope.claim(&name, Some(&second_choice::variant(&name)));
            let evidence = vec![
                Evidence::Type(vec![JsonType::Object]),
                Evidence::Str {
                    path: vec![prop.clone()],
                    values,
                },
            ];
            variants.push(UntaggedVariant {
                name: variant,
                ty: TypeRef::Named(name),
                constraints: Constraints::default(),
                evidence,
            });
        }
        for (value, target) in &d.mapping {
            let key = mapping_target_key(target);
            if !children.contains(&key) {
                self.diags.warning(
                    &pointer_push(&pointer_push(&pointer_push(pointer, "discriminator"), "mapping"), value),
                    format!("discriminator mapping \"{value}\" names \"{target}\", which does not extend this schema through `allOf`; documents with that value are kept as raw JSON (`Unknown`)"),
                );
            }
        }
        (!variants.is_empty()).then_some(TypeKind::Untagged(UntaggedDef { variants }))
    }

    /// What each alternative's schema says of every document it accepts, with the
    /// discriminator's values (mapping, else single-value enum, else component name)
    /// standing for the discriminator property. Each alternative answers to the
    /// discriminator of the nearest union around it that declares one: a discriminated
    /// union spliced into another keeps telling its own alternatives apart.
    fn alternative_facts(
        &mut self,
        alts: &[Alternative<'a>],
        pointer: &str,
        discriminator: Option<&'a Discriminator>,
    ) -> Vec<Facts> {
        let mut facts: Vec<Facts> = alts
            .iter()
            .map(|alt| self.facts(alt.schema, &alt.at))
            .collect();
        let outer = discriminator.map(|d| (d, pointer_push(pointer, "discriminator")));
        // Discriminator pointer → (the discriminator, the alternatives answering to it).
        let mut groups: BTreeMap<String, (&'a Discriminator, Vec<usize>)> = BTreeMap::new();
        for (i, alt) in alts.iter().enumerate() {
            if let Some((d, at)) = alt.discriminator.clone().or_else(|| outer.clone()) {
                groups.entry(at).or_insert((d, Vec::new())).1.push(i);
            }
        }
        for (disc_ptr, (d, members)) in groups {
            let prop = &d.property_name;
            // Explicit mapping: value → the alternative whose component it names.
            let mut mapped: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
            for (value, target) in &d.mapping {
                let key = mapping_target_key(target);
                let found = members.iter().copied().find(|&i| matches!(alts[i].src, SchemaRef::Ref(r) if ref_component_key(r).as_ref() == Some(&key)));
                match found {
                    Some(i) => {
                        mapped.entry(i).or_default().insert(value.clone());
                    }
                    None => self.diags.warning(&pointer_push(&pointer_push(&disc_ptr, "mapping"), value), format!("discriminator mapping \"{value}\" names \"{target}\", which is not one of the union's alternatives; the value is not recognised")),
                }
            }
            let path = vec![prop.clone()];
            for i in members {
                let f = &mut facts[i];
                if !f.types.is_empty() && !f.types.contains(&JsonType::Object) {
                    // Not an object (an array, a string): it has no property to read.
                    continue;
                }
                let values = if let Some(m) = mapped.remove(&i) {
                    Some(m)
                } else if f.strs.contains_key(&path) {
                    None
                } else if let SchemaRef::Ref(r) = alts[i].src {
                    // Implicit mapping: the component's name.
                    ref_component_key(r).map(|k| BTreeSet::from([k]))
                } else {
                    None
                };
                if let Some(values) = values {
                    f.strs.insert(path.clone(), values);
                    f.required.insert(prop.clone());
                }
                if f.strs.contains_key(&path) {
                    f.discriminator = Some(path.clone());
                }
            }
        }
        facts
    }

    fn tagged_union(
        &mut self,
        alts: &[Alternative<'a>],
        facts: &[Facts],
        pointer: &str,
        hint: &str,
        discriminator: Option<&'a Discriminator>,
    ) -> Option<TypeKind> {
        // Every alternative must be an object; collect each one's single-value tags.
        let mut tag_maps = Vec::new();
        for (alt, f) in alts.iter().zip(facts) {
            if object_view(alt.schema).is_none() {
                // An `allOf` of objects is an object too: told apart by evidence, quietly.
                let object = f.types.len() == 1 && f.types.contains(&JsonType::Object);
                if let (Some(d), false) = (discriminator, object) {
                    self.diags.warning(&alt.pointer, format!("alternative of a union with discriminator \"{}\" is not an object; decoded by evidence", d.property_name));
                }
                return None;
            }
            let tags: BTreeMap<String, String> = f
                .strs
                .iter()
                .filter_map(|(path, values)| match (path.as_slice(), values.len()) {
                    ([prop], 1) if f.required.contains(prop) => {
                        values.iter().next().map(|v| (prop.clone(), v.clone()))
                    }
                    _ => None,
                })
                .collect();
            tag_maps.push(tags);
        }
        let unique = |props: &[&String]| -> bool {
            let mut seen = BTreeSet::new();
            tag_maps.iter().all(|m| {
                let key: Option<Vec<&String>> = props.iter().map(|p| m.get(*p)).collect();
                key.is_some_and(|k| seen.insert(k))
            })
        };
        let mut chosen: Option<Vec<String>> = None;
        if let Some(d) = discriminator {
            let prop = &d.property_name;
            let mut ok = true;
            for (alt, (m, f)) in alts.iter().zip(tag_maps.iter().zip(facts)) {
                if !m.contains_key(prop) && !f.strs.contains_key(&vec![prop.clone()]) {
                    ok = false;
                    self.diags.warning(&alt.pointer, format!("discriminator property \"{prop}\" has no value for this alternative (no mapping, no single-value enum, not a component); it is told apart by other evidence"));
                }
            }
            if ok && unique(&[prop]) {
                chosen = Some(vec![prop.clone()]);
            } else if ok && tag_maps.iter().all(|m| m.contains_key(prop)) {
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
                    self.diags.warning(&pointer_push(pointer, "discriminator"), format!("discriminator \"{prop}\" values are not unique across alternatives; told apart by other evidence"));
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
            let name = scope.claim(&first, Some(&second_choice::variant(&first)));
            let view = object_view(alt.schema)?;
            let payload_hint = location::variant(hint, &name);
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

    fn evidence_union(
        &mut self,
        alts: &[Alternative<'a>],
        facts: &[Facts],
        key: &str,
        hint: &str,
    ) -> TypeKind {
        let mut scope = Scope::with_reserved(&[UNKNOWN_VARIANT]);
        let (evidence, silent_pairs) = decide_evidence(facts);
        // Pairs nothing tells apart, reported once each (the later alternative).
        for (i, j) in silent_pairs {
            let (a, b) = (&alts[i], &alts[j]);
            self.diags.warning(
                &b.pointer,
                format!("alternatives {i} and {j} of `{key}` cannot be told apart by JSON type, enum values, discriminator or required properties; a document that fits both decodes as alternative {i} ({})", a.pointer),
            );
        }
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
                Some(b) => location::variant(hint, b),
                None => location::variant_at(hint, i),
            };
            let ty = self.lower_ref(alt.src, &alt.pointer, &inline_hint);
            let constraints = match alt.src {
                SchemaRef::Inline(s) => self.constraints_of(s),
                SchemaRef::Ref(_) => Constraints::default(),
            };
            if variants.iter().any(|(_, v)| v.ty == ty) {
                continue;
            }
            let base = by_required.unwrap_or_else(|| variant_base_name(&ty));
            let name = scope.claim(&base, Some(&second_choice::shape_variant(&base)));
            variants.push((
                i,
                UntaggedVariant {
                    name,
                    ty,
                    constraints,
                    evidence: evidence[i].clone(),
                },
            ));
        }
        // Most evidence first, then the spec's order: a variant whose evidence includes
        // another's is tried before it.
        variants.sort_by_key(|(i, v)| (std::cmp::Reverse(specificity(&v.evidence)), *i));
        TypeKind::Untagged(UntaggedDef {
            variants: variants.into_iter().map(|(_, v)| v).collect(),
        })
    }

    /// What every document of this schema shows: JSON types, the values of its required
    /// string-enum and single-value boolean properties (also one level down), and its
    /// required properties.
    fn facts(&mut self, schema: &'a Schema, at: &str) -> Facts {
        let mut f = Facts::default();
        let object = |this: &mut Self, f: &mut Facts| {
            f.types = BTreeSet::from([JsonType::Object]);
            let mut views = Vec::new();
            this.object_views(schema, at, &mut views, 0);
            for (view, view_at) in &views {
                for req in view.required {
                    f.required.insert(req.clone());
                    let Some(prop) = view.properties.get(req) else {
                        continue;
                    };
                    let Some((prop_schema, prop_at)) =
                        this.peek(prop.into(), &pointer_push(view_at, "properties"))
                    else {
                        continue;
                    };
                    let path = vec![req.clone()];
                    value_facts(prop_schema, &path, f);
                    // A nested tag: a required object property with tags of its own.
                    if let Some(inner) = object_view(prop_schema) {
                        for r in inner.required {
                            let Some(p) = inner.properties.get(r) else {
                                continue;
                            };
                            if let Some((s, _)) = this.peek(p.into(), &prop_at) {
                                value_facts(s, &[req.clone(), r.clone()], f);
                            }
                        }
                    }
                }
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => {
                f.types = BTreeSet::from([JsonType::String]);
                value_facts(schema, &[], &mut f);
            }
            SchemaKind::Type(Type::Integer(_)) => f.types = BTreeSet::from([JsonType::Integer]),
            SchemaKind::Type(Type::Number(_)) => {
                f.types = BTreeSet::from([JsonType::Integer, JsonType::Number])
            }
            SchemaKind::Type(Type::Boolean(_)) => {
                f.types = BTreeSet::from([JsonType::Boolean]);
                value_facts(schema, &[], &mut f);
            }
            SchemaKind::Type(Type::Array(_)) => f.types = BTreeSet::from([JsonType::Array]),
            SchemaKind::AllOf { all_of } => {
                match self
                    .scalar_members(all_of, &pointer_push(at, "allOf"))
                    .map(|m| m.scalar)
                {
                    Some(JsonScalar::Str(values)) => {
                        f.types = BTreeSet::from([JsonType::String]);
                        if let Some(values) = values.filter(|v| !v.is_empty()) {
                            f.strs.insert(Vec::new(), values.into_iter().collect());
                        }
                    }
                    Some(JsonScalar::Integer) => f.types = BTreeSet::from([JsonType::Integer]),
                    Some(JsonScalar::Boolean) => f.types = BTreeSet::from([JsonType::Boolean]),
                    Some(JsonScalar::Number) => {
                        f.types = BTreeSet::from([JsonType::Integer, JsonType::Number])
                    }
                    None => object(self, &mut f),
                }
            }
            SchemaKind::Type(Type::Object(_)) => object(self, &mut f),
            SchemaKind::Any(a) => match a.typ.as_deref() {
                Some("string") => f.types = BTreeSet::from([JsonType::String]),
                Some("integer") => f.types = BTreeSet::from([JsonType::Integer]),
                Some("number") => f.types = BTreeSet::from([JsonType::Integer, JsonType::Number]),
                Some("boolean") => f.types = BTreeSet::from([JsonType::Boolean]),
                Some("array") => f.types = BTreeSet::from([JsonType::Array]),
                _ if object_view(schema).is_some() || !a.all_of.is_empty() => object(self, &mut f),
                _ => {}
            },
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => {}
        }
        if schema.schema_data.nullable && !f.types.is_empty() {
            f.types.insert(JsonType::Null);
        }
        f
    }

    /// The object views an object or `allOf` schema is made of (members resolved).
    fn object_views(
        &mut self,
        schema: &'a Schema,
        at: &str,
        out: &mut Vec<(ObjectView<'a>, String)>,
        depth: usize,
    ) {
        if depth > 8 {
            return;
        }
        if let Some(view) = object_view(schema) {
            out.push((view, at.to_string()));
            return;
        }
        let members = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(a) => &a.all_of,
            _ => return,
        };
        let all_ptr = pointer_push(at, "allOf");
        for (i, m) in members.iter().enumerate() {
            if let Some((s, member_at)) =
                self.peek(m.into(), &pointer_push(&all_ptr, &i.to_string()))
            {
                self.object_views(s, &member_at, out, depth + 1);
            }
        }
    }
}

/// What an alternative's schema says of every document it accepts.
#[derive(Debug, Default, Clone)]
pub(super) struct Facts {
    /// JSON types it accepts; empty: any.
    types: BTreeSet<JsonType>,
    /// Property paths (empty: the document itself) whose string value is one of these.
    strs: BTreeMap<Vec<String>, BTreeSet<String>>,
    /// Property paths whose boolean value is always this one.
    bools: BTreeMap<Vec<String>, bool>,
    /// Properties every document has.
    required: BTreeSet<String>,
    /// The discriminator property, when the alternative answers to one and its values
    /// are known: they are always part of its evidence (a document with another value
    /// is not this alternative), even where nothing else needs telling apart.
    discriminator: Option<Vec<String>>,
}

/// String-enum values or a single-value boolean enum of a value at `path`.
fn value_facts(s: &Schema, path: &[String], f: &mut Facts) {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) if !t.enumeration.is_empty() => {
            let values: BTreeSet<String> = t.enumeration.iter().flatten().cloned().collect();
            if !values.is_empty() {
                f.strs.insert(path.to_vec(), values);
            }
        }
        SchemaKind::Type(Type::Boolean(b)) => {
            if let [Some(v)] = b.enumeration.as_slice() {
                f.bools.insert(path.to_vec(), *v);
            }
        }
        _ => {
            if let Some(v) = single_string_value(s) {
                f.strs
                    .insert(path.to_vec(), BTreeSet::from([v.to_string()]));
            }
        }
    }
}

/// A piece of evidence, borrowed from an alternative's facts (ordered as [`Evidence`]).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fact<'f> {
    Type,
    Str(&'f [String]),
    Bool(&'f [String]),
    Present(&'f str),
}

/// Add to `set` what `a` shows against `b`: its *strong* evidence if it has any
/// (disjoint types or values: no document of `b` has it), else its *weak* evidence
/// (what `a` requires and `b` does not). Returns whether there was any.
fn evidence_against<'f>(a: &'f Facts, b: &Facts, set: &mut BTreeSet<Fact<'f>>) -> bool {
    if !a.types.is_empty() && !b.types.is_empty() && a.types.is_disjoint(&b.types) {
        set.insert(Fact::Type);
        return true;
    }
    let strong_str = |path: &Vec<String>, values: &BTreeSet<String>| {
        b.strs
            .get(path)
            .is_some_and(|other| values.is_disjoint(other))
    };
    let strong_bool =
        |path: &Vec<String>, value: &bool| b.bools.get(path).is_some_and(|other| other != value);
    let mut strong = false;
    for (path, values) in &a.strs {
        if strong_str(path, values) {
            set.insert(Fact::Str(path));
            strong = true;
        }
    }
    for (path, value) in &a.bools {
        if strong_bool(path, value) {
            set.insert(Fact::Bool(path));
            strong = true;
        }
    }
    if strong {
        return true;
    }
    let mut weak = false;
    if !a.types.is_empty() && (b.types.is_empty() || !a.types.is_subset(&b.types)) {
        set.insert(Fact::Type);
        weak = true;
    }
    for (path, values) in &a.strs {
        let narrower = match b.strs.get(path) {
            Some(other) => values.is_subset(other) && values != other,
            None => true,
        };
        if narrower {
            set.insert(Fact::Str(path));
            weak = true;
        }
    }
    for path in a.bools.keys() {
        if !b.bools.contains_key(path) {
            set.insert(Fact::Bool(path));
            weak = true;
        }
    }
    if a.types.contains(&JsonType::Object) || a.types.is_empty() {
        for r in a.required.iter().filter(|r| !b.required.contains(*r)) {
            set.insert(Fact::Present(r));
            weak = true;
        }
    }
    weak
}

/// Each alternative's evidence: its JSON types, and against every other alternative
/// the facts that rule that one out (or, when none does, that make this one the more
/// specific); and the pairs (i < j) where neither shows anything the other does not.
pub(super) fn decide_evidence(facts: &[Facts]) -> (Vec<Vec<Evidence>>, Vec<(usize, usize)>) {
    let mut silent: BTreeSet<(usize, usize)> = BTreeSet::new();
    let evidence = facts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut set: BTreeSet<Fact<'_>> = BTreeSet::new();
            if !a.types.is_empty() {
                set.insert(Fact::Type);
            }
            for (j, b) in facts.iter().enumerate() {
                if i != j && !evidence_against(a, b, &mut set) {
                    silent.insert((i, j));
                }
            }
            if let Some((path, _)) = a
                .discriminator
                .as_ref()
                .and_then(|p| a.strs.get_key_value(p))
            {
                set.insert(Fact::Str(path));
            }
            // A path whose value is checked is present too.
            let valued: BTreeSet<&str> = set
                .iter()
                .filter_map(|f| match f {
                    Fact::Str([one]) | Fact::Bool([one]) => Some(one.as_str()),
                    _ => None,
                })
                .collect();
            set.into_iter()
                .filter(|f| !matches!(f, Fact::Present(p) if valued.contains(p)))
                .map(|f| match f {
                    Fact::Type => Evidence::Type(a.types.iter().copied().collect()),
                    Fact::Str(path) => Evidence::Str {
                        path: path.to_vec(),
                        values: a
                            .strs
                            .get(path)
                            .map(|v| v.iter().cloned().collect())
                            .unwrap_or_default(),
                    },
                    Fact::Bool(path) => Evidence::Bool {
                        path: path.to_vec(),
                        value: a.bools.get(path).copied().unwrap_or_default(),
                    },
                    Fact::Present(p) => Evidence::Present {
                        path: vec![p.to_string()],
                    },
                })
                .collect()
        })
        .collect();
    let pairs = silent
        .iter()
        .filter(|(i, j)| i < j && silent.contains(&(*j, *i)))
        .copied()
        .collect();
    (evidence, pairs)
}

/// How much a variant's evidence says: more checks (and narrower JSON types) first.
fn specificity(evidence: &[Evidence]) -> (usize, usize) {
    let narrow = evidence
        .iter()
        .find_map(|e| match e {
            Evidence::Type(t) => Some(8 - t.len()),
            _ => None,
        })
        .unwrap_or(0);
    (
        evidence
            .iter()
            .filter(|e| !matches!(e, Evidence::Type(_)))
            .count(),
        narrow,
    )
}

fn common_tags(maps: &[BTreeMap<String, String>]) -> Vec<&String> {
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
        TypeRef::Integer(_) => "Integer".into(),
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
