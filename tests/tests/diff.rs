//! The change report between two specs (`cargo xtask diff`, and `cargo xtask codegen`
//! when the spec changed): every kind of change, each judged breaking or not, and
//! public names that stay put when only other locations change.

use codegen_tests::{repo_config, root};
use seam_codegen::diff::{compare, Item, What};

fn lower(path: &str) -> seam_codegen::ir::Api {
    let path = root().join("tests/fixtures").join(path);
    let bytes = std::fs::read(&path).unwrap();
    let name = path.file_name().unwrap().to_str().unwrap().to_string();
    seam_codegen::lower_spec(&bytes, &name, &repo_config())
        .unwrap()
        .0
}

/// (item, change, subject, breaking) of every change, in report order.
fn changes(old: &str, new: &str) -> Vec<(Item, What, String, bool)> {
    compare(&lower(old), &lower(new))
        .changes
        .into_iter()
        .map(|c| (c.item, c.change, c.subject, c.breaking))
        .collect()
}

#[test]
fn bug_report_22_names_and_judges_every_change() {
    let old = "bugreports/22-diff-breaking-changes.old.yaml";
    let new = "bugreports/22-diff-breaking-changes.new.yaml";
    let report = compare(&lower(old), &lower(new));
    insta::assert_snapshot!(report.text());
    let got = changes(old, new);
    let expected = [
        (Item::Operation, What::Removed, "/users/delete", true),
        (Item::Operation, What::Added, "/users/archive", false),
        (Item::Type, What::Removed, "UsersDeleteRequest", true),
        (Item::Type, What::Added, "UsersArchiveRequest", false),
        (Item::Field, What::Removed, "User.created_at", true),
        (Item::Field, What::Added, "User.email", false),
        (Item::Field, What::Added, "UsersGetRequest.org_id", true),
        (Item::Field, What::Retyped, "User.nickname", true),
        (Item::Field, What::Required, "UsersGetRequest.verbose", true),
        (
            Item::Field,
            What::Deprecated,
            "UsersGetRequest.legacy_mode",
            false,
        ),
        (Item::EnumValue, What::Removed, "UserStatus::pending", true),
    ];
    for (item, what, subject, breaking) in expected {
        assert!(
            got.contains(&(item, what, subject.to_string(), breaking)),
            "missing {item:?} {what:?} {subject} (breaking: {breaking}) in\n{}",
            report.text()
        );
    }
    assert_eq!(got.len(), expected.len(), "{}", report.text());
    assert_eq!((report.breaking, report.non_breaking), (7, 4));
    // The JSON form carries the same changes, and the pointer of each type added or removed.
    let json: serde_json::Value = serde_json::from_str(&report.json()).unwrap();
    let removed = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["subject"] == "UsersDeleteRequest")
        .unwrap();
    assert_eq!(
        removed["pointer"],
        "/paths/~1users~1delete/post/requestBody/content/application~1json/schema"
    );
    assert_eq!(removed["breaking"], true);
    assert_eq!(json["breaking"], 7);
}

#[test]
fn every_kind_of_change_in_a_small_pair() {
    let report = compare(&lower("diff/old.yaml"), &lower("diff/new.yaml"));
    insta::assert_snapshot!(report.text());
    let got = changes("diff/old.yaml", "diff/new.yaml");
    for (item, what, subject, breaking) in [
        (Item::Operation, What::Removed, "/things/delete", true),
        (Item::Operation, What::Added, "/things/fetch", false),
        (Item::Operation, What::Deprecated, "/things/get", false),
        (Item::Type, What::Removed, "Gone", true),
        (Item::Type, What::Added, "Fresh", false),
        (Item::Field, What::Added, "Thing.color", false),
        (Item::Field, What::Required, "Thing.name", true),
        (Item::EnumValue, What::Added, "ThingMode::c", false),
        (Item::EnumValue, What::Removed, "ThingMode::b", true),
        (Item::Variant, What::Added, "ThingErrorsItem::melted", false),
    ] {
        assert!(
            got.contains(&(item, what, subject.to_string(), breaking)),
            "missing {item:?} {what:?} {subject} in\n{}",
            report.text()
        );
    }
}

#[test]
fn identical_specs_have_no_changes() {
    let report = compare(&lower("diff/old.yaml"), &lower("diff/old.yaml"));
    assert!(report.changes.is_empty(), "{}", report.text());
    assert!(!report.is_breaking());
}

/// A public name disappears only when its location does: `lock.owner` goes away and
/// an unrelated `alarm` with the same shapes comes first in name order, yet every other
/// name, and what each refers to, stays.
#[test]
fn names_do_not_move_when_other_locations_share_their_shape() {
    let report = compare(
        &lower("diff/shared-old.yaml"),
        &lower("diff/shared-new.yaml"),
    );
    let removed: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.change == What::Removed)
        .map(|c| c.subject.as_str())
        .collect();
    assert_eq!(removed, ["LockOwner", "Lock.owner"], "{}", report.text());
    let breaking: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.breaking)
        .map(|c| c.subject.as_str())
        .collect();
    assert_eq!(breaking, ["LockOwner", "Lock.owner"], "{}", report.text());
    let new = lower("diff/shared-new.yaml");
    for name in [
        "LockErrorsItemOffline",
        "LockErrorsItemJammed",
        "ThermostatErrorsItemOffline",
        "ThermostatOwner",
    ] {
        assert!(new.types.contains_key(name), "{name} missing");
    }
}

/// Called as declared: operations are (method, path), and parameters are judged on
/// the wire: removed or newly required is breaking, a new optional one is not, a
/// changed serialization is reported.
#[test]
fn parameters_of_operations_called_as_declared() {
    let lower_default = |name: &str| {
        let path = root().join("tests/fixtures/diff").join(name);
        seam_codegen::lower_spec(
            &std::fs::read(&path).unwrap(),
            name,
            &seam_codegen::Config::default(),
        )
        .unwrap()
        .0
    };
    let report = compare(
        &lower_default("params-old.yaml"),
        &lower_default("params-new.yaml"),
    );
    insta::assert_snapshot!(report.text());
    let got: Vec<(Item, What, String, bool)> = report
        .changes
        .iter()
        .map(|c| (c.item, c.change, c.subject.clone(), c.breaking))
        .collect();
    for (item, what, subject, breaking) in [
        (Item::Operation, What::Removed, "DELETE /pets", true),
        (Item::Operation, What::Added, "POST /pets", false),
        (
            Item::Parameter,
            What::Removed,
            "GET /pets/{petId} header x-trace",
            true,
        ),
        (
            Item::Parameter,
            What::Required,
            "GET /pets/{petId} query verbose",
            true,
        ),
        (
            Item::Parameter,
            What::Added,
            "GET /pets/{petId} query locale",
            false,
        ),
        (
            Item::Parameter,
            What::Changed,
            "GET /pets/{petId} query fields",
            false,
        ),
    ] {
        assert!(
            got.contains(&(item, what, subject.to_string(), breaking)),
            "missing {item:?} {what:?} {subject} in\n{}",
            report.text()
        );
    }
}
