//! OpenAPI 3.0 → Rust client generator.
//!
//! The pipeline is `parse` (bytes → `openapiv3`) → `lower` (→ [`ir::Api`]) → `emit`
//! (→ Rust source formatted by prettyplease). Every stage reports problems as
//! [`Diagnostic`]s with JSON pointers; nothing panics on bad input.

pub mod config;
pub mod diagnostics;
pub mod ir;
mod lower;
pub use lower::passes::response_types;
pub mod naming;
pub mod parse;
mod raw;
mod shape;

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};

/// Parse and lower a spec. Errors stop here; warnings come back with the IR.
pub fn lower_spec(
    bytes: &[u8],
    file_name: &str,
    config: &Config,
) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    parse::on_large_stack(|| lower_here(bytes, file_name, config))?
}

fn lower_here(
    bytes: &[u8],
    file_name: &str,
    config: &Config,
) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    let doc = parse::load(bytes, parse::Format::from_file_name(file_name))?;
    let (api, mut diags) = lower::lower(&doc, config);
    diags.0.extend(doc.warnings.0.iter().cloned());
    let diags = diags.normalized();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((api, diags))
}

pub mod diff;
pub mod emit;

/// The result of a generation run.
pub struct Generated {
    pub api: ir::Api,
    /// Generated files, by path relative to the generated module folder.
    pub files: std::collections::BTreeMap<String, String>,
    /// Warnings (errors stop generation).
    pub diagnostics: Diagnostics,
}

/// The whole pipeline: parse → lower → emit. `source` names the input in file headers
/// (a file name, never a machine path). Runs on a thread with a large stack, so deeply
/// nested (but bounded) input never depends on the caller's stack size.
pub fn generate(bytes: &[u8], file_name: &str, config: &Config) -> Result<Generated, Diagnostics> {
    parse::on_large_stack(|| generate_here(bytes, file_name, config))?
}

fn generate_here(bytes: &[u8], file_name: &str, config: &Config) -> Result<Generated, Diagnostics> {
    let (api, diagnostics) = lower_here(bytes, file_name, config)?;
    let source = std::path::Path::new(file_name)
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("the spec");
    let files = emit::emit(&api, source)?;
    Ok(Generated {
        api,
        files,
        diagnostics,
    })
}
