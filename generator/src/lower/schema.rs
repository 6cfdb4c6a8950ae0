//! Schemas → type references; objects, maps, enums and `allOf` → named types.

use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::refs::{object_view, ObjectView, SchemaRef};
use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{
    Constraints, Docs, EnumDef, EnumValue, Field, FlattenedField, IntFormat, StructDef, TypeKind,
    TypeRef,
};
use crate::naming::{
    field_name, location, reserved_fallback, type_name, type_name_spelled, Scope,
    RESERVED_TYPE_NAMES,
};

/// Name of the fallback variant of enums and unions.
pub const UNKNOWN_VARIANT: &str = crate::naming::UNKNOWN;

impl<'a> Lowerer<'a> {
    /// Lower every component schema, names settled first so references resolve in any order.
    pub(super) fn lower_components(&mut self) {
        let Some(components) = self.doc.spec.components.as_ref() else {
            return;
        };
        let mut keys: Vec<&String> = components.schemas.keys().collect();
        keys.sort();
        for key in &keys {
            let first = type_name(key);
            let reserved = RESERVED_TYPE_NAMES.contains(&first.as_str());
            let second = if reserved {
                reserved_fallback(&first)
            } else {
                type_name_spelled(key)
            };
            let name = self.type_names.claim(&first, Some(&second));
            if name != first {
                let why = if reserved {
                    format!("would shadow `{first}`, a Rust standard name the generated code uses")
                } else {
                    "collides with another after case conversion".to_string()
                };
                self.diags.warning(
                    &pointer_push("/components/schemas", key),
                    format!("component name \"{key}\" {why}; named `{name}`"),
                );
            }
            self.components.insert((*key).clone(), name);
        }
        self.nullable = nullable_components(&components.schemas);
        let subtypes = self.subtypes();
        for key in keys {
            let Some(schema) = components.schemas.get(key) else {
                continue;
            };
            let Some(name) = self.components.get(key).cloned() else {
                continue;
            };
            let pointer = pointer_push("/components/schemas", key);
            self.merging.push(pointer.clone());
            let (docs, kind) = match SchemaRef::from(schema) {
                SchemaRef::Ref(_) => {
                    let ty = self.lower_ref(schema.into(), &pointer, &name);
                    (Docs::default(), TypeKind::Alias(ty.non_null()))
                }
                SchemaRef::Inline(s) => {
                    let docs = self.docs_of(s, &pointer);
                    let inherited = subtypes
                        .get(key.as_str())
                        .and_then(|children| self.inheritance_union(s, &pointer, children));
                    (
                        docs,
                        inherited.unwrap_or_else(|| self.lower_named_kind(s, &pointer, &name)),
                    )
                }
            };
            self.merging.pop();
            self.define_component(&name, &pointer, docs, kind);
        }
    }

    /// The kind of a named (component) type: its own struct/enum/union, or an alias.
    /// A nullable component is its non-null type; the references to it are nullable.
    fn lower_named_kind(&mut self, s: &'a Schema, pointer: &str, name: &str) -> TypeKind {
        if let Some(kind) = self.lower_kind(s, pointer, name) {
            return kind;
        }
        TypeKind::Alias(self.lower_base(s, pointer, name).non_null())
    }

    /// Lower a schema or reference to a type reference. `hint` names inline types.
    pub(super) fn lower_ref(&mut self, r: SchemaRef<'a>, pointer: &str, hint: &str) -> TypeRef {
        match r {
            SchemaRef::Ref(reference) => match self.component_key(reference, pointer) {
                Some(key) => match self.components.get(&key) {
                    Some(name) if self.nullable.contains(&key) => {
                        TypeRef::Named(name.clone()).nullable()
                    }
                    Some(name) => TypeRef::Named(name.clone()),
                    None => TypeRef::Json,
                },
                None => TypeRef::Json,
            },
            SchemaRef::Inline(s) => self.lower_schema(s, pointer, hint),
        }
    }

    /// Lower an inline schema.
    pub(super) fn lower_schema(&mut self, s: &'a Schema, pointer: &str, hint: &str) -> TypeRef {
        let base = self.lower_base(s, pointer, hint);
        if s.schema_data.nullable {
            base.nullable()
        } else {
            base
        }
    }

    fn lower_base(&mut self, s: &'a Schema, pointer: &str, hint: &str) -> TypeRef {
        // `allOf: [$ref X]` (or a one-member `oneOf`/`anyOf`) adds only `nullable` or docs
        // to a reference: it is that type.
        if let Some((member, key)) = single_member(s) {
            return self.lower_ref(
                member.into(),
                &pointer_push(&pointer_push(pointer, key), "0"),
                hint,
            );
        }
        // Types that need a name of their own.
        if let Some(kind) = self.lower_kind(s, pointer, hint) {
            let docs = self.docs_of(s, pointer);
            return TypeRef::Named(self.intern(hint, pointer, docs, kind));
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => match &t.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Integer(t)) => {
                let format = match &t.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntFormat::I32,
                    VariantOrUnknownOrEmpty::Unknown(f) => {
                        IntFormat::from_format(f).unwrap_or(IntFormat::I64)
                    }
                    _ => IntFormat::I64,
                };
                if !t.enumeration.is_empty() {
                    self.diags.warning(
                        &pointer_push(pointer, "enum"),
                        format!(
                            "integer `enum` is not enforced: any integer is accepted ({})",
                            format.rust_name()
                        ),
                    );
                }
                TypeRef::Integer(format)
            }
            SchemaKind::Type(Type::Number(t)) => {
                if !t.enumeration.is_empty() {
                    self.diags.warning(
                        &pointer_push(pointer, "enum"),
                        "number `enum` is not enforced: any number is accepted (f64)",
                    );
                }
                TypeRef::Number
            }
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(items) => self.lower_ref(
                        items.into(),
                        &pointer_push(pointer, "items"),
                        &location::item(hint),
                    ),
                    None => TypeRef::Json,
                };
                TypeRef::Array(Box::new(item))
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) => match object_view(s) {
                Some(view) => self.lower_map(&view, pointer, hint),
                None => self.lower_any(s, pointer, hint),
            },
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                TypeRef::Json
            }
            SchemaKind::Not { .. } => {
                self.diags.warning(&pointer_push(pointer, "not"), "`not` schemas are not supported; any JSON value is accepted (serde_json::Value)");
                TypeRef::Json
            }
        }
    }

    /// Untyped schemas that are not objects: `{}`, `{nullable: true}`, or combinations
    /// `openapiv3` could not classify.
    fn lower_any(&mut self, s: &'a Schema, pointer: &str, _hint: &str) -> TypeRef {
        if let SchemaKind::Any(a) = &s.schema_kind {
            match a.typ.as_deref() {
                Some("string") => return TypeRef::String,
                Some("boolean") => return TypeRef::Boolean,
                Some("integer") => {
                    return TypeRef::Integer(
                        a.format
                            .as_deref()
                            .and_then(IntFormat::from_format)
                            .unwrap_or(IntFormat::I64),
                    )
                }
                Some("number") => return TypeRef::Number,
                Some("array") => return TypeRef::Array(Box::new(TypeRef::Json)),
                Some(other) if other != "object" => {
                    self.diags.warning(
                        &pointer_push(pointer, "type"),
                        format!("unknown type \"{other}\"; any JSON value is accepted"),
                    );
                }
                _ => {}
            }
        }
        TypeRef::Json
    }

    /// The named kind for schemas that need one (objects with properties, enums, unions, allOf),
    /// or `None` for schemas that are plain references (primitives, arrays, maps).
    pub(super) fn lower_kind(
        &mut self,
        s: &'a Schema,
        pointer: &str,
        hint: &str,
    ) -> Option<TypeKind> {
        if single_member(s).is_some() {
            return None;
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                let enum_ptr = pointer_push(pointer, "enum");
                if t.enumeration.is_empty() {
                    if let Some(Value::Array(a)) = self.raw_at(&enum_ptr) {
                        if a.is_empty() {
                            self.diags.warning(
                                &enum_ptr,
                                "empty `enum` allows no value; treated as a plain string",
                            );
                        }
                    }
                    return None;
                }
                let values: Vec<String> = t.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() {
                    return None;
                }
                Some(TypeKind::Enum(self.enum_def(&values, &enum_ptr)))
            }
            SchemaKind::Type(Type::Object(_)) => {
                let view = object_view(s)?;
                if is_map(&view) {
                    return None;
                }
                Some(TypeKind::Struct(self.lower_struct(
                    &view,
                    pointer,
                    hint,
                    &[],
                )))
            }
            SchemaKind::Any(a) => {
                if !a.one_of.is_empty() || !a.any_of.is_empty() {
                    let (list, key) = if a.one_of.is_empty() {
                        (&a.any_of, "anyOf")
                    } else {
                        (&a.one_of, "oneOf")
                    };
                    if !a.properties.is_empty()
                        && a.all_of.is_empty()
                        && list.iter().all(|m| self.only_required(m))
                    {
                        // `properties` with `anyOf: [{required: [a]}, {required: [b]}]`: the
                        // alternatives only say which properties must be present; the
                        // typed struct stays (that constraint is not checked client-side).
                        let view = ObjectView {
                            properties: &a.properties,
                            required: &a.required,
                            additional: a.additional_properties.as_ref(),
                        };
                        return Some(TypeKind::Struct(self.lower_struct(
                            &view,
                            pointer,
                            hint,
                            &[],
                        )));
                    }
                    if !a.properties.is_empty() {
                        self.diags.warning(pointer, format!("`properties` beside `{key}` are ignored; the union's variants decide the shape"));
                    }
                    return Some(self.lower_union(
                        list,
                        pointer,
                        key,
                        hint,
                        s.schema_data.discriminator.as_ref(),
                    ));
                }
                if !a.all_of.is_empty() {
                    return Some(self.lower_all_of(&a.all_of, pointer, hint));
                }
                if !a.enumeration.is_empty() {
                    let values: Vec<String> = a
                        .enumeration
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect();
                    if values.len() == a.enumeration.iter().filter(|v| !v.is_null()).count()
                        && !values.is_empty()
                    {
                        return Some(TypeKind::Enum(
                            self.enum_def(&values, &pointer_push(pointer, "enum")),
                        ));
                    }
                    if !a.enumeration.iter().all(|v| v.is_boolean() || v.is_null()) {
                        self.diags.warning(&pointer_push(pointer, "enum"), "`enum` with values that are not all strings (or that do not match `type`) is not enforced: any value of the type is accepted");
                    }
                }
                let view = object_view(s)?;
                if is_map(&view) {
                    return None;
                }
                Some(TypeKind::Struct(self.lower_struct(
                    &view,
                    pointer,
                    hint,
                    &[],
                )))
            }
            SchemaKind::OneOf { one_of } => Some(self.lower_union(
                one_of,
                pointer,
                "oneOf",
                hint,
                s.schema_data.discriminator.as_ref(),
            )),
            SchemaKind::AnyOf { any_of } => Some(self.lower_union(
                any_of,
                pointer,
                "anyOf",
                hint,
                s.schema_data.discriminator.as_ref(),
            )),
            SchemaKind::AllOf { all_of } => Some(self.lower_all_of(all_of, pointer, hint)),
            _ => None,
        }
    }

    pub(super) fn enum_def(&mut self, values: &[String], pointer: &str) -> EnumDef {
        let mut scope = Scope::with_reserved(&[UNKNOWN_VARIANT]);
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for v in values {
            if !seen.insert(v.clone()) {
                self.diags
                    .warning(pointer, format!("duplicate enum value \"{v}\" ignored"));
                continue;
            }
            let first = type_name(v);
            let second = if first == UNKNOWN_VARIANT {
                reserved_fallback(&first)
            } else {
                type_name_spelled(v)
            };
            let name = scope.claim(&first, Some(&second));
            out.push(EnumValue {
                wire: v.clone(),
                name,
            });
        }
        EnumDef { values: out }
    }

    /// An object with no declared properties and a value schema is a map.
    fn lower_map(&mut self, view: &ObjectView<'a>, pointer: &str, hint: &str) -> TypeRef {
        let value = match view.additional {
            Some(AdditionalProperties::Schema(s)) => self.lower_ref(
                (&**s).into(),
                &pointer_push(pointer, "additionalProperties"),
                &location::value(hint),
            ),
            _ => TypeRef::Json,
        };
        TypeRef::Map(Box::new(value))
    }

    /// Lower an object's properties, leaving out `exclude` (union tags).
    pub(super) fn lower_struct(
        &mut self,
        view: &ObjectView<'a>,
        pointer: &str,
        hint: &str,
        exclude: &[String],
    ) -> StructDef {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        let props_ptr = pointer_push(pointer, "properties");
        for req in view.required {
            if !view.properties.contains_key(req) && view.additional.is_none() {
                self.diags.warning(
                    &pointer_push(pointer, "required"),
                    format!("required property \"{req}\" is not declared in `properties`"),
                );
            }
        }
        for (wire, prop) in view.properties {
            if exclude.contains(wire) {
                continue;
            }
            let ptr = pointer_push(&props_ptr, wire);
            let name = scope.claim(&field_name(wire), None);
            let field_hint = location::property(hint, wire);
            // A required `readOnly` property is never sent, and a required `writeOnly` one
            // never received: the one struct serves both directions, so neither is required.
            let access = self
                .peek(prop.into(), &ptr)
                .map(|(r, _)| (r.schema_data.read_only, r.schema_data.write_only));
            let required = view.required.contains(wire);
            let mut field = self.lower_field(
                prop.into(),
                &ptr,
                wire,
                name,
                &field_hint,
                required && !matches!(access, Some((true, _) | (_, true))),
            );
            match access {
                Some((true, _)) => append_doc(
                    &mut field.docs,
                    "Read-only: set by the server; leave it unset in requests.",
                ),
                Some((_, true)) => append_doc(
                    &mut field.docs,
                    "Write-only: sent in requests; responses leave it out.",
                ),
                _ => {}
            }
            fields.push(field);
        }
        let additional = match view.additional {
            Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Schema(s)) => Some(self.lower_ref(
                (&**s).into(),
                &pointer_push(pointer, "additionalProperties"),
                &location::value(hint),
            )),
            _ => Some(TypeRef::Json),
        };
        StructDef {
            fields,
            flattened: Vec::new(),
            additional,
        }
    }

    pub(super) fn lower_field(
        &mut self,
        prop: SchemaRef<'a>,
        ptr: &str,
        wire: &str,
        name: String,
        hint: &str,
        required: bool,
    ) -> Field {
        let (docs, constraints, constant) = match prop {
            SchemaRef::Inline(s) => {
                let mut c = self.constraints_of(s);
                self.apply_config_limits(wire, s, &mut c);
                (self.docs_of(s, ptr), c, bool_constant(s))
            }
            SchemaRef::Ref(_) => (Docs::default(), Constraints::default(), None),
        };
        let ty = match constant {
            Some(_) => TypeRef::Boolean,
            None => self.lower_ref(prop, ptr, hint),
        };
        Field {
            wire_name: wire.to_string(),
            name,
            ty,
            required,
            docs,
            constraints,
            constant,
        }
    }

    /// Limits the spec states only in prose, from the codegen config, matched by property name.
    fn apply_config_limits(&self, wire: &str, s: &Schema, c: &mut Constraints) {
        let is_map = object_view(s).is_some_and(|v| is_map(&v));
        if !is_map {
            return;
        }
        for limit in self.config.map_limits.iter().filter(|l| l.property == wire) {
            if limit.max_properties.is_some() {
                c.max_properties = limit.max_properties;
            }
            if limit.max_key_length.is_some() {
                c.max_key_length = limit.max_key_length;
            }
        }
    }

    /// Keyword constraints of a schema; for arrays and maps, also of their items/values.
    pub(super) fn constraints_of(&self, s: &Schema) -> Constraints {
        let mut c = Constraints::default();
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                c.min_length = t.min_length.map(|v| v as u64);
                c.max_length = t.max_length.map(|v| v as u64);
                c.pattern = t.pattern.clone();
            }
            SchemaKind::Type(Type::Integer(t)) => {
                c.minimum = t.minimum.map(|v| v as f64);
                c.maximum = t.maximum.map(|v| v as f64);
                c.exclusive_minimum = t.exclusive_minimum && t.minimum.is_some();
                c.exclusive_maximum = t.exclusive_maximum && t.maximum.is_some();
            }
            SchemaKind::Type(Type::Number(t)) => {
                c.minimum = t.minimum;
                c.maximum = t.maximum;
                c.exclusive_minimum = t.exclusive_minimum && t.minimum.is_some();
                c.exclusive_maximum = t.exclusive_maximum && t.maximum.is_some();
            }
            SchemaKind::Type(Type::Array(a)) => {
                c.min_items = a.min_items.map(|v| v as u64);
                c.max_items = a.max_items.map(|v| v as u64);
                if let Some(openapiv3::ReferenceOr::Item(item)) = &a.items {
                    let inner = self.constraints_of(item);
                    if !inner.is_empty() {
                        c.items = Some(Box::new(inner));
                    }
                }
            }
            SchemaKind::Type(Type::Object(o)) => {
                c.max_properties = o.max_properties.map(|v| v as u64);
                if let Some(AdditionalProperties::Schema(v)) = &o.additional_properties {
                    if let openapiv3::ReferenceOr::Item(item) = &**v {
                        let inner = self.constraints_of(item);
                        if !inner.is_empty() {
                            c.items = Some(Box::new(inner));
                        }
                    }
                }
            }
            _ => {}
        }
        c
    }

    /// `allOf`: object members merge into one struct; union members are flattened into it.
    fn lower_all_of(
        &mut self,
        members: &'a [openapiv3::ReferenceOr<Schema>],
        pointer: &str,
        hint: &str,
    ) -> TypeKind {
        let all_ptr = pointer_push(pointer, "allOf");
        if let Some(kind) = self.scalar_all_of(members, &all_ptr, hint) {
            return kind;
        }
        let mut merged = StructDef {
            fields: Vec::new(),
            flattened: Vec::new(),
            additional: Some(TypeRef::Json),
        };
        let mut scope = Scope::default();
        let mut flat_count = 0;
        // Members in order, each with the allOf schemas it was reached through. A schema
        // reached again (a `$ref` cycle, or a diamond) adds nothing and is merged once.
        let root = vec![pointer.to_string()];
        let mut flat: Vec<(SchemaRef<'a>, String, Vec<String>)> = members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    m.into(),
                    pointer_push(&all_ptr, &i.to_string()),
                    root.clone(),
                )
            })
            .collect();
        let mut merged_from = std::collections::BTreeSet::from([pointer.to_string()]);
        // `allOf`s expanded here stay on `merging` until the merge is done.
        let merging_depth = self.merging.len();
        let mut guard = 0;
        while let Some((member, ptr, ancestors)) = (!flat.is_empty()).then(|| flat.remove(0)) {
            guard += 1;
            if guard > 10_000 {
                self.diags.error(
                    pointer,
                    "`allOf` has more than 10000 members after flattening nested `allOf`s",
                );
                break;
            }
            let Some((s, at)) = self.resolve(member, &ptr) else {
                continue;
            };
            if ancestors.contains(&at) {
                self.diags.warning(&ptr, format!("`allOf` includes itself (through {at}); the repeated member adds nothing and is ignored"));
                continue;
            }
            if !merged_from.insert(at.clone()) {
                continue;
            }
            let mergeable =
                object_view(s).is_some() || matches!(s.schema_kind, SchemaKind::AllOf { .. });
            if let (true, SchemaRef::Ref(_), true) = (mergeable, member, self.merge_blocked(&at)) {
                // A recursive type (its fields are being lowered further up), or merges nested
                // too deep: include it whole, by name.
                flat_count += 1;
                let ty = self.lower_ref(member, &ptr, &location::all_of_member(hint));
                let name = scope.claim(
                    if flat_count == 1 {
                        "variant"
                    } else {
                        "variant_more"
                    },
                    None,
                );
                merged.flattened.push(FlattenedField { name, ty });
                continue;
            }
            if let SchemaKind::AllOf { all_of } = &s.schema_kind {
                self.merging.push(at.clone());
                let inner = pointer_push(&at, "allOf");
                let mut chain = ancestors.clone();
                chain.push(at.clone());
                for (i, m) in all_of.iter().enumerate().rev() {
                    flat.insert(
                        0,
                        (
                            m.into(),
                            pointer_push(&inner, &i.to_string()),
                            chain.clone(),
                        ),
                    );
                }
                continue;
            }
            if let Some(view) = object_view(s) {
                self.merging.push(at.clone());
                let part = self.lower_struct(&view, &at, hint, &[]);
                self.merging.pop();
                for mut f in part.fields {
                    if let Some(existing) = merged
                        .fields
                        .iter_mut()
                        .find(|e| e.wire_name == f.wire_name)
                    {
                        existing.required |= f.required;
                        continue;
                    }
                    f.name = scope.claim(&f.name, None);
                    merged.fields.push(f);
                }
                for req in view.required {
                    if let Some(f) = merged.fields.iter_mut().find(|f| &f.wire_name == req) {
                        f.required = true;
                    }
                }
                if part.additional.is_none() {
                    merged.additional = None;
                }
                continue;
            }
            match &s.schema_kind {
                SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Any(_) => {
                    flat_count += 1;
                    let ty = self.lower_ref(member, &ptr, &location::all_of_member(hint));
                    let name = scope.claim(
                        if flat_count == 1 {
                            "variant"
                        } else {
                            "variant_more"
                        },
                        None,
                    );
                    merged.flattened.push(FlattenedField { name, ty });
                }
                _ => {
                    self.diags.warning(&ptr, "`allOf` member is neither an object nor a union; it is not represented in the merged type");
                }
            }
        }
        self.merging.truncate(merging_depth);
        TypeKind::Struct(merged)
    }

    /// `allOf` whose members are all scalars of one JSON type (see [`ScalarAllOf`]): a
    /// value must satisfy every member, so strings are the values every member's `enum`
    /// allows (an enum when any member has one), and other scalars are that type.
    /// `None`: not all members are scalars of one type (merged as objects instead).
    fn scalar_all_of(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        all_ptr: &str,
        hint: &str,
    ) -> Option<TypeKind> {
        let ScalarAllOf {
            scalar,
            constraining,
            narrowest,
        } = self.scalar_members(members, all_ptr)?;
        let lower_member = |this: &mut Self, i: usize| -> Option<TypeRef> {
            let member = members.get(i)?;
            Some(
                this.lower_ref(member.into(), &pointer_push(all_ptr, &i.to_string()), hint)
                    .non_null(),
            )
        };
        // One member says what the value is, the others only annotate: that member's
        // type itself (a `$ref` stays that named type).
        if let [i] = constraining[..] {
            return lower_member(self, i).map(TypeKind::Alias);
        }
        Some(match scalar {
            JsonScalar::Str(Some(values)) if !values.is_empty() => {
                TypeKind::Enum(self.enum_def(&values, all_ptr))
            }
            JsonScalar::Str(Some(_)) => {
                self.diags.warning(all_ptr, "`allOf` of string enums that share no value: no string satisfies every member; any string is accepted");
                TypeKind::Alias(TypeRef::String)
            }
            JsonScalar::Str(None) => {
                // Plain strings: the first member with a format (`date-time`, `uuid`, ...)
                // says what kind of string.
                let mut ty = TypeRef::String;
                for i in constraining {
                    match lower_member(self, i) {
                        Some(TypeRef::String | TypeRef::Json) | None => {}
                        Some(other) => {
                            ty = other;
                            break;
                        }
                    }
                }
                TypeKind::Alias(ty)
            }
            JsonScalar::Integer | JsonScalar::Number | JsonScalar::Boolean => {
                TypeKind::Alias(lower_member(self, narrowest)?)
            }
        })
    }

    /// What the members of an `allOf` make together when none of them is an object:
    /// members that only annotate (a description, `nullable`) are skipped; a member
    /// with an `enum` of strings and no `type` counts as a string.
    pub(super) fn scalar_members(
        &self,
        members: &'a [ReferenceOr<Schema>],
        all_ptr: &str,
    ) -> Option<ScalarAllOf> {
        let mut merged: Option<JsonScalar> = None;
        let mut constraining = Vec::new();
        let mut narrowest = 0;
        for (i, m) in members.iter().enumerate() {
            let (s, _) = self.peek(m.into(), &pointer_push(all_ptr, &i.to_string()))?;
            let scalar = match &s.schema_kind {
                SchemaKind::Type(Type::String(t)) => JsonScalar::Str(
                    (!t.enumeration.is_empty())
                        .then(|| t.enumeration.iter().flatten().cloned().collect::<Vec<_>>()),
                ),
                SchemaKind::Type(Type::Integer(_)) => JsonScalar::Integer,
                SchemaKind::Type(Type::Number(_)) => JsonScalar::Number,
                SchemaKind::Type(Type::Boolean(_)) => JsonScalar::Boolean,
                SchemaKind::Any(a) if annotation_only(a) => continue,
                SchemaKind::Any(a)
                    if a.typ.as_deref().is_none_or(|t| t == "string")
                        && bare_any(a)
                        && !a.enumeration.is_empty()
                        && a.enumeration.iter().all(Value::is_string) =>
                {
                    JsonScalar::Str(Some(
                        a.enumeration
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect(),
                    ))
                }
                _ => return None,
            };
            constraining.push(i);
            merged = Some(match (merged, scalar) {
                (None, scalar) => {
                    narrowest = i;
                    scalar
                }
                (Some(JsonScalar::Str(prev)), JsonScalar::Str(values)) => {
                    JsonScalar::Str(match (prev, values) {
                        (Some(prev), Some(values)) => {
                            Some(prev.into_iter().filter(|v| values.contains(v)).collect())
                        }
                        (prev, values) => prev.or(values),
                    })
                }
                // An integer is a number: the integer member is the narrower.
                (Some(JsonScalar::Number), JsonScalar::Integer) => {
                    narrowest = i;
                    JsonScalar::Integer
                }
                (Some(prev), other)
                    if prev == other
                        || (prev == JsonScalar::Integer && other == JsonScalar::Number) =>
                {
                    prev
                }
                _ => return None,
            });
        }
        Some(ScalarAllOf {
            scalar: merged?,
            constraining,
            narrowest,
        })
    }

    /// An alternative that only lists `required` properties (`{required: [a]}`).
    fn only_required(&self, member: &ReferenceOr<Schema>) -> bool {
        let ReferenceOr::Item(s) = member else {
            return false;
        };
        match &s.schema_kind {
            SchemaKind::Any(a) => {
                !a.required.is_empty()
                    && a.properties.is_empty()
                    && a.typ.as_deref().is_none_or(|t| t == "object")
                    && a.one_of.is_empty()
                    && a.any_of.is_empty()
                    && a.all_of.is_empty()
                    && a.enumeration.is_empty()
                    && a.additional_properties.is_none()
            }
            SchemaKind::Type(Type::Object(o)) => {
                !o.required.is_empty()
                    && o.properties.is_empty()
                    && o.additional_properties.is_none()
            }
            _ => false,
        }
    }

    /// Documentation and lifecycle flags of a schema.
    pub(super) fn docs_of(&self, s: &Schema, _pointer: &str) -> Docs {
        let d = &s.schema_data;
        let ext = |k: &str| flag_message(d.extensions.get(k));
        let deprecated = ext("x-deprecated").or_else(|| d.deprecated.then(String::new));
        Docs {
            title: d.title.clone(),
            description: d
                .description
                .as_ref()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty()),
            deprecated,
            undocumented: ext("x-undocumented"),
            draft: ext("x-draft"),
        }
    }
}

/// `x-deprecated: "message"` → message; `true` → empty message; `false`/absent → none.
pub(super) fn flag_message(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Bool(true) => Some(String::new()),
        Value::String(s) => Some(s.trim().to_string()),
        _ => None,
    }
}

/// `allOf`, `oneOf` or `anyOf` with a single `$ref` member and nothing else that
/// shapes the value (no properties, no discriminator): the member, with the key it is under.
fn single_member(s: &Schema) -> Option<(&ReferenceOr<Schema>, &'static str)> {
    if s.schema_data.discriminator.is_some() {
        return None;
    }
    let (list, key) = match &s.schema_kind {
        SchemaKind::AllOf { all_of } => (all_of, "allOf"),
        SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
        SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
        _ => return None,
    };
    match list.as_slice() {
        [member @ ReferenceOr::Reference { .. }] => Some((member, key)),
        _ => None,
    }
}

/// The component schemas that allow `null`: `nullable: true` on the schema itself, or a
/// `$ref` (or one-member `allOf`/`oneOf`/`anyOf` wrapper) to such a component, to any
/// depth. A reference cycle of wrappers allows `null` only if one of them says so.
fn nullable_components(
    schemas: &indexmap::IndexMap<String, ReferenceOr<Schema>>,
) -> std::collections::BTreeSet<String> {
    let target = |r: &ReferenceOr<Schema>| -> Option<String> {
        match r {
            ReferenceOr::Reference { reference } => super::refs::ref_component_key(reference),
            ReferenceOr::Item(s) => match single_member(s) {
                Some((ReferenceOr::Reference { reference }, _)) => {
                    super::refs::ref_component_key(reference)
                }
                _ => None,
            },
        }
    };
    let mut nullable: std::collections::BTreeSet<String> = schemas
        .iter()
        .filter(|(_, r)| matches!(r, ReferenceOr::Item(s) if s.schema_data.nullable))
        .map(|(k, _)| k.clone())
        .collect();
    loop {
        let more: Vec<String> = schemas
            .iter()
            .filter(|(k, r)| {
                !nullable.contains(*k) && target(r).is_some_and(|t| nullable.contains(&t))
            })
            .map(|(k, _)| k.clone())
            .collect();
        if more.is_empty() {
            return nullable;
        }
        nullable.extend(more);
    }
}

/// What the members of an `allOf` of scalars allow (see `Lowerer::scalar_members`).
pub(super) struct ScalarAllOf {
    /// The value's JSON type; for strings, the values every member's `enum` allows.
    pub scalar: JsonScalar,
    /// The members that constrain the value (not those that only annotate), in order.
    pub constraining: Vec<usize>,
    /// The member whose type a number, integer or boolean value takes (the narrowest).
    pub narrowest: usize,
}

/// The JSON type of a scalar `allOf` member (strings: the values its `enum` allows, `None`: any).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum JsonScalar {
    Str(Option<Vec<String>>),
    Integer,
    Number,
    Boolean,
}

/// A schema with no `type` and nothing that constrains a value: only a description,
/// `nullable` and the like (an `allOf` member that annotates).
fn annotation_only(a: &openapiv3::AnySchema) -> bool {
    a.typ.is_none() && a.enumeration.is_empty() && bare_any(a)
}

/// No structure: no properties, items, composition or bounds of objects and arrays.
fn bare_any(a: &openapiv3::AnySchema) -> bool {
    a.properties.is_empty()
        && a.required.is_empty()
        && a.additional_properties.is_none()
        && a.items.is_none()
        && a.all_of.is_empty()
        && a.one_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}

fn append_doc(docs: &mut Docs, text: &str) {
    docs.description = Some(match docs.description.take() {
        Some(d) => format!("{d}\n\n{text}"),
        None => text.to_string(),
    });
}

/// A map: no declared properties, and a value schema (or `true`).
fn is_map(view: &ObjectView<'_>) -> bool {
    view.properties.is_empty() && !matches!(view.additional, Some(AdditionalProperties::Any(false)))
}

/// A boolean enum with a single value is a marker field holding that constant.
fn bool_constant(s: &Schema) -> Option<bool> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Boolean(b)) => match b.enumeration.as_slice() {
            [Some(v)] => Some(*v),
            _ => None,
        },
        _ => None,
    }
}
