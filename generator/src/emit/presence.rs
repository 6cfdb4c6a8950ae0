//! Drift-tolerant required fields ("lenient" fields) and where they apply.
//!
//! Inside resources (the types a response can hold, other than the body itself; see
//! `resource_types`), servers drift: Seam's fake omits the required `errors` and
//! `warnings`, sends `"result": null` for an object whose fields are all optional, and
//! so on. A required field whose type has an obvious empty value (an array, a map, a
//! nullable, an object with only optional fields) is emitted as `runtime::Lenient<T>`:
//! a missing key or `null` decodes as the empty value, and the presence is kept so that
//! re-encoding writes back exactly what was received. Required scalars and response
//! bodies stay strict: a missing value there is a decode error naming the field.

use std::collections::BTreeSet;

use crate::ir::{Api, Field, TypeKind, TypeRef};

/// The types whose fields may be lenient: every type except response bodies and the
/// types only requests use (the client never decodes those). Types no endpoint uses
/// count: users decode them too (webhook payloads).
pub fn resource_types(api: &Api) -> BTreeSet<String> {
    let bodies = crate::response_types(api);
    let reachable = response_reachable(api, &bodies);
    api.types
        .values()
        .filter(|d| !bodies.contains(&d.name) && (reachable.contains(&d.name) || !d.request_side))
        .map(|d| d.name.clone())
        .collect()
}

/// Types reachable from a response body, not counting the bodies themselves.
fn response_reachable(api: &Api, bodies: &BTreeSet<String>) -> BTreeSet<String> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<&str> = bodies.iter().map(String::as_str).collect();
    let mut visited: BTreeSet<&str> = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !visited.insert(name) {
            continue;
        }
        let Some(def) = api.types.get(name) else {
            continue;
        };
        def.kind.visit_named(&mut |child, _| {
            seen.insert(child.to_string());
            stack.push(child);
        });
    }
    seen.retain(|n| !bodies.contains(n));
    seen
}

/// Whether a field of a resource is emitted as `runtime::Lenient<T>`.
pub fn is_lenient(api: &Api, f: &Field) -> bool {
    f.required
        && match &f.ty {
            TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Nullable(_) => true,
            TypeRef::Named(n) => all_optional(api, n),
            _ => false,
        }
}

/// A struct whose fields are all optional (it derives `Default`: the empty value).
pub fn all_optional(api: &Api, name: &str) -> bool {
    match api.types.get(name).map(|d| &d.kind) {
        Some(TypeKind::Struct(s)) => s.flattened.is_empty() && s.fields.iter().all(|f| !f.required),
        _ => false,
    }
}
