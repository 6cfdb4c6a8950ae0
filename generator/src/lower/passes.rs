//! Whole-IR passes that run after lowering.

use std::collections::BTreeSet;

use crate::ir::{Api, Response, TypeKind};

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
