//! Named types: structs, string enums, tagged and untagged unions, aliases, and the
//! client-side validation of request-side types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs;
use super::names::{ident, is_validatable_kind, TypeGraph};
use crate::ir::{
    Constraints, EnumDef, Evidence, Field, JsonType, StructDef, TaggedUnionDef, TypeDef, TypeKind,
    TypeRef, UntaggedDef,
};
use crate::naming::Scope;

pub fn emit_types(api: &crate::ir::Api, graph: &TypeGraph<'_>) -> TokenStream {
    let items: Vec<TokenStream> = api
        .types
        .values()
        .map(|def| emit_type(def, graph))
        .collect();
    // Tagged unions call these runtime helpers (snake_case: no type name can clash).
    let tagged_helpers = api
        .types
        .values()
        .any(|def| matches!(def.kind, TypeKind::TaggedUnion(_)))
        .then(|| {
            quote!(
                use crate::runtime::{
                    tagged::TaggedDocument,
                    union::{serialize_tagged, tag_of},
                };
            )
        });
    quote! {
        //! Every schema of the API as a Rust type.
        #![allow(deprecated, clippy::large_enum_variant, clippy::too_many_arguments, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::enum_variant_names, clippy::derive_partial_eq_without_eq)]
        #tagged_helpers
        #(#items)*
    }
}

fn emit_type(def: &TypeDef, graph: &TypeGraph<'_>) -> TokenStream {
    let doc = docs::attrs(&def.docs);
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => emit_struct(def, s, graph),
        // Enums and tagged unions carry their own docs (they emit several items).
        TypeKind::Enum(e) => return emit_enum(def, e),
        TypeKind::TaggedUnion(u) => return emit_tagged(def, u, graph),
        TypeKind::Untagged(u) => emit_untagged(def, u, graph),
        TypeKind::Alias(t) => {
            let ty = graph.tokens(t, &def.name);
            return quote! { #doc pub type #name = #ty; };
        }
    };
    quote! { #doc #body }
}

/// The Rust type of a struct field (optional fields add a layer of `Option`,
/// drift-tolerant ones are wrapped in `Lenient`; see `presence`).
fn field_type(f: &Field, owner: &str, graph: &TypeGraph<'_>) -> TokenStream {
    let ty = graph.tokens(&f.ty, owner);
    if graph.is_lenient(owner, f) {
        quote!(crate::runtime::Lenient<#ty>)
    } else if f.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn emit_struct(def: &TypeDef, s: &StructDef, graph: &TypeGraph<'_>) -> TokenStream {
    let name = ident(&def.name);
    let mut scope = Scope::with_reserved(&[]);
    for f in &s.fields {
        scope.claim(&f.name, None);
    }
    for f in &s.flattened {
        scope.claim(&f.name, None);
    }
    let fields = s.fields.iter().map(|f| {
        let doc = docs::attrs(&f.docs);
        let fname = ident(&f.name);
        let ty = field_type(f, &def.name, graph);
        let wire = &f.wire_name;
        let rename = (f.name != f.wire_name).then(|| quote!(rename = #wire,));
        let serde = match (&f.ty, f.required) {
            (TypeRef::Nullable(_), false) => quote!(#[serde(#rename default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::runtime::double_option")]),
            (_, false) => quote!(#[serde(#rename default, skip_serializing_if = "Option::is_none")]),
            _ if graph.is_lenient(&def.name, f) => {
                quote!(#[serde(#rename default = "crate::runtime::Lenient::missing", skip_serializing_if = "crate::runtime::is_missing")])
            }
            _ => match rename {
                Some(_) => quote!(#[serde(rename = #wire)]),
                None => quote!(),
            },
        };
        let constant = f.constant.map(|v| {
            let text = docs::one_line(&format!(" Always `{v}`."));
            quote!(#[doc = ""] #[doc = #text])
        });
        quote! { #doc #constant #serde pub #fname: #ty, }
    });
    let flattened = s.flattened.iter().map(|f| {
        let fname = ident(&f.name);
        let ty = graph.tokens(&f.ty, &def.name);
        quote! { #[serde(flatten)] pub #fname: #ty, }
    });
    // Unknown properties are kept (and sent back) unless the schema forbids them;
    // not beside flattened unions, which already receive every remaining property.
    let extra_name = scope.claim(
        crate::naming::EXTRA,
        Some(crate::naming::second_choice::EXTRA),
    );
    let extra = match (&s.additional, s.flattened.is_empty()) {
        (Some(t), true) => {
            let fname = ident(&extra_name);
            let value = graph.tokens(t, &def.name);
            let doc = " Properties not declared in the spec, kept so they survive a round trip.";
            Some((
                fname.clone(),
                quote! {
                    #[doc = #doc]
                    #[serde(flatten, default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
                    pub #fname: std::collections::BTreeMap<String, #value>,
                },
            ))
        }
        _ => None,
    };
    let extra_field = extra.as_ref().map(|(_, t)| t.clone());
    let can_default = s.fields.iter().all(|f| !f.required) && s.flattened.is_empty();
    let default = can_default.then(|| quote!(Default,));
    let ctor = (def.request_side && !can_default)
        .then(|| constructor(def, s, extra.as_ref().map(|(n, _)| n), graph));
    let validate = def.request_side.then(|| validate_struct(def, s, graph));
    quote! {
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #(#flattened)*
            #extra_field
        }
        #ctor
        #validate
    }
}

/// `new(required fields…)` for request-side structs; optional fields start unset.
fn constructor(
    def: &TypeDef,
    s: &StructDef,
    extra: Option<&proc_macro2::Ident>,
    graph: &TypeGraph<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for f in &s.fields {
        let fname = ident(&f.name);
        if f.required {
            let ty = field_type(f, &def.name, graph);
            if graph.is_lenient(&def.name, f) {
                let inner = graph.tokens(&f.ty, &def.name);
                params.push(quote!(#fname: #inner));
                inits.push(quote!(#fname: crate::runtime::Lenient::new(#fname)));
            } else if matches!(f.ty, TypeRef::String) {
                params.push(quote!(#fname: impl Into<String>));
                inits.push(quote!(#fname: #fname.into()));
            } else if matches!(f.ty, TypeRef::Uuid) {
                params.push(quote!(#fname: impl Into<crate::runtime::Id>));
                inits.push(quote!(#fname: #fname.into()));
            } else {
                params.push(quote!(#fname: #ty));
                inits.push(quote!(#fname));
            }
        } else {
            inits.push(quote!(#fname: None));
        }
    }
    for f in &s.flattened {
        let fname = ident(&f.name);
        let ty = graph.tokens(&f.ty, &def.name);
        params.push(quote!(#fname: #ty));
        inits.push(quote!(#fname));
    }
    if let Some(e) = extra {
        inits.push(quote!(#e: Default::default()));
    }
    let doc = "Creates the value from its required fields; optional fields start unset.";
    quote! {
        impl #name {
            #[doc = #doc]
            #[allow(deprecated)]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

fn emit_enum(def: &TypeDef, e: &EnumDef) -> TokenStream {
    let doc = docs::attrs(&def.docs);
    let name = ident(&def.name);
    let variants: Vec<Ident> = e.values.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let value_docs = wires
        .iter()
        .map(|w| format!(" `{}`", docs::one_line(&w.replace('`', "'"))));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#[doc = #value_docs] #variants,)*
            /// A value this version of the client does not know, kept as sent.
            Unknown(String),
        }
        impl #name {
            /// Every value this version of the client knows.
            pub const KNOWN: &'static [&'static str] = &[#(#wires),*];
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::Unknown(value) => value,
                }
            }
        }
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }
        crate::runtime::string_enum!(#name);
    }
}

fn emit_tagged(def: &TypeDef, u: &TaggedUnionDef, graph: &TypeGraph<'_>) -> TokenStream {
    let doc = docs::attrs(&def.docs);
    let name = ident(&def.name);
    let tags = &u.tags;
    let variants: Vec<Ident> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_names = u.variants.iter().map(|v| v.name.as_str());
    let variant_docs = u.variants.iter().map(|v| docs::attrs(&v.docs));
    let payloads = u
        .variants
        .iter()
        .map(|v| graph.tokens(&TypeRef::Named(v.payload.clone()), &def.name));
    // Per variant: its tag values as `Some("…")` patterns, and as (tag, value) pairs.
    let found: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let values = &v.tag_values;
            quote!([#(Some(#values)),*])
        })
        .collect();
    let pairs: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let values = &v.tag_values;
            quote!(&[#((#tags, #values)),*])
        })
        .collect();
    let validate = def.request_side.then(|| {
        quote! {
            impl crate::runtime::Validate for #name {
                fn validate_at(&self, path: &str, violations: &mut crate::runtime::Violations) {
                    match self {
                        #(Self::#variants(inner) => inner.validate_at(path, violations),)*
                        Self::Unknown(_) => {}
                    }
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variant_docs #variants(#payloads),)*
            /// An alternative this version of the client does not know, kept as raw JSON.
            Unknown(serde_json::Value),
        }
        impl #name {
            /// The tag properties, in order.
            pub const TAGS: &'static [&'static str] = &[#(#tags),*];
            /// The tag values of this value (for `Unknown`, whatever the document holds).
            pub fn tag_values(&self) -> Vec<Option<&str>> {
                match self {
                    #(Self::#variants(_) => vec!#found,)*
                    Self::Unknown(value) => Self::TAGS
                        .iter()
                        .map(|t| tag_of(value, t))
                        .collect(),
                }
            }
            /// Whether this is an alternative the client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants(inner) => serialize_tagged(serializer, inner, #pairs),)*
                    Self::Unknown(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let document = <TaggedDocument as serde::Deserialize>::deserialize(deserializer)?;
                let found = document.tags([#(#tags),*]);
                match found.each_ref().map(|t| t.as_deref()) {
                    #(#found => document.decode_variant(#variant_names, Self::TAGS).map(Self::#variants),)*
                    _ => document.to_value().map(Self::Unknown),
                }
            }
        }
        #validate
    }
}

fn emit_untagged(def: &TypeDef, u: &UntaggedDef, graph: &TypeGraph<'_>) -> TokenStream {
    let name = ident(&def.name);
    let variants = u.variants.iter().map(|v| {
        let id = ident(&v.name);
        let ty = graph.tokens(&v.ty, &def.name);
        let doc = docs::one_line(&evidence_doc(&v.evidence));
        quote!(#[doc = #doc] #id(#ty),)
    });
    let evidence = u.variants.iter().map(|v| {
        let checks = v.evidence.iter().map(evidence_tokens);
        quote!(&[#(#checks),*])
    });
    let arms = u.variants.iter().enumerate().map(|(i, v)| {
        let id = ident(&v.name);
        let label = &v.name;
        quote!(#i => Some(crate::runtime::union::decode_alternative(value, #label).map(Self::#id)),)
    });
    let validate = def.request_side.then(|| {
        let arms = u.variants.iter().map(|v| {
            let id = ident(&v.name);
            let checks = value_checks(&v.ty, &v.constraints, quote!(value), quote!(path), graph);
            quote!(Self::#id(value) => { #checks })
        });
        quote! {
            impl crate::runtime::Validate for #name {
                #[allow(unused_variables)]
                fn validate_at(&self, path: &str, violations: &mut crate::runtime::Violations) {
                    match self {
                        #(#arms)*
                        Self::Unknown(_) => {}
                    }
                }
            }
        }
    });
    // Conversions from the primitive alternatives, so `"text".into()` or `true.into()` builds a value.
    let conversions = u.variants.iter().filter_map(|v| {
        let id = ident(&v.name);
        let from = match &v.ty {
            TypeRef::String => quote! {
                impl From<&str> for #name {
                    fn from(value: &str) -> Self { Self::#id(value.to_string()) }
                }
                impl From<String> for #name {
                    fn from(value: String) -> Self { Self::#id(value) }
                }
            },
            TypeRef::Boolean => quote!(impl From<bool> for #name { fn from(value: bool) -> Self { Self::#id(value) } }),
            TypeRef::Integer(format) => {
                let int = Ident::new(format.rust_name(), Span::call_site());
                quote!(impl From<#int> for #name { fn from(value: #int) -> Self { Self::#id(value) } })
            }
            _ => return None,
        };
        Some(from)
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// A document no variant's evidence matches, kept as raw JSON (serialized back unchanged).
            Unknown(serde_json::Value),
        }
        impl #name {
            /// What a document must show to be each variant, in the order variants are tried.
            pub const EVIDENCE: &'static [&'static [crate::runtime::union::Evidence]] = &[#(#evidence),*];

            /// Whether this is a document no variant's evidence matched.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                crate::runtime::union::decode_by_evidence(value, Self::EVIDENCE, Self::Unknown, |index, value| match index {
                    #(#arms)*
                    _ => None,
                })
            }
        }
        #(#conversions)*
        #validate
    }
}

/// The runtime's form of one piece of evidence.
fn evidence_tokens(e: &Evidence) -> TokenStream {
    let path = |p: &[String]| quote!(&[#(#p),*]);
    match e {
        Evidence::Type(types) => {
            let bits = types.iter().map(|t| {
                let id = Ident::new(json_type_const(*t), Span::call_site());
                quote!(crate::runtime::union::json_type::#id)
            });
            quote!(crate::runtime::union::Evidence::Type(#(#bits)|*))
        }
        Evidence::Str { path: p, values } => {
            let p = path(p);
            quote!(crate::runtime::union::Evidence::Str(#p, &[#(#values),*]))
        }
        Evidence::Bool { path: p, value } => {
            let p = path(p);
            quote!(crate::runtime::union::Evidence::Bool(#p, #value))
        }
        Evidence::Present { path: p } => {
            let p = path(p);
            quote!(crate::runtime::union::Evidence::Present(#p))
        }
    }
}

fn json_type_const(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "NULL",
        JsonType::Boolean => "BOOLEAN",
        JsonType::Integer => "INTEGER",
        JsonType::Number => "NUMBER",
        JsonType::String => "STRING",
        JsonType::Array => "ARRAY",
        JsonType::Object => "OBJECT",
    }
}

/// A variant's doc line: what a document must show to decode as it.
fn evidence_doc(evidence: &[Evidence]) -> String {
    let dotted = |p: &[String]| {
        let text: String = p
            .join(".")
            .chars()
            .map(|c| if c == '`' || c.is_control() { ' ' } else { c })
            .collect();
        if p.is_empty() {
            "the value".to_string()
        } else {
            format!("`{text}`")
        }
    };
    let parts: Vec<String> = evidence
        .iter()
        .map(|e| match e {
            Evidence::Type(t) => {
                let names: Vec<String> =
                    t.iter().map(|t| format!("{t:?}").to_lowercase()).collect();
                format!("a JSON {}", names.join(" or "))
            }
            Evidence::Str { path, values } => {
                let values: Vec<String> = values
                    .iter()
                    .map(|v| {
                        format!(
                            "`{}`",
                            v.chars()
                                .map(|c| if c == '`' || c.is_control() { ' ' } else { c })
                                .collect::<String>()
                        )
                    })
                    .collect();
                match values.as_slice() {
                    [one] => format!("{} is {one}", dotted(path)),
                    _ => format!("{} is one of {}", dotted(path), values.join(", ")),
                }
            }
            Evidence::Bool { path, value } => format!("{} is `{value}`", dotted(path)),
            Evidence::Present { path } => format!("{} is present", dotted(path)),
        })
        .collect();
    if parts.is_empty() {
        " Decoded when no variant before it matches (no evidence of its own).".to_string()
    } else {
        format!(" Decoded when {}.", parts.join("; "))
    }
}

fn validate_struct(def: &TypeDef, s: &StructDef, graph: &TypeGraph<'_>) -> TokenStream {
    let name = ident(&def.name);
    let checks = s.fields.iter().filter_map(|f| {
        let fname = ident(&f.name);
        let wire = &f.wire_name;
        // Optional nullable fields are `Option<Option<T>>`: both layers in one pattern.
        let (pattern, ty) = match (&f.ty, f.required) {
            (TypeRef::Nullable(inner), false) => (quote!(Some(Some(value))), &**inner),
            (ty, false) => (quote!(Some(value)), ty),
            (ty, true) => (quote!(value), ty),
        };
        let inner = value_checks(
            ty,
            &f.constraints,
            quote!(value),
            quote!(&field_path),
            graph,
        );
        if inner.is_empty() {
            return None;
        }
        let access = if graph.is_lenient(&def.name, f) {
            quote!({ let value = &*self.#fname; #inner })
        } else if f.required {
            quote!({ let value = &self.#fname; #inner })
        } else {
            quote!(if let #pattern = &self.#fname { #inner })
        };
        Some(quote! {
            {
                let field_path = crate::runtime::join_path(path, #wire);
                #access
            }
        })
    });
    let flattened = s
        .flattened
        .iter()
        .filter(|f| graph.validatable(&f.ty))
        .map(|f| {
            let fname = ident(&f.name);
            quote!(self.#fname.validate_at(path, violations);)
        });
    quote! {
        impl crate::runtime::Validate for #name {
            #[allow(unused_variables, deprecated)]
            fn validate_at(&self, path: &str, violations: &mut crate::runtime::Violations) {
                #(#checks)*
                #(#flattened)*
            }
        }
    }
}

/// Checks of one value (`value` is a reference to it) against its constraints and,
/// for named types, their own validation. Empty when there is nothing to check.
fn value_checks(
    ty: &TypeRef,
    c: &Constraints,
    value: TokenStream,
    path: TokenStream,
    graph: &TypeGraph<'_>,
) -> TokenStream {
    match ty {
        TypeRef::Nullable(inner) => {
            let checks = value_checks(inner, c, quote!(value), path, graph);
            if checks.is_empty() {
                return checks;
            }
            quote!(if let Some(value) = #value { #checks })
        }
        TypeRef::String | TypeRef::Date => {
            let mut out = TokenStream::new();
            if c.min_length.is_some() || c.max_length.is_some() {
                let min = opt_u64(c.min_length);
                let max = opt_u64(c.max_length);
                out.extend(quote!(violations.str_len(#path, #value, #min, #max);));
            }
            if let Some(p) = &c.pattern {
                out.extend(quote!(violations.pattern(#path, #value, #p);));
            }
            out
        }
        TypeRef::Integer(_) | TypeRef::Number => {
            if c.minimum.is_none() && c.maximum.is_none() {
                return TokenStream::new();
            }
            let min = opt_f64(c.minimum);
            let max = opt_f64(c.maximum);
            let (emin, emax) = (c.exclusive_minimum, c.exclusive_maximum);
            let as_f64 = if matches!(ty, TypeRef::Integer(_)) {
                quote!(*#value as f64)
            } else {
                quote!(#value.as_f64())
            };
            quote!(violations.number(#path, #as_f64, #min, #max, #emin, #emax);)
        }
        TypeRef::Array(item) => {
            let mut out = TokenStream::new();
            if c.min_items.is_some() || c.max_items.is_some() {
                let min = opt_u64(c.min_items);
                let max = opt_u64(c.max_items);
                out.extend(quote!(violations.items(#path, #value.len(), #min, #max);));
            }
            let item_c = c.items.as_deref().cloned().unwrap_or_default();
            let item_checks = value_checks(item, &item_c, quote!(item), quote!(&item_path), graph);
            if !item_checks.is_empty() {
                out.extend(quote! {
                    for (index, item) in #value.iter().enumerate() {
                        let item_path = format!("{}[{}]", #path, index);
                        #item_checks
                    }
                });
            }
            out
        }
        TypeRef::Map(v) => {
            let mut out = TokenStream::new();
            if c.max_properties.is_some() || c.max_key_length.is_some() {
                let max = opt_u64(c.max_properties);
                let key_max = opt_u64(c.max_key_length);
                out.extend(quote!(violations.map(#path, #value.len(), #max, #value.keys().map(String::as_str), #key_max);));
            }
            let item_c = c.items.as_deref().cloned().unwrap_or_default();
            let item_checks = value_checks(v, &item_c, quote!(item), quote!(&item_path), graph);
            if !item_checks.is_empty() {
                out.extend(quote! {
                    for (key, item) in #value.iter() {
                        let item_path = crate::runtime::join_path(#path, key);
                        #item_checks
                    }
                });
            }
            out
        }
        TypeRef::Named(n) => match graph.api().types.get(n) {
            Some(def) if is_validatable_kind(&def.kind) && def.request_side => {
                quote!(crate::runtime::Validate::validate_at(#value, #path, violations);)
            }
            Some(TypeDef {
                kind: TypeKind::Alias(inner),
                ..
            }) => value_checks(inner, c, value, path, graph),
            _ => TokenStream::new(),
        },
        TypeRef::Boolean | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Json | TypeRef::Bytes => {
            TokenStream::new()
        }
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    }
}

fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(n) if n.is_finite() => quote!(Some(#n)),
        _ => quote!(None),
    }
}
