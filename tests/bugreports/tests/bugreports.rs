//! Every case in `tests/fixtures/bugreports/` (see its README): each document decodes
//! into the type and variant the case names, with typed fields, and re-encodes to the
//! same JSON.

use codegen_bugreports::cases::*;
use serde_json::{json, Value};

fn document(name: &str) -> Value {
    let path = format!(
        "{}/../fixtures/bugreports/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Decode, re-encode, and check nothing was lost or changed.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(input: Value) -> T {
    let value: T = serde_path_to_error::deserialize(&input)
        .unwrap_or_else(|e| panic!("{input}: {} at {}", e.inner(), e.path()));
    assert_eq!(
        serde_json::to_value(&value).unwrap(),
        input,
        "did not survive a round trip"
    );
    value
}

#[test]
fn case_03_tag_values_come_from_the_discriminator_mapping() {
    use case_03_discriminator_mapping_only::types::Shape;
    let square: Shape = round_trip(document("03-discriminator-mapping-only.doc.json"));
    let Shape::Square(s) = &square else {
        panic!("decoded as {square:?}")
    };
    assert_eq!(s.size.as_i64(), Some(4));
    let circle: Shape = round_trip(document("03-discriminator-mapping-only.circle.doc.json"));
    let Shape::Circle(c) = &circle else {
        panic!("decoded as {circle:?}")
    };
    assert_eq!(c.size.as_i64(), Some(2));
    let other: Shape = round_trip(json!({"type": "triangle", "size": 3}));
    assert!(other.is_unknown(), "{other:?}");
}

#[test]
fn case_07_integer_formats_wider_than_i64() {
    use case_07_uint64_format::types::VolumeInfo;
    let info: VolumeInfo = round_trip(document("07-uint64-format.doc.json"));
    let size: u64 = info.size_bytes;
    assert_eq!(size, u64::MAX);
    assert_eq!(info.counter, i64::MIN);
    let small: Option<i32> = info.small;
    assert_eq!(small, Some(7));
}

#[test]
fn case_09_read_only_and_write_only_required_properties() {
    use case_09_writeonly_required::types::{Account, AccountsCreateResponse};
    let response: AccountsCreateResponse = round_trip(document("09-writeonly-required.doc.json"));
    assert_eq!(response.account.account_id.as_deref(), Some("a1"));
    assert_eq!(response.account.name, "front desk");
    assert_eq!(response.account.password, None);
    // A request is built and sent without the read-only id.
    let mut request = Account::new("front desk");
    request.password = Some("placeholder-secret".into());
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        document("09-writeonly-required.request.doc.json")
    );
}

#[test]
fn case_17_one_member_all_of_around_a_reference_is_that_type() {
    use case_17_allof_wrapped_enum_ref::types::{CategoryEnum, Product};
    let product: Product = round_trip(document("17-allof-wrapped-enum-ref.doc.json"));
    assert_eq!(product.category, CategoryEnum::Shoes);
    assert_eq!(product.previous_category, Some(None));
    assert_eq!(product.suggested_category, Some(Some(CategoryEnum::Gloves)));
    let weight: Option<Option<i32>> = product.weight;
    assert_eq!(weight, Some(Some(250)));
}

#[test]
fn case_19_union_told_apart_by_enum_values() {
    use case_19_union_told_apart_by_enum_values::types::{Lock, LockCodeRulesItem};
    let lock: Lock = round_trip(document("19-union-told-apart-by-enum-values.doc.json"));
    let LockCodeRulesItem::RuleType(first) = &lock.code_rules[0] else {
        panic!("{:?}", lock.code_rules[0])
    };
    assert_eq!(first.rule_type.as_str(), "no_zeros");
    let LockCodeRulesItem::RuleType2(second) = &lock.code_rules[1] else {
        panic!("{:?}", lock.code_rules[1])
    };
    assert_eq!(second.rule_type.as_str(), "name_length");
    assert_eq!(second.min_length.as_ref().and_then(|n| n.as_i64()), Some(1));
    assert_eq!(
        second.max_length.as_ref().and_then(|n| n.as_i64()),
        Some(20)
    );
    assert!(second.extra.is_empty(), "{:?}", second.extra);
    let unknown: LockCodeRulesItem = round_trip(json!({"rule_type": "digits_only"}));
    assert!(unknown.is_unknown(), "{unknown:?}");
}

#[test]
fn case_40_all_of_inheritance_with_the_discriminator_on_the_parent() {
    use case_40_allof_inheritance_discriminator::types::{CatHuntingSkill, Garage, Pet, Vehicle};
    let garage: Garage = round_trip(document("40-allof-inheritance-discriminator.doc.json"));
    let Pet::Cat(cat) = &garage.pets[0] else {
        panic!("{:?}", garage.pets[0])
    };
    assert_eq!(
        (cat.name.as_str(), &cat.hunting_skill),
        ("Tom", &CatHuntingSkill::Lazy)
    );
    let Pet::Dog(dog) = &garage.pets[1] else {
        panic!("{:?}", garage.pets[1])
    };
    assert_eq!((dog.name.as_str(), dog.pack_size), ("Rex", Some(3)));
    assert!(
        matches!(&garage.pets[2], Pet::Unknown(v) if v["fins"] == 2),
        "{:?}",
        garage.pets[2]
    );
    let Vehicle::Car(car) = &garage.vehicles[0] else {
        panic!("{:?}", garage.vehicles[0])
    };
    assert_eq!((car.wheels, car.seats), (Some(4), Some(5)));
    // Two mapping keys name the same subtype.
    let Vehicle::Truck(lorry) = &garage.vehicles[1] else {
        panic!("{:?}", garage.vehicles[1])
    };
    assert_eq!(lorry.payload_kg.as_ref().map(|n| n.as_f64()), Some(1200.5));
    assert!(
        matches!(&garage.vehicles[2], Vehicle::Truck(t) if t.kind == "pickup"),
        "{:?}",
        garage.vehicles[2]
    );
    // A subtype referenced directly is the subtype, with the parent's fields.
    assert_eq!(
        garage.favourite_cat.as_ref().map(|c| c.pet_type.as_str()),
        Some("Cat")
    );
}

#[test]
fn case_41_nested_tag_tells_apart_alternatives_with_the_same_outer_tag() {
    use case_41_nested_tag::types::{Feed, Notification};
    let feed: Feed = round_trip(document("41-nested-tag.doc.json"));
    let Notification::KindAndChange2(deleted) = &feed.items[0] else {
        panic!("{:?}", feed.items[0])
    };
    assert_eq!(deleted.change.deleted_reason.as_deref(), Some("expired"));
    let Notification::KindAndChange(created) = &feed.items[1] else {
        panic!("{:?}", feed.items[1])
    };
    assert_eq!(created.change.created_by.as_deref(), Some("u1"));
    assert!(feed.items[2].is_unknown(), "{:?}", feed.items[2]);
}

#[test]
fn case_42_json_types_and_disjoint_required_properties() {
    use case_42_union_by_json_type_and_required::types::{Recipient, Setting, Settings};
    let settings: Settings = round_trip(document("42-union-by-json-type-and-required.doc.json"));
    let v = &settings.values;
    assert!(
        matches!(&v[0], Setting::String(s) if s == "on"),
        "{:?}",
        v[0]
    );
    assert!(matches!(v[1], Setting::Integer(7)), "{:?}", v[1]);
    assert!(
        matches!(&v[2], Setting::Number(n) if n.as_f64() == 2.5),
        "{:?}",
        v[2]
    );
    assert!(matches!(v[3], Setting::Boolean(true)), "{:?}", v[3]);
    assert!(
        matches!(&v[4], Setting::Array(a) if a == &["a", "b"]),
        "{:?}",
        v[4]
    );
    assert!(
        matches!(&v[5], Setting::Range(r) if (r.low, r.high) == (1, 9)),
        "{:?}",
        v[5]
    );
    assert!(matches!(&v[6], Setting::Unknown(Value::Null)), "{:?}", v[6]);
    // An integer too wide for the `int32` alternative is still a number.
    let wide: Setting = round_trip(json!(3_000_000_000_i64));
    assert!(
        matches!(&wide, Setting::Number(n) if n.as_i64() == Some(3_000_000_000)),
        "{wide:?}"
    );
    let r = &settings.recipients;
    assert!(
        matches!(&r[0], Recipient::Email(e) if e.email == "a@example.com" && e.note.as_deref() == Some("cc")),
        "{:?}",
        r[0]
    );
    assert!(
        matches!(&r[1], Recipient::UserId(u) if u.user_id == "u7"),
        "{:?}",
        r[1]
    );
    assert!(r[2].is_unknown(), "{:?}", r[2]);
}

#[test]
fn case_43_any_of_required_lists_keep_the_typed_struct() {
    use case_43_anyof_required_beside_properties::types::Contact;
    let contact: Contact = round_trip(document("43-anyof-required-beside-properties.doc.json"));
    assert_eq!(contact.phone.as_deref(), Some("+15550100"));
    assert_eq!(contact.label.as_deref(), Some("desk"));
    assert_eq!(contact.email, None);
    assert!(contact.extra.is_empty(), "{:?}", contact.extra);
}

#[test]
fn case_44_every_integer_format_has_its_rust_integer() {
    use case_44_integer_formats::types::Counters;
    let c: Counters = round_trip(document("44-integer-formats.doc.json"));
    let typed: (i8, i16, u8, u16, u32, i64, i64) = (c.a, c.b, c.c, c.d, c.e, c.f, c.g);
    assert_eq!(
        typed,
        (
            i8::MIN,
            i16::MAX,
            u8::MAX,
            u16::MAX,
            u32::MAX,
            -9_007_199_254_740_993,
            i64::MAX
        )
    );
    // Out of range for the format: a decode error, not a wrapped value.
    let mut too_big = document("44-integer-formats.doc.json");
    too_big["c"] = json!(256);
    assert!(serde_json::from_value::<Counters>(too_big).is_err());
}

#[test]
fn case_45_discriminator_mapping_over_all_of_children() {
    use case_45_discriminator_over_allof_children::types::{Ledger, Payment};
    let ledger: Ledger = round_trip(document("45-discriminator-over-allof-children.doc.json"));
    let p = &ledger.payments;
    assert!(
        matches!(&p[0], Payment::BankPayment(b) if b.iban.starts_with("DE") && b.amount == 100),
        "{:?}",
        p[0]
    );
    assert!(
        matches!(&p[1], Payment::CardPayment(c) if c.last4 == "4242" && c.amount == 250),
        "{:?}",
        p[1]
    );
    assert!(
        matches!(&p[2], Payment::BankPayment(b) if b.method == "ach"),
        "{:?}",
        p[2]
    );
    assert!(
        matches!(&p[3], Payment::Unknown(v) if v["wallet"] == "0xabc"),
        "{:?}",
        p[3]
    );
}

#[test]
fn case_46_components_that_allow_null_are_nullable_wherever_they_are_referenced() {
    use case_46_nullable_component::types::{Device, Mode};
    let device: Device = round_trip(document("46-nullable-component.doc.json"));
    assert_eq!(*device.mode, None, "required, null");
    assert_eq!(
        *device.owner, None,
        "required, null, through an alias of the component"
    );
    assert_eq!(device.previous_mode, Some(None), "optional, sent as null");
    assert_eq!(device.note, Some(None), "a nullable string component");
    assert_eq!(*device.modes, [Some(Mode::Heat), None, Some(Mode::Cool)]);
    let sites = device.owners_by_site.as_ref().expect("sent");
    assert_eq!(sites["a"].as_ref().map(|o| o.login.as_str()), Some("jo"));
    assert_eq!(sites["b"], None);
    let set: Device = round_trip(json!({"mode": "cool", "owner": {"login": "al"}, "modes": []}));
    assert_eq!(*set.mode, Some(Mode::Cool));
    assert_eq!(set.owner.as_ref().map(|o| o.login.as_str()), Some("al"));
    assert_eq!(set.previous_mode, None, "absent");
}

#[test]
fn case_47_a_discriminated_union_inside_another_union_keeps_its_mapping() {
    use case_47_discriminated_union_inside_union::types::{Entry, Ledger};
    let ledger: Ledger = round_trip(document("47-discriminated-union-inside-union.doc.json"));
    let e = &ledger.entries;
    assert!(
        matches!(&e[0], Entry::Bank(b) if b.iban.as_deref() == Some("DE89")),
        "sepa is Bank: {:?}",
        e[0]
    );
    assert!(
        matches!(&e[1], Entry::Card(c) if c.last4.as_deref() == Some("0005")),
        "amex is Card: {:?}",
        e[1]
    );
    assert!(
        matches!(&e[2], Entry::KindAndMemo(n) if n.memo == "hello"),
        "{:?}",
        e[2]
    );
    assert!(
        matches!(&e[3], Entry::Unknown(v) if v["kind"] == "cheque"),
        "a value the mapping does not list is no alternative: {:?}",
        e[3]
    );
}

#[test]
fn case_48_a_discriminator_over_one_alternative_still_checks_its_values() {
    use case_48_one_alternative_discriminator::types::{Inbox, Message};
    let inbox: Inbox = round_trip(document("48-one-alternative-discriminator.doc.json"));
    let m = &inbox.messages;
    assert!(
        matches!(&m[0], Message::Legacy(l) if l.payload.as_deref() == Some("x")),
        "{:?}",
        m[0]
    );
    assert!(
        matches!(&m[1], Message::Unknown(v) if v["version"] == "v3"),
        "v3 is not mapped: {:?}",
        m[1]
    );
}

#[test]
fn case_49_all_of_of_scalars_is_the_scalar_not_an_object() {
    use case_49_allof_of_scalars::types::{Order, OrderPlan};
    let order: Order = round_trip(document("49-allof-of-scalars.doc.json"));
    assert_eq!(order.plan, OrderPlan::Team);
    assert_eq!(
        OrderPlan::KNOWN,
        ["team", "business"],
        "the values both members allow"
    );
    let seats: i32 = order.seats;
    assert_eq!(seats, 5);
    assert_eq!(order.code.as_deref(), Some("AB12"));
    let placed: &codegen_bugreports::runtime::Timestamp = order.placed_at.as_ref().expect("sent");
    assert_eq!(
        placed.to_utc().to_rfc3339(),
        "2024-02-01T12:30:00+00:00",
        "a member's date-time format is kept"
    );
    let id: &codegen_bugreports::runtime::Id = order.ref_id.as_ref().expect("sent");
    assert!(id.as_uuid().is_some(), "a member's uuid format is kept");
    let other: Order = round_trip(json!({"plan": "free", "seats": 1}));
    assert_eq!(other.plan, OrderPlan::Unknown("free".to_string()));
}

#[test]
fn case_50_a_tagged_union_merged_through_all_of_decodes_in_its_flattened_field() {
    use case_50_tagged_union_in_allof::types::{Ledger, MaybeMethod, Method};
    let ledger: Ledger = round_trip(document("50-tagged-union-in-allof.doc.json"));
    let p = &ledger.payments;
    assert_eq!(p[0].id, "p1");
    assert!(
        matches!(&p[0].variant, Method::Bank(b) if b.iban == "DE89"),
        "{:?}",
        p[0]
    );
    assert!(
        matches!(&p[1].variant, Method::Card(c) if c.last4 == "4242"),
        "{:?}",
        p[1]
    );
    let r = &ledger.refunds[0];
    assert!(
        matches!(&r.variant, Some(MaybeMethod::Card(c)) if c.last4 == "0005"),
        "a nullable union in a flattened field is not lost: {r:?}"
    );
}

#[test]
fn case_51_scalars_behind_all_of_are_told_apart_as_scalars() {
    use case_51_scalar_wrappers_in_unions::types::{Account, Content, Limit, Plan};
    let account: Account = round_trip(document("51-scalar-wrappers-in-unions.doc.json"));
    let l = &account.limits;
    assert_eq!(
        l[0],
        Limit::PlanRef(Plan::Team),
        "a one-member allOf of a string enum"
    );
    assert_eq!(l[1], Limit::Boolean(true));
    let seats: i64 = match &l[2] {
        Limit::Seats(n) => *n,
        other => panic!("an allOf of integer and number is an integer: {other:?}"),
    };
    assert_eq!(seats, 5);
    assert_eq!(
        l[3],
        Limit::PlanRef(Plan::Unknown("gold".to_string())),
        "the only string alternative, with a value this client does not know"
    );
    assert_eq!(
        account.tier,
        Plan::Free,
        "allOf [$ref Plan, {{description}}] is Plan"
    );
    let c = &account.contents;
    assert!(
        matches!(&c[0], Content::Listing(names) if names == &["a.txt", "b.txt"]),
        "an array alternative under a discriminator is chosen by its JSON type: {:?}",
        c[0]
    );
    assert!(
        matches!(&c[1], Content::File(f) if f.name == "c.txt"),
        "{:?}",
        c[1]
    );
    assert!(
        matches!(&c[2], Content::Unknown(v) if v["type"] == "dir"),
        "{:?}",
        c[2]
    );
}
