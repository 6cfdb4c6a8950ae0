//! Whole-IR passes that run after lowering.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Response, TypeKind, TypeRef};

/// A name suggested for an inline type at one of its uses.
#[derive(Debug, Clone)]
pub struct Hint {
    pub name: String,
    /// Suggested while lowering a component schema (not a request or response).
    pub component: bool,
}

/// A structurally identical inline type used in several places is named after what
/// its suggested names have in common, so the name does not depend on which use came
/// first. Names suggested by component schemas are preferred over those from requests
/// and responses; among them, the longest ending of two or more words shared by all
/// (`PhoneCustomMetadataValue` + `ConnectedAccountCustomMetadataValue` →
/// `CustomMetadataValue`), else by most, else the shortest (ties: alphabetical).
pub fn settle_names(api: &mut Api, hints: &BTreeMap<String, Vec<Hint>>) {
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = api.types.keys().cloned().collect();
    taken.extend(
        crate::naming::RESERVED_TYPE_NAMES
            .iter()
            .map(|s| s.to_string()),
    );
    // The most used type gets first pick of a contested name.
    let mut order: Vec<(&String, &Vec<Hint>)> = hints.iter().collect();
    order.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(b.0)));
    for (name, suggested) in order {
        let all: BTreeSet<&str> = suggested.iter().map(|h| h.name.as_str()).collect();
        if all.len() < 2 {
            continue;
        }
        let components: BTreeSet<&str> = suggested
            .iter()
            .filter(|h| h.component)
            .map(|h| h.name.as_str())
            .collect();
        let mut candidates = Vec::new();
        for set in [&components, &all] {
            if set.len() >= 2 {
                candidates.extend(common_word_suffix(set.iter().copied(), true));
                candidates.extend(common_word_suffix(set.iter().copied(), false));
            }
            candidates.extend(
                set.iter()
                    .min_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)))
                    .map(|s| s.to_string()),
            );
        }
        let Some(best) = candidates
            .into_iter()
            .find(|c| c == name || !taken.contains(c))
        else {
            continue;
        };
        if &best != name {
            taken.insert(best.clone());
            renames.insert(name.clone(), best);
        }
    }
    if renames.is_empty() {
        return;
    }
    let rename = |n: &mut String| {
        if let Some(new) = renames.get(n.as_str()) {
            *n = new.clone();
        }
    };
    let types = std::mem::take(&mut api.types);
    for (mut name, mut def) in types {
        rename(&mut name);
        def.name = name.clone();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                s.fields
                    .iter_mut()
                    .for_each(|f| rename_ref(&mut f.ty, &rename));
                s.flattened
                    .iter_mut()
                    .for_each(|f| rename_ref(&mut f.ty, &rename));
                if let Some(a) = &mut s.additional {
                    rename_ref(a, &rename);
                }
            }
            TypeKind::Enum(_) => {}
            TypeKind::TaggedUnion(u) => u.variants.iter_mut().for_each(|v| rename(&mut v.payload)),
            TypeKind::Untagged(u) => u
                .variants
                .iter_mut()
                .for_each(|v| rename_ref(&mut v.ty, &rename)),
            TypeKind::Alias(t) => rename_ref(t, &rename),
        }
        api.types.insert(name, def);
    }
    for e in &mut api.endpoints {
        if let Some(r) = &mut e.request {
            rename(r);
        }
        for p in &mut e.params {
            rename_ref(&mut p.ty, &rename);
        }
        if let Some(t) = &mut e.error_type {
            rename_ref(t, &rename);
        }
        match &mut e.response {
            Response::Void | Response::Bytes | Response::Text => {}
            Response::Body { body } => rename(body),
            Response::Key { body, ty, .. } => {
                rename(body);
                rename_ref(ty, &rename);
            }
        }
        if let Some(p) = &mut e.pagination {
            rename_ref(&mut p.item, &rename);
        }
    }
}

/// The longest run of two or more trailing UpperCamelCase words that all the names
/// share (`all`), or more than half of them.
fn common_word_suffix<'a>(names: impl Iterator<Item = &'a str>, all: bool) -> Option<String> {
    let split: Vec<Vec<&str>> = names.map(words).collect();
    let mut counts: BTreeMap<Vec<&str>, usize> = BTreeMap::new();
    for w in &split {
        for k in 2..=w.len() {
            *counts.entry(w[w.len() - k..].to_vec()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| {
            if all {
                *n == split.len()
            } else {
                *n * 2 > split.len()
            }
        })
        .max_by(|a, b| a.0.len().cmp(&b.0.len()).then_with(|| b.0.cmp(&a.0)))
        .map(|(w, _)| w.concat())
        .filter(|s| !s.starts_with(|c: char| c.is_ascii_digit()))
}

/// `ConnectedAccountErrorsItem` → `["Connected", "Account", "Errors", "Item"]`.
fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices() {
        if i > start && c.is_ascii_uppercase() {
            out.push(&name[start..i]);
            start = i;
        }
    }
    if start < name.len() {
        out.push(&name[start..]);
    }
    out
}

fn rename_ref(t: &mut TypeRef, rename: &impl Fn(&mut String)) {
    match t {
        TypeRef::Named(n) => rename(n),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            rename_ref(inner, rename)
        }
        _ => {}
    }
}

/// Mark every type reachable from a request body: those get client-side validation.
pub fn mark_request_side(api: &mut Api) {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = api
        .endpoints
        .iter()
        .filter_map(|e| e.request.clone())
        .collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(def) = api.types.get(&name) {
            for child in children(&def.kind) {
                if !seen.contains(&child) {
                    stack.push(child);
                }
            }
        }
    }
    for name in &seen {
        if let Some(def) = api.types.get_mut(name) {
            def.request_side = true;
        }
    }
}

/// Named types a type refers to.
pub fn children(kind: &TypeKind) -> Vec<String> {
    let mut out = Vec::new();
    kind.visit_named(&mut |n, _| out.push(n.to_string()));
    out
}

/// Types named by endpoints' response bodies, for counting.
pub fn response_types(api: &Api) -> BTreeSet<String> {
    api.endpoints
        .iter()
        .filter_map(|e| match &e.response {
            Response::Void | Response::Bytes | Response::Text => None,
            Response::Body { body } | Response::Key { body, .. } => Some(body.clone()),
        })
        .collect()
}
