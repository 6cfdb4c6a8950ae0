//! What changed between two IRs: a human-readable summary for spec updates.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::ir::{Api, Endpoint, TypeDef, TypeKind};

/// Summarise endpoints and types added, removed and changed (fields, enum values, union variants).
pub fn summarize(old: &Api, new: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "API {} {} -> {} {}",
        old.title, old.version, new.title, new.version
    );
    let old_eps: BTreeMap<String, &Endpoint> = old
        .endpoints
        .iter()
        .map(|e| (endpoint_key(old, e), e))
        .collect();
    let new_eps: BTreeMap<String, &Endpoint> = new
        .endpoints
        .iter()
        .map(|e| (endpoint_key(new, e), e))
        .collect();
    section(
        &mut out,
        "endpoints added",
        new_eps
            .keys()
            .filter(|k| !old_eps.contains_key(*k))
            .map(|k| k.to_string()),
    );
    section(
        &mut out,
        "endpoints removed",
        old_eps
            .keys()
            .filter(|k| !new_eps.contains_key(*k))
            .map(|k| k.to_string()),
    );
    let changed_eps = old_eps.iter().filter_map(|(path, a)| {
        let b = new_eps.get(path)?;
        let mut notes = Vec::new();
        if a.request != b.request {
            notes.push(format!("request {:?} -> {:?}", a.request, b.request));
        }
        if a.response != b.response {
            notes.push("response changed".to_string());
        }
        if a.docs.deprecated != b.docs.deprecated {
            notes.push(if b.docs.deprecated.is_some() {
                "now deprecated".into()
            } else {
                "no longer deprecated".into()
            });
        }
        (!notes.is_empty()).then(|| format!("{path}: {}", notes.join("; ")))
    });
    section(&mut out, "endpoints changed", changed_eps);
    section(
        &mut out,
        "types added",
        new.types
            .keys()
            .filter(|k| !old.types.contains_key(*k))
            .cloned(),
    );
    section(
        &mut out,
        "types removed",
        old.types
            .keys()
            .filter(|k| !new.types.contains_key(*k))
            .cloned(),
    );
    let changed_types = old.types.iter().filter_map(|(name, a)| {
        let b = new.types.get(name)?;
        let notes = type_changes(a, b);
        (!notes.is_empty()).then(|| format!("{name}: {}", notes.join("; ")))
    });
    section(&mut out, "types changed", changed_types);
    out
}

/// An endpoint is its path (one method per path), or its method and path (called as declared).
fn endpoint_key(api: &Api, e: &Endpoint) -> String {
    match api.call_style {
        crate::config::CallStyle::PostJsonPerPath => e.path.clone(),
        crate::config::CallStyle::AsDeclared => format!("{} {}", e.method.to_uppercase(), e.path),
    }
}

fn section(out: &mut String, title: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    let _ = writeln!(out, "{title}: {}", items.len());
    for i in items {
        let _ = writeln!(out, "  {i}");
    }
}

fn names<T>(items: &[T], f: impl Fn(&T) -> String) -> BTreeSet<String> {
    items.iter().map(f).collect()
}

fn added_removed(label: &str, a: &BTreeSet<String>, b: &BTreeSet<String>, notes: &mut Vec<String>) {
    let added: Vec<&String> = b.difference(a).collect();
    let removed: Vec<&String> = a.difference(b).collect();
    if !added.is_empty() {
        notes.push(format!("+{label} {}", join(&added)));
    }
    if !removed.is_empty() {
        notes.push(format!("-{label} {}", join(&removed)));
    }
}

fn join(v: &[&String]) -> String {
    v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
}

fn type_changes(a: &TypeDef, b: &TypeDef) -> Vec<String> {
    let mut notes = Vec::new();
    match (&a.kind, &b.kind) {
        (TypeKind::Struct(x), TypeKind::Struct(y)) => {
            added_removed(
                "field",
                &names(&x.fields, |f| f.wire_name.clone()),
                &names(&y.fields, |f| f.wire_name.clone()),
                &mut notes,
            );
            for fx in &x.fields {
                if let Some(fy) = y.fields.iter().find(|f| f.wire_name == fx.wire_name) {
                    if fx.ty != fy.ty {
                        notes.push(format!("field {} type changed", fx.wire_name));
                    }
                    if fx.required != fy.required {
                        notes.push(format!(
                            "field {} now {}",
                            fx.wire_name,
                            if fy.required { "required" } else { "optional" }
                        ));
                    }
                }
            }
        }
        (TypeKind::Enum(x), TypeKind::Enum(y)) => {
            added_removed(
                "value",
                &names(&x.values, |v| v.wire.clone()),
                &names(&y.values, |v| v.wire.clone()),
                &mut notes,
            );
        }
        (TypeKind::TaggedUnion(x), TypeKind::TaggedUnion(y)) => {
            let tags = |v: &crate::ir::TaggedVariant| v.tag_values.join("+");
            added_removed(
                "variant",
                &names(&x.variants, tags),
                &names(&y.variants, tags),
                &mut notes,
            );
        }
        (ka, kb) if std::mem::discriminant(ka) != std::mem::discriminant(kb) => {
            notes.push("kind changed".to_string())
        }
        (ka, kb) if ka != kb => notes.push("changed".to_string()),
        _ => {}
    }
    notes
}
