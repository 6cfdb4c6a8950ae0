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
    // Every path is an endpoint, every operation lowered.
    assert_eq!(api.endpoints.len(), 316);
    assert_eq!(api.operation_count, 522);
    // Every component schema has a type under its UpperCamelCase name.
    let raw: serde_json::Value = serde_json::from_slice(&std::fs::read(&spec).unwrap()).unwrap();
    let components = raw["components"]["schemas"].as_object().unwrap();
    assert_eq!(components.len(), 44);
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
    // 40 operations carry x-action-attempt-type: 31 paths (the rest are method twins).
    assert_eq!(
        api.endpoints
            .iter()
            .filter(|e| e.action_attempt.is_some())
            .count(),
        31
    );

    // Discriminated unions: the event union has a variant per event type and keeps unknown tags.
    let TypeKind::TaggedUnion(event) = &api.types["Event"].kind else {
        panic!("Event is not a tagged union")
    };
    assert_eq!(event.tags, vec!["event_type".to_string()]);
    assert_eq!(event.variants.len(), 109);
    let TypeKind::TaggedUnion(attempt) = &api.types["ActionAttempt"].kind else {
        panic!("ActionAttempt is not a tagged union")
    };
    assert_eq!(
        attempt.tags.len(),
        2,
        "action attempts are keyed by (action_type, status)"
    );
    assert_eq!(attempt.variants.len(), 63);
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
