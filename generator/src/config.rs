//! The codegen config: facts the spec states only in prose (`spec/codegen.yaml`).
//!
//! Everything here is applied by rule (a property name, a path), never by a schema
//! name hard-coded in the generator.

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The whole config file. Every section is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Extra limits on map-valued (additionalProperties) object properties, matched by property name.
    #[serde(default)]
    pub map_limits: Vec<MapLimit>,
    /// How to wait for asynchronous "action attempts", if the API has them.
    #[serde(default)]
    pub action_attempts: Option<ActionAttemptConfig>,
    /// How paginated list operations are recognised.
    #[serde(default)]
    pub pagination: Option<PaginationConfig>,
    /// The API's response envelope, if it has one.
    #[serde(default)]
    pub responses: Option<ResponseConfig>,
}

/// How responses wrap the resource: properties that are part of the envelope (not
/// returned to the caller), and an operation extension naming the key to unwrap.
/// Without an extension (or where it is null), a body with one non-envelope
/// property returns that property.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseConfig {
    #[serde(default)]
    pub envelope_properties: Vec<String>,
    #[serde(default)]
    pub key_extension: Option<String>,
}

/// A limit applied to every map-valued property with this name, wherever it appears.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MapLimit {
    pub property: String,
    #[serde(default)]
    pub max_properties: Option<u64>,
    #[serde(default)]
    pub max_key_length: Option<u64>,
    /// Only apply to request-side types (the default), or also to responses.
    #[serde(default = "default_true")]
    pub requests_only: bool,
}

fn default_true() -> bool {
    true
}

/// Operations marked with `marker_extension` return an attempt that is polled on `poll_path`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActionAttemptConfig {
    /// Operation extension that marks such operations (e.g. `x-action-attempt-type`).
    pub marker_extension: String,
    /// The path polled for the attempt's state.
    pub poll_path: String,
    /// Request field of the poll operation that carries the id, also the id field of the attempt.
    pub id_field: String,
    /// Field of the attempt holding its state, and the values meaning pending / success / error.
    pub status_field: String,
    pub pending: String,
    pub success: String,
    pub error: String,
}

/// A list operation is paginated when its response has `response_property` and its
/// request has `cursor_field`; the page object has these two fields.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationConfig {
    pub response_property: String,
    pub cursor_field: String,
    pub next_cursor_field: String,
    pub has_next_field: String,
}

impl Config {
    /// Parse a YAML config; errors carry the line and column.
    pub fn from_yaml(text: &str) -> Result<Self, Diagnostics> {
        serde_yaml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::error("", format!("invalid codegen config: {e}"));
            if let Some(loc) = e.location() {
                d = d.at_line(loc.line(), loc.column());
            }
            Diagnostics(vec![d])
        })
    }
}
