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
    /// How endpoints are called: as declared (the default), or Seam's one POST per path.
    #[serde(default)]
    pub calls: CallStyle,
    /// The client's name, environment variables, credentials and error shape.
    #[serde(default)]
    pub client: ClientConfig,
}

/// How the generated client presents itself. Every key has a default derived from the spec.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// Name of the client type (default: the spec's title + `Client`).
    #[serde(default)]
    pub name: Option<String>,
    /// `User-Agent` prefix, before `/<version>` (default: the client name in kebab-case).
    #[serde(default)]
    pub user_agent: Option<String>,
    /// Environment variable holding the main credential, for `from_env` (default: none).
    #[serde(default)]
    pub credential_env: Option<String>,
    /// Credential method the main credential is given to (default: the first one).
    #[serde(default)]
    pub credential_method: Option<String>,
    /// Environment variable overriding the base URL (default: none).
    #[serde(default)]
    pub base_url_env: Option<String>,
    /// Response header carrying the request id, kept in errors.
    #[serde(default)]
    pub request_id_header: Option<String>,
    /// Whether building a client without credentials is an error (default: when the spec
    /// requires security for every operation).
    #[serde(default)]
    pub auth_required: Option<bool>,
    /// Where error bodies keep their type and message (default: none; errors keep a body excerpt).
    #[serde(default)]
    pub error_shape: Option<ErrorShapeConfig>,
    /// Builder methods that set credentials, each filling one or more security schemes
    /// (default: one method per security scheme, named after it).
    #[serde(default)]
    pub credentials: Vec<CredentialConfig>,
}

/// `{<object>: {<type_field>, <message_field>, <details_field>}}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorShapeConfig {
    pub object: String,
    pub type_field: String,
    pub message_field: String,
    pub invalid_input_type: String,
    pub details_field: String,
    pub not_found_suffix: String,
}

/// A builder method that sets the credentials of several schemes at once.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialConfig {
    pub method: String,
    #[serde(default)]
    pub doc: Option<String>,
    /// Security scheme names (keys of `components.securitySchemes`).
    pub schemes: Vec<String>,
    /// The method's argument filling each scheme (the same name twice: one value for both).
    pub args: Vec<String>,
}

/// How the client calls the API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallStyle {
    /// One method per operation (path and method), with its parameters and body as declared.
    #[default]
    AsDeclared,
    /// One method per path, always sent as `POST` with the request as a JSON body (the
    /// path's other methods are the same endpoint); parameters are fields of that body.
    PostJsonPerPath,
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
