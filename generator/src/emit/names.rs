//! Identifiers and type tokens.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, TypeKind, TypeRef};
use crate::naming::identifier;

/// An identifier, raw (`r#type`) when it is a keyword; the repair of anything that is
/// not one is [`naming::identifier`](crate::naming::identifier).
pub fn ident(name: &str) -> Ident {
    let (text, raw) = identifier(name);
    if raw {
        Ident::new_raw(&text, Span::call_site())
    } else {
        Ident::new(&text, Span::call_site())
    }
}

/// Direct containment between named types, to find the ones that must be boxed.
pub struct TypeGraph<'a> {
    api: &'a Api,
    direct: BTreeMap<&'a str, Vec<&'a str>>,
    /// Types reachable from response bodies (see `presence`).
    resources: BTreeSet<String>,
    /// For types on a containment cycle: which cycle (strongly connected component).
    cycle: BTreeMap<&'a str, usize>,
}

impl<'a> TypeGraph<'a> {
    pub fn new(api: &'a Api) -> Self {
        let mut direct: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, def) in &api.types {
            let mut edges = Vec::new();
            def.kind.visit_named(&mut |n, indirect| {
                if !indirect {
                    edges.push(n);
                }
            });
            direct.insert(name.as_str(), edges);
        }
        let cycle = cycle_members(&direct);
        Self {
            api,
            direct,
            resources: super::presence::resource_types(api),
            cycle,
        }
    }

    /// Whether a field of the named type is a drift-tolerant `runtime::Lenient<T>`.
    pub fn is_lenient(&self, owner: &str, f: &crate::ir::Field) -> bool {
        self.resources.contains(owner) && super::presence::is_lenient(self.api, f)
    }

    pub fn api(&self) -> &'a Api {
        self.api
    }

    /// Whether `from` can reach `to` through direct containment (then `from` inside `to` needs a box).
    pub fn reaches(&self, from: &str, to: &str) -> bool {
        if from == to {
            return true;
        }
        let Some(to_edges) = self.direct.get(to) else {
            return false;
        };
        // The usual question (is a type that `to` contains part of a cycle through `to`?)
        // is answered from the cycles found once: a search per field made emission
        // quadratic in the length of reference chains.
        if to_edges.contains(&from) {
            return matches!((self.cycle.get(from), self.cycle.get(to)), (Some(a), Some(b)) if a == b);
        }
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if !seen.insert(n) {
                continue;
            }
            if let Some(next) = self.direct.get(n) {
                stack.extend(next.iter().copied());
            }
        }
        false
    }

    /// Tokens for a type used inside the named type `owner`.
    pub fn tokens(&self, ty: &TypeRef, owner: &str) -> TokenStream {
        self.tokens_inner(ty, owner, true)
    }

    fn tokens_inner(&self, ty: &TypeRef, owner: &str, direct: bool) -> TokenStream {
        match ty {
            TypeRef::String | TypeRef::Date => quote!(String),
            TypeRef::Boolean => quote!(bool),
            TypeRef::Integer(format) => {
                let id = Ident::new(format.rust_name(), Span::call_site());
                quote!(#id)
            }
            TypeRef::Number => quote!(crate::runtime::Number),
            TypeRef::Uuid => quote!(crate::runtime::Id),
            TypeRef::DateTime => quote!(crate::runtime::Timestamp),
            TypeRef::Json => quote!(serde_json::Value),
            TypeRef::Bytes => quote!(Vec<u8>),
            TypeRef::Named(n) => {
                let id = ident(n);
                if direct && self.reaches(n, owner) {
                    quote!(Box<super::types::#id>)
                } else {
                    quote!(super::types::#id)
                }
            }
            TypeRef::Array(t) => {
                let inner = self.tokens_inner(t, owner, false);
                quote!(Vec<#inner>)
            }
            TypeRef::Map(t) => {
                let inner = self.tokens_inner(t, owner, false);
                quote!(std::collections::BTreeMap<String, #inner>)
            }
            TypeRef::Nullable(t) => {
                let inner = self.tokens_inner(t, owner, direct);
                quote!(Option<#inner>)
            }
        }
    }

    /// Whether values of this type have anything to validate (non-enum named types on the request side).
    pub fn validatable(&self, ty: &TypeRef) -> bool {
        let mut found = false;
        ty.visit_named(&mut |n, _| {
            if let Some(def) = self.api.types.get(n) {
                found |= is_validatable_kind(&def.kind);
            }
        });
        found
    }
}

/// Each type on a containment cycle, with the number of its cycle.
fn cycle_members<'a>(direct: &BTreeMap<&'a str, Vec<&'a str>>) -> BTreeMap<&'a str, usize> {
    let names: Vec<&str> = direct.keys().copied().collect();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            direct
                .get(n)
                .map(|targets| {
                    targets
                        .iter()
                        .filter_map(|t| index.get(t).copied())
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let mut out = BTreeMap::new();
    for (number, component) in crate::lower::cycles::cycles(&edges).into_iter().enumerate() {
        for i in component {
            if let Some(name) = names.get(i) {
                out.insert(*name, number);
            }
        }
    }
    out
}

pub fn is_validatable_kind(kind: &TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::Struct(_) | TypeKind::TaggedUnion(_) | TypeKind::Untagged(_)
    )
}

#[cfg(test)]
mod tests {
    use super::ident;

    #[test]
    fn ident_is_total() {
        for (name, expected) in [
            ("type", "r#type"),
            ("Self", "SelfValue"),
            ("self", "self_"),
            ("crate", "crate_"),
            ("", "x"),
            ("_", "x_"),
            ("9a", "x9a"),
            ("a-b", "a_b"),
            ("é", "x_"),
            ("ok", "ok"),
        ] {
            assert_eq!(ident(name).to_string(), expected, "{name:?}");
        }
    }
}
