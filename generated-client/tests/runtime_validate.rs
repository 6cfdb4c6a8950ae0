//! Client-side validation helpers and the blanket `Validate` impls.

use std::collections::{BTreeMap, HashMap};

use seam_client::runtime::{join_path, Validate, ValidationError, Violation, Violations};

fn messages(v: &Violations) -> Vec<String> {
    v.as_slice().iter().map(|v| v.to_string()).collect()
}

#[test]
fn str_len_counts_characters_not_bytes() {
    let mut v = Violations::new();
    // 5 characters, 10 bytes.
    v.str_len("name", "ééééé", Some(1), Some(5));
    assert!(v.is_empty(), "{:?}", messages(&v));

    v.str_len("name", "ééééé!", Some(1), Some(5));
    v.str_len("code", "", Some(1), None);
    v.str_len("free", "anything", None, None);
    assert_eq!(
        messages(&v),
        [
            "name: must be at most 5 characters long, got 6",
            "code: must be at least 1 character long, got 0",
        ]
    );
}

#[test]
fn number_bounds_inclusive_and_exclusive() {
    let mut v = Violations::new();
    v.number("a", 0.0, Some(0.0), Some(10.0), false, false);
    v.number("a", 10.0, Some(0.0), Some(10.0), false, false);
    v.number("b", 5.5, Some(5.0), Some(6.0), true, true);
    assert!(v.is_empty(), "{:?}", messages(&v));

    v.number("c", -1.0, Some(0.0), None, false, false);
    v.number("d", 11.0, None, Some(10.0), false, false);
    v.number("e", 5.0, Some(5.0), None, true, false);
    v.number("f", 6.0, None, Some(6.0), false, true);
    v.number("g", f64::NAN, Some(0.0), None, false, false);
    v.number("h", f64::NAN, None, None, false, false);
    assert_eq!(
        messages(&v),
        [
            "c: must be at least 0, got -1",
            "d: must be at most 10, got 11",
            "e: must be greater than 5, got 5",
            "f: must be less than 6, got 6",
            "g: must be a number, got NaN",
        ]
    );
}

#[test]
fn items_bounds() {
    let mut v = Violations::new();
    v.items("ids", 3, Some(1), Some(3));
    assert!(v.is_empty());
    v.items("ids", 0, Some(1), Some(3));
    v.items("ids", 4, Some(1), Some(3));
    assert_eq!(
        messages(&v),
        [
            "ids: at least 1 item required, got 0",
            "ids: at most 3 items allowed, got 4",
        ]
    );
}

#[test]
fn pattern_matches_unanchored_and_invalid_pattern_is_a_violation() {
    let mut v = Violations::new();
    v.pattern("code", "1234", r"^\d{4}$");
    v.pattern("code", "x-12-y", r"\d+"); // JSON Schema patterns are unanchored
    assert!(v.is_empty(), "{:?}", messages(&v));
    // Same pattern again: served from the cache, same answer.
    v.pattern("code", "12a4", r"^\d{4}$");
    v.pattern("code", "12a4", r"^\d{4}$");
    assert_eq!(v.len(), 2);
    assert_eq!(v.as_slice()[0].message, r"must match the pattern `^\d{4}$`");

    let mut v = Violations::new();
    v.pattern("weird", "abc", "(unclosed");
    assert_eq!(v.len(), 1);
    assert_eq!(v.as_slice()[0].field, "weird");
    assert!(v.as_slice()[0].message.contains("(unclosed"));
}

#[test]
fn map_limits_keys_and_key_length() {
    let mut meta = BTreeMap::new();
    for i in 0..51 {
        meta.insert(format!("key{i}"), i);
    }
    meta.insert("k".repeat(41), 0);
    let mut v = Violations::new();
    v.map(
        "custom_metadata",
        meta.len(),
        Some(50),
        meta.keys().map(String::as_str),
        Some(40),
    );
    let msgs = messages(&v);
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert_eq!(msgs[0], "custom_metadata: at most 50 keys allowed, got 52");
    assert!(
        msgs[1].starts_with("custom_metadata: key \"kkkk")
            && msgs[1].ends_with("must be at most 40 characters long, got 41"),
        "{}",
        msgs[1]
    );

    let mut v = Violations::new();
    v.map("m", 2, Some(50), ["a", "b"].into_iter(), Some(40));
    v.map("m", 200, None, ["x".repeat(100).as_str()].into_iter(), None);
    assert!(v.is_empty());
}

#[test]
fn join_path_rules() {
    assert_eq!(join_path("", "a"), "a");
    assert_eq!(join_path("a", "b"), "a.b");
    assert_eq!(join_path("a.b", "c"), "a.b.c");
}

/// A hand-written impl in the shape the generator emits.
struct Member {
    name: String,
    tags: Vec<String>,
}

impl Validate for Member {
    fn validate_at(&self, path: &str, v: &mut Violations) {
        v.str_len(&join_path(path, "name"), &self.name, Some(1), Some(3));
        v.items(&join_path(path, "tags"), self.tags.len(), None, Some(1));
        self.tags.validate_at(&join_path(path, "tags"), v);
    }
}

struct Request {
    owner: Option<Member>,
    members: Vec<Member>,
    by_key: BTreeMap<String, Member>,
    boxed: Box<Member>,
}

impl Validate for Request {
    fn validate_at(&self, path: &str, v: &mut Violations) {
        self.owner.validate_at(&join_path(path, "owner"), v);
        self.members.validate_at(&join_path(path, "members"), v);
        self.by_key.validate_at(&join_path(path, "by_key"), v);
        self.boxed.validate_at(&join_path(path, "boxed"), v);
    }
}

fn member(name: &str) -> Member {
    Member {
        name: name.into(),
        tags: vec![],
    }
}

#[test]
fn nested_paths_through_blanket_impls() {
    let ok = Request {
        owner: None,
        members: vec![member("a")],
        by_key: BTreeMap::new(),
        boxed: Box::new(member("b")),
    };
    assert!(ok.validate().is_ok());

    let bad = Request {
        owner: Some(member("toolong")),
        members: vec![member("a"), member("b"), member("")],
        by_key: BTreeMap::from([("front".to_owned(), member("long"))]),
        boxed: Box::new(Member {
            name: "b".into(),
            tags: vec!["x".into(), "y".into()],
        }),
    };
    let err: ValidationError = bad.validate().unwrap_err();
    let fields: Vec<&str> = err.violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "owner.name",
            "members[2].name",
            "by_key.front.name",
            "boxed.tags"
        ]
    );
    let text = err.to_string();
    for v in &err.violations {
        assert!(text.contains(&v.to_string()), "{text}");
    }
    assert!(text.contains("owner.name: must be at most 3 characters long, got 7"));
}

#[test]
fn leaf_types_have_no_constraints() {
    fn check<T: Validate>(value: T) {
        assert!(value.validate().is_ok());
    }
    check(String::from("x"));
    check(true);
    check(1i64);
    check(1.5f64);
    check(uuid::Uuid::nil());
    check(chrono::Utc::now());
    check(serde_json::json!({"a": [1]}));
    check(Some(vec![1i64]));
    check(HashMap::from([("k".to_owned(), 1i64)]));
}

#[test]
fn validation_error_display_lists_every_violation() {
    let err = ValidationError {
        violations: vec![
            Violation {
                field: "custom_metadata".into(),
                message: "at most 50 keys allowed, got 51".into(),
            },
            Violation {
                field: "name".into(),
                message: "must be at least 1 character long, got 0".into(),
            },
        ],
    };
    let text = err.to_string();
    assert!(
        text.contains("custom_metadata: at most 50 keys allowed, got 51"),
        "{text}"
    );
    assert!(
        text.contains("name: must be at least 1 character long, got 0"),
        "{text}"
    );

    let mut v = Violations::new();
    v.push("x", "custom problem".into());
    let err = v.into_result().unwrap_err();
    assert_eq!(err.violations[0].to_string(), "x: custom problem");
    assert!(Violations::new().into_result().is_ok());
}
