//! Loading: bytes → JSON value → `openapiv3::OpenAPI`, with spec-level checks.
//!
//! Every failure is a diagnostic: text errors carry line and column, structural
//! errors carry the JSON pointer of the node that did not fit.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::{raw, shape};

/// The input format, chosen by file extension (`.yaml`/`.yml` → YAML, anything else JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    pub fn from_file_name(name: &str) -> Self {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Format::Yaml
        } else {
            Format::Json
        }
    }
}

/// A parsed document: the raw JSON tree (kept for pointers and extension lookups) and the typed spec.
pub struct Document {
    pub raw: Value,
    pub spec: OpenAPI,
    /// What loading noticed but could go past (repeated keys).
    pub warnings: Diagnostics,
}

/// Parse and check a spec.
pub fn load(bytes: &[u8], format: Format) -> Result<Document, Diagnostics> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(single(Diagnostic::error(
            "",
            "input is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8",
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(bytes.get(..e.valid_up_to()).unwrap_or_default());
        single(
            Diagnostic::error(
                "",
                format!(
                    "input is not valid UTF-8 (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            )
            .at_line(line, column),
        )
    })?;
    // A UTF-8 byte order mark is not part of the document.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(single(Diagnostic::error(
            "",
            "input is empty: expected an OpenAPI 3.0 document",
        )));
    }
    if format == Format::Yaml
        && text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(single(Diagnostic::error(
            "",
            "input has only comments: expected an OpenAPI 3.0 document",
        )));
    }
    let mut cx = raw::Context::default();
    let loaded = match format {
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            raw::load(&mut de, &mut cx)
                .and_then(|loaded| de.end().map(|()| loaded))
                .map_err(|e| {
                    // serde_json counts columns from 0 at the start of a line.
                    let at = cx.error_pointer.take().unwrap_or_default();
                    single(
                        Diagnostic::error(
                            at,
                            format!(
                                "invalid JSON: {}",
                                without_location(e.to_string(), e.line(), e.column())
                            ),
                        )
                        .at_line(e.line(), e.column().max(1)),
                    )
                })?
        }
        Format::Yaml => {
            raw::load(serde_yaml::Deserializer::from_str(text), &mut cx).map_err(|e| {
                let at = cx.error_pointer.take().unwrap_or_default();
                let mut message = e.to_string();
                if message.contains("repetition limit exceeded") {
                    message.push_str(" (its aliases expand to a document too large to load)");
                }
                let mut d = Diagnostic::error(at, format!("invalid YAML: {message}"));
                if let Some(loc) = e.location() {
                    d = Diagnostic::error(
                        d.pointer,
                        format!(
                            "invalid YAML: {}",
                            without_location(message, loc.line(), loc.column())
                        ),
                    )
                    .at_line(loc.line(), loc.column());
                }
                single(d)
            })?
        }
    };
    let raw = loaded.value;
    let mut warnings = Diagnostics::default();
    for pointer in loaded.duplicates {
        warnings.warning(
            &pointer,
            "this key appears more than once in its object; only the last value is used",
        );
    }
    let with_warnings = |mut errors: Diagnostics| {
        errors.0.extend(warnings.0.iter().cloned());
        errors.normalized()
    };
    check_shape(&raw).map_err(with_warnings)?;
    shape::check_schemas(&raw).map_err(with_warnings)?;
    let typed = on_large_stack(|| {
        serde_path_to_error::deserialize::<_, OpenAPI>(&raw).map_err(|e| {
            shape::locate(&raw).unwrap_or_else(|| {
                let pointer = shape::join("", e.path());
                Diagnostic::error(
                    pointer,
                    format!("does not match the OpenAPI 3.0 schema: {}", e.inner()),
                )
            })
        })
    })?;
    let spec = typed.map_err(|d| with_warnings(single(d)))?;
    Ok(Document {
        raw,
        spec,
        warnings,
    })
}

/// Run `f` on a thread with a 256 MiB stack (address space, used only as needed).
/// `openapiv3`'s parse recurses deeply (some 45 KB of stack per nested schema or
/// callback in a debug build, and the parsers allow 128 levels of nesting), and so
/// does lowering (schema nesting times nested merges): enough stack for those bounds,
/// whatever the caller's thread has. A panic in `f` is re-raised as it was. Already on
/// such a thread, `f` just runs.
pub(crate) fn on_large_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Result<T, Diagnostics> {
    const NAME: &str = "seam-codegen";
    if std::thread::current().name() == Some(NAME) {
        return Ok(f());
    }
    std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .name(NAME.into())
            .stack_size(256 << 20)
            .spawn_scoped(scope, f)
        {
            Ok(handle) => Ok(handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))),
            Err(e) => Err(single(Diagnostic::error(
                "",
                format!("cannot start the generator thread: {e}"),
            ))),
        }
    })
}

/// A parser message without its trailing " at line L column C" when that is the error's
/// own location (the diagnostic carries it, 1-based; serde_json counts columns from 0).
fn without_location(mut message: String, line: usize, column: usize) -> String {
    let suffix = format!(" at line {line} column {column}");
    if message.ends_with(&suffix) {
        message.truncate(message.len() - suffix.len());
    }
    message
}

fn single(d: Diagnostic) -> Diagnostics {
    Diagnostics(vec![d])
}

fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|b| **b == b'\n').count() + 1;
    let column = prefix.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

/// Version and top-level checks, all reported together.
fn check_shape(raw: &Value) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(obj) = raw.as_object() else {
        let kind = json_kind(raw);
        return Err(single(Diagnostic::error(
            "",
            format!("expected an OpenAPI document (a JSON object), found {kind}"),
        )));
    };
    if let Some(v) = obj.get("swagger") {
        diags.error(
            "/swagger",
            format!(
                "Swagger {} documents are not supported: convert to OpenAPI 3.0 first",
                display_scalar(v)
            ),
        );
        return Err(diags);
    }
    match obj.get("openapi") {
        None => diags.error("", "missing required field `openapi` (expected \"3.0.x\")"),
        Some(Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => {}
        Some(Value::String(v)) if v.starts_with("3.1") => diags.error("/openapi", format!("OpenAPI {v} is not supported: only 3.0.x is (3.1 changes nullable, type arrays and $ref semantics)")),
        Some(Value::Number(n)) => diags.error("/openapi", format!("`openapi` must be a string such as \"3.0.3\", found the number {n} (in YAML, quote it: openapi: \"3.0.3\")")),
        Some(Value::String(v)) => diags.error("/openapi", format!("unsupported OpenAPI version \"{v}\": only 3.0.x is supported")),
        Some(v) => diags.error("/openapi", format!("`openapi` must be a string such as \"3.0.3\", found {}", json_kind(v))),
    }
    match obj.get("info") {
        None => diags.error("", "missing required field `info`"),
        Some(Value::Object(_)) => {}
        Some(v) => diags.error(
            "/info",
            format!("`info` must be an object, found {}", json_kind(v)),
        ),
    }
    match obj.get("paths") {
        None => diags.error("", "missing required field `paths`"),
        Some(Value::Object(_)) => {}
        Some(v) => diags.error(
            "/paths",
            format!("`paths` must be an object, found {}", json_kind(v)),
        ),
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

fn display_scalar(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        Value::Number(_) | Value::Bool(_) => v.to_string(),
        other => json_kind(other).to_string(),
    }
}

pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
