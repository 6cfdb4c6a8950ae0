//! The real spec: everything goes through, output is deterministic, and the
//! checked-in generated crate is current (the same check as `cargo xtask codegen --check`).

use std::collections::BTreeSet;

use codegen_tests::{generate_file, root};
use seam_codegen::ir::{Response, TypeKind};

#[test]
fn full_spec_is_current_deterministic_and_complete() {
    let spec = root().join("spec/openapi.json");
    let first = generate_file(&spec);
    let second = generate_file(&spec);
    assert_eq!(
        first.files, second.files,
        "two runs must produce byte-identical output"
    );

    // Checked-in output is what the generator produces now.
    for (file, text) in &first.files {
        let path = root().join("generated-client/src/generated").join(file);
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == *text,
            "{} is stale: run `cargo xtask codegen`",
            path.display()
        );
    }

    let api = &first.api;
    let raw: serde_json::Value = serde_json::from_slice(&std::fs::read(&spec).unwrap()).unwrap();
    // Every path is an endpoint (one POST per path), every operation lowered: counted in the spec.
    let paths = raw["paths"].as_object().unwrap();
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let operations =
        |item: &serde_json::Value| METHODS.iter().filter(|m| item.get(**m).is_some()).count();
    assert_eq!(api.endpoints.len(), paths.len());
    assert_eq!(
        api.operation_count,
        paths.values().map(operations).sum::<usize>()
    );
    // Every component schema has a type under its UpperCamelCase name.
    let components = raw["components"]["schemas"].as_object().unwrap();
    assert!(!components.is_empty());
    for key in components.keys() {
        let name = heck_like_upper_camel(key);
        assert!(
            api.types.contains_key(&name),
            "component {key} has no type {name}"
        );
    }
    // Response keys: x-response-key where set, else the single non-`ok` key.
    let update = api
        .endpoints
        .iter()
        .find(|e| e.path == "/connected_accounts/update")
        .unwrap();
    match &update.response {
        Response::Key { key, .. } => assert_eq!(key, "connected_account"),
        other => panic!("unexpected response {other:?}"),
    }
    let paginated = api
        .endpoints
        .iter()
        .filter(|e| e.pagination.is_some())
        .count();
    // 22 paths return `pagination`; two take no `page_cursor` (get_timeline, timelines/get).
    assert_eq!(paginated, 20);
    // Paths with an operation marked x-action-attempt-type (the rest are method twins).
    let marked = paths
        .values()
        .filter(|item| {
            METHODS.iter().any(|m| {
                item.get(*m)
                    .is_some_and(|op| op.get("x-action-attempt-type").is_some())
            })
        })
        .count();
    assert_eq!(
        api.endpoints
            .iter()
            .filter(|e| e.action_attempt.is_some())
            .count(),
        marked
    );

    // Discriminated unions: the event union has a variant per event type and keeps unknown tags.
    let TypeKind::TaggedUnion(event) = &api.types["Event"].kind else {
        panic!("Event is not a tagged union")
    };
    assert_eq!(event.tags, vec!["event_type".to_string()]);
    assert_eq!(
        event.variants.len(),
        raw["components"]["schemas"]["event"]["oneOf"]
            .as_array()
            .unwrap()
            .len()
    );
    let TypeKind::TaggedUnion(attempt) = &api.types["ActionAttempt"].kind else {
        panic!("ActionAttempt is not a tagged union")
    };
    assert_eq!(
        attempt.tags.len(),
        2,
        "action attempts are keyed by (action_type, status)"
    );
    assert_eq!(
        attempt.variants.len(),
        raw["components"]["schemas"]["action_attempt"]["oneOf"]
            .as_array()
            .unwrap()
            .len()
    );
    let tag_sets: BTreeSet<Vec<String>> = api
        .types
        .values()
        .filter_map(|t| match &t.kind {
            TypeKind::TaggedUnion(u) => {
                Some(u.variants.iter().map(|v| v.tag_values.join("+")).collect())
            }
            _ => None,
        })
        .collect();
    let unions = api
        .types
        .values()
        .filter(|t| matches!(t.kind, TypeKind::TaggedUnion(_)))
        .count();
    assert_eq!(
        unions,
        tag_sets.len(),
        "identical tagged unions must be emitted once"
    );

    // No warnings on the real spec.
    assert!(first.diagnostics.is_empty(), "{}", first.diagnostics);
}

/// Location-stable names: every union variant's payload is named after that variant
/// (its union's name, then the variant's), or is a component named after itself;
/// never after another variant that happens to share its shape.
#[test]
fn variant_payloads_are_named_after_their_own_variant() {
    let generated = generate_file(&root().join("spec/openapi.json"));
    let api = &generated.api;
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (union, def) in &api.types {
        let payloads: Vec<(&str, &str)> = match &def.kind {
            TypeKind::TaggedUnion(u) => u
                .variants
                .iter()
                .map(|v| (v.name.as_str(), v.payload.as_str()))
                .collect(),
            TypeKind::Untagged(u) => u
                .variants
                .iter()
                .filter_map(|v| match &v.ty {
                    seam_codegen::ir::TypeRef::Named(n) => Some((v.name.as_str(), n.as_str())),
                    _ => None,
                })
                .collect(),
            _ => continue,
        };
        for (variant, payload) in payloads {
            checked += 1;
            let own = payload == format!("{union}{variant}") || payload == variant;
            if !own {
                wrong.push(format!("{union}::{variant}({payload})"));
            }
        }
    }
    let TypeKind::TaggedUnion(event) = &api.types["Event"].kind else {
        panic!("Event is not a tagged union")
    };
    assert!(
        checked >= event.variants.len(),
        "only {checked} variants checked"
    );
    assert!(
        wrong.is_empty(),
        "{} variants carry a payload named after something else:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

fn heck_like_upper_camel(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}
