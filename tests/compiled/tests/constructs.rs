//! Behaviour of compiled construct fixtures (the emitted code of `tests/fixtures/constructs`).

use compiled_snapshots::enums::types::Awkward;

/// Every value of the fixture's `awkward` enum, read from the spec.
fn wire_values() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/constructs/enums.yaml"
    );
    let text = std::fs::read_to_string(path).expect("the fixture");
    let spec: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    spec["components"]["schemas"]["awkward"]["enum"]
        .as_sequence()
        .expect("an enum list")
        .iter()
        .map(|v| v.as_str().expect("string values").to_string())
        .collect()
}

#[test]
fn hostile_enum_values_decode_to_their_own_variant_and_encode_back_exactly() {
    let wire_values = wire_values();
    assert!(
        wire_values.iter().any(|w| w.contains('\t')),
        "the fixture has its hostile values"
    );
    assert_eq!(Awkward::KNOWN, wire_values);
    for wire in &wire_values {
        let json = serde_json::to_string(wire).expect("a string");
        let value: Awkward = serde_json::from_str(&json).expect("decodes");
        assert!(!value.is_unknown(), "{wire:?} decoded as {value:?}");
        assert_eq!(value.as_str(), wire.as_str());
        assert_eq!(serde_json::to_string(&value).expect("encodes"), json);
    }
    assert_eq!(
        serde_json::from_str::<Awkward>(r#""tab bed""#).expect("decodes"),
        Awkward::Unknown("tab bed".to_string()),
        "the doc text is cleaned, the value is not"
    );
    assert_eq!(Awkward::from("nul\0byte"), Awkward::NulByte);
    assert_eq!(Awkward::from("Unknown"), Awkward::Unknown2);
}
