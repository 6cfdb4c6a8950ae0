//! Mutation fuzzing of the whole pipeline: take small valid specs, break them at
//! random (delete keys, swap in JSON of another type, copy subtrees elsewhere, point
//! `$ref`s anywhere, rename keys, nest deeply, damage the text), and check that
//! `generate` always returns: generated code, or an error diagnostic. Never a panic.
//!
//! 256 cases by default; `PROPTEST_CASES=20000 cargo test -p codegen-tests --test fuzz`
//! runs longer (see generator/README.md).

use std::path::Path;

use proptest::prelude::*;
use proptest::sample::Index;
use seam_codegen::parse::{load, Format};
use seam_codegen::{Config, Severity};
use serde_json::{Map, Value};

/// Valid specs to start from: the real-spec excerpt and a few hostile-but-valid fixtures.
const SEEDS: &[&str] = &[
    "connected-accounts-update-excerpt.yaml",
    "malformed/valid-hostile-combined.yaml",
    "malformed/recursive-indirect.json",
    "malformed/recursive-union-diamond.json",
    "malformed/recursive-allof-cycle.json",
    "malformed/discriminator-property-missing.json",
    "malformed/names-collide-properties.json",
    "malformed/path-names-collide.json",
];

fn seeds() -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    SEEDS
        .iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            match load(&bytes, Format::from_file_name(name)) {
                Ok(doc) => doc.raw,
                Err(d) => panic!("seed {name} does not load:\n{d}"),
            }
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Remove a key of an object (or an item of an array).
    Delete(Index, Index),
    /// Replace a node with arbitrary JSON (usually of another type) or a random schema.
    Replace(Index, Value),
    /// Replace a schema (a node that looks like one) with a random schema.
    ReplaceSchema(Index, Value),
    /// Copy one node over another, or into an object under a new key.
    Duplicate(Index, Index, Option<String>),
    /// Replace a node with a `$ref` to another node, a component, or anything.
    Ref(Index, RefTarget),
    /// Rename a key.
    Rename(Index, Index, String),
    /// Wrap a node in many levels of schema or array nesting.
    Nest(Index, u16, Index),
}

#[derive(Debug, Clone)]
enum RefTarget {
    Node(Index),
    Component(String),
    Raw(String),
}

#[derive(Debug, Clone)]
enum TextDamage {
    None,
    Truncate(Index),
    Flip(Index, u8),
}

/// Names that mean something to OpenAPI, Rust or the generator, and random ones.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "type", "self", "Self", "crate", "super", "async", "$ref", "properties", "items", "required",
            "enum", "oneOf", "anyOf", "allOf", "not", "nullable", "discriminator", "propertyName",
            "additionalProperties", "schema", "content", "application/json", "responses", "200", "2XX",
            "default", "requestBody", "parameters", "in", "path", "query", "post", "get", "paths",
            "components", "schemas", "openapi", "info", "x-response-key", "x-deprecated", "ok",
            "", " ", "{id}", "/a/{b}", "/", "//", "a-b", "a_b", "aB", "string", "string[]", "String",
            "Option", "Unknown", "extra", "1", "9lives", "日本", "ü", "\u{0}", "\r", "a\nb", "~1", "~0",
        ]).prop_map(str::to_string),
        1 => "[a-zA-Z0-9_{}/$#~ .-]{0,10}",
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec![-1i64, 0, 1, 3, 100, 200, 999, 1000]).prop_map(Value::from),
        name().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((name(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Random schemas: plausible keywords in odd combinations, so mutated specs often stay
/// valid OpenAPI and reach lowering and emission.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        prop::sample::select(vec![
            "string", "integer", "number", "boolean", "object", "array", "null", "file"
        ])
        .prop_map(|t| serde_json::json!({ "type": t })),
        prop::collection::vec(name(), 0..4)
            .prop_map(|values| serde_json::json!({ "type": "string", "enum": values })),
        name().prop_map(|n| serde_json::json!({ "$ref": format!("#/components/schemas/{n}") })),
        Just(serde_json::json!({})),
        Just(serde_json::json!({ "type": "string", "format": "date-time", "nullable": true })),
        Just(serde_json::json!({ "type": "boolean", "enum": [true] })),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            (prop::collection::vec((name(), inner.clone()), 0..4), prop::collection::vec(name(), 0..3), any::<bool>()).prop_map(|(props, required, nullable)| {
                serde_json::json!({
                    "type": "object",
                    "properties": props.into_iter().collect::<Map<_, _>>(),
                    "required": required,
                    "nullable": nullable,
                })
            }),
            inner.clone().prop_map(|items| serde_json::json!({ "type": "array", "items": items })),
            inner.clone().prop_map(|v| serde_json::json!({ "type": "object", "additionalProperties": v })),
            (prop::sample::select(vec!["oneOf", "anyOf", "allOf"]), prop::collection::vec(inner.clone(), 0..4))
                .prop_map(|(k, list)| serde_json::json!({ k: list })),
            (prop::collection::vec((name(), name()), 1..4), name()).prop_map(|(variants, tag)| {
                let alternatives: Vec<Value> = variants
                    .into_iter()
                    .map(|(value, field)| serde_json::json!({
                        "type": "object",
                        "required": [tag.clone()],
                        "properties": { tag.clone(): { "type": "string", "enum": [value] }, field: { "type": "string" } },
                    }))
                    .collect();
                serde_json::json!({ "oneOf": alternatives, "discriminator": { "propertyName": tag } })
            }),
        ]
    })
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let target = prop_oneof![
        any::<Index>().prop_map(RefTarget::Node),
        name().prop_map(RefTarget::Component),
        name().prop_map(RefTarget::Raw),
    ];
    prop_oneof![
        3 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Delete(a, b)),
        2 => (any::<Index>(), json()).prop_map(|(a, v)| Mutation::Replace(a, v)),
        1 => (any::<Index>(), schema()).prop_map(|(a, v)| Mutation::Replace(a, v)),
        6 => (any::<Index>(), schema()).prop_map(|(a, v)| Mutation::ReplaceSchema(a, v)),
        2 => (any::<Index>(), any::<Index>(), prop::option::of(name())).prop_map(|(a, b, k)| Mutation::Duplicate(a, b, k)),
        3 => (any::<Index>(), target).prop_map(|(a, t)| Mutation::Ref(a, t)),
        2 => (any::<Index>(), any::<Index>(), name()).prop_map(|(a, b, n)| Mutation::Rename(a, b, n)),
        1 => (any::<Index>(), 1u16..200, any::<Index>()).prop_map(|(a, d, k)| Mutation::Nest(a, d, k)),
    ]
}

fn text_damage() -> impl Strategy<Value = TextDamage> {
    prop_oneof![
        12 => Just(TextDamage::None),
        1 => any::<Index>().prop_map(TextDamage::Truncate),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| TextDamage::Flip(i, b)),
    ]
}

/// RFC 6901 pointers of every node, in document order.
fn pointers(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), v)];
    while let Some((p, node)) = stack.pop() {
        match node {
            Value::Object(m) => {
                for (k, child) in m {
                    stack.push((
                        format!("{p}/{}", k.replace('~', "~0").replace('/', "~1")),
                        child,
                    ));
                }
            }
            Value::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    stack.push((format!("{p}/{i}"), child));
                }
            }
            _ => {}
        }
        out.push(p);
    }
    out
}

/// Pointers of the nodes that look like schemas.
fn schema_pointers(doc: &Value, all: &[String]) -> Vec<String> {
    const KEYWORDS: &[&str] = &[
        "type",
        "properties",
        "$ref",
        "oneOf",
        "anyOf",
        "allOf",
        "items",
        "enum",
    ];
    all.iter()
        .filter(|p| {
            doc.pointer(p)
                .and_then(Value::as_object)
                .is_some_and(|m| KEYWORDS.iter().any(|k| m.contains_key(*k)))
        })
        .cloned()
        .collect()
}

fn pick<'a>(all: &'a [String], i: &Index) -> &'a str {
    if all.is_empty() {
        ""
    } else {
        &all[i.index(all.len())]
    }
}

fn apply(doc: &mut Value, m: &Mutation) {
    let all = pointers(doc);
    match m {
        Mutation::Delete(at, which) => match doc.pointer_mut(pick(&all, at)) {
            Some(Value::Object(map)) if !map.is_empty() => {
                let key = map.keys().nth(which.index(map.len())).cloned().unwrap();
                map.remove(&key);
            }
            Some(Value::Array(items)) if !items.is_empty() => {
                items.remove(which.index(items.len()));
            }
            _ => {}
        },
        Mutation::Replace(at, v) => {
            if let Some(node) = doc.pointer_mut(pick(&all, at)) {
                *node = v.clone();
            }
        }
        Mutation::ReplaceSchema(at, v) => {
            let schemas = schema_pointers(doc, &all);
            if let Some(node) = doc.pointer_mut(pick(&schemas, at)) {
                *node = v.clone();
            }
        }
        Mutation::Duplicate(from, to, key) => {
            let Some(copy) = doc.pointer(pick(&all, from)).cloned() else {
                return;
            };
            match (doc.pointer_mut(pick(&all, to)), key) {
                (Some(Value::Object(map)), Some(k)) => {
                    map.insert(k.clone(), copy);
                }
                (Some(node), _) => *node = copy,
                (None, _) => {}
            }
        }
        Mutation::Ref(at, target) => {
            let reference = match target {
                RefTarget::Node(i) => format!("#{}", pick(&all, i)),
                RefTarget::Component(n) => format!("#/components/schemas/{n}"),
                RefTarget::Raw(s) => s.clone(),
            };
            let schemas = schema_pointers(doc, &all);
            if let Some(node) = doc.pointer_mut(pick(&schemas, at)) {
                *node = serde_json::json!({ "$ref": reference });
            }
        }
        Mutation::Rename(at, which, new) => {
            if let Some(Value::Object(map)) = doc.pointer_mut(pick(&all, at)) {
                if map.is_empty() {
                    return;
                }
                let key = map.keys().nth(which.index(map.len())).cloned().unwrap();
                let v = map.remove(&key).unwrap();
                map.insert(new.clone(), v);
            }
        }
        Mutation::Nest(at, depth, kind) => {
            if let Some(node) = doc.pointer_mut(pick(&all, at)) {
                let mut v = node.take();
                for _ in 0..*depth {
                    v = match kind.index(5) {
                        0 => serde_json::json!({ "type": "object", "properties": { "a": v } }),
                        1 => serde_json::json!({ "allOf": [v] }),
                        2 => serde_json::json!({ "oneOf": [v, { "type": "string" }] }),
                        3 => serde_json::json!({ "type": "array", "items": v }),
                        _ => Value::Array(vec![v]),
                    };
                }
                *node = v;
            }
        }
    }
}

fn damage(text: String, d: &TextDamage) -> Vec<u8> {
    let mut bytes = text.into_bytes();
    match d {
        TextDamage::None => {}
        TextDamage::Truncate(i) => bytes.truncate(i.index(bytes.len() + 1)),
        TextDamage::Flip(i, b) => {
            if !bytes.is_empty() {
                let at = i.index(bytes.len());
                bytes[at] = *b;
            }
        }
    }
    bytes
}

thread_local! {
    static SEED_DOCS: Vec<Value> = seeds();
}

proptest! {
    // Cases from PROPTEST_CASES (default 256).
    // The failing input is printed; nothing is written next to the test.
    #![proptest_config(ProptestConfig { max_shrink_iters: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic(
        seed in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
        as_yaml in any::<bool>(),
        text in text_damage(),
    ) {
        let mut doc = SEED_DOCS.with(|s| s[seed.index(s.len())].clone());
        for m in &mutations {
            apply(&mut doc, m);
        }
        // JSON text is YAML too: the YAML reader gets the same documents.
        let bytes = damage(serde_json::to_string(&doc).unwrap(), &text);
        let name = if as_yaml { "fuzz.yaml" } else { "fuzz.json" };
        match seam_codegen::generate(&bytes, name, &Config::default()) {
            Ok(generated) => {
                prop_assert!(generated.diagnostics.iter().all(|d| d.severity == Severity::Warning));
                prop_assert!(generated.files.contains_key("types.rs"));
            }
            Err(diags) => prop_assert!(diags.has_errors(), "failed without an error: {diags}"),
        }
    }
}

#[test]
fn seeds_generate() {
    for (name, doc) in SEEDS.iter().zip(seeds()) {
        let text = serde_json::to_string(&doc).unwrap();
        let result = seam_codegen::generate(text.as_bytes(), "seed.json", &Config::default());
        assert!(
            result.is_ok(),
            "{name}: {}",
            result.err().map(|d| d.to_string()).unwrap_or_default()
        );
    }
}
