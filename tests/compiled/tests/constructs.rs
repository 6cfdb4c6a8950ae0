//! Behaviour of compiled construct fixtures (the emitted code of `tests/fixtures/constructs`).

use compiled_snapshots::enums::types::Awkward;

/// Every value of the fixture's `awkward` enum, as the spec lists it.
const WIRE: [&str; 12] = [
    "string",
    "string[]",
    "=",
    "1d",
    "1hour",
    "unknown",
    "Unknown",
    "type",
    "tab\tbed",
    "nul\0byte",
    "rtl\u{202E}over",
    "back`tick */",
];

#[test]
fn hostile_enum_values_decode_to_their_own_variant_and_encode_back_exactly() {
    assert_eq!(Awkward::KNOWN, WIRE);
    for wire in WIRE {
        let json = serde_json::to_string(wire).expect("a string");
        let value: Awkward = serde_json::from_str(&json).expect("decodes");
        assert!(!value.is_unknown(), "{wire:?} decoded as {value:?}");
        assert_eq!(value.as_str(), wire);
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
