//! Shared helpers for the codegen tests.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// The repository's codegen config (`spec/codegen.yaml`).
pub fn repo_config() -> seam_codegen::Config {
    let text = std::fs::read_to_string(root().join("spec/codegen.yaml"))
        .expect("spec/codegen.yaml is readable");
    seam_codegen::Config::from_yaml(&text).expect("spec/codegen.yaml is valid")
}

/// Generate from a file with the repository's config; panics with the diagnostics on error.
pub fn generate_file(path: &Path) -> seam_codegen::Generated {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
    match seam_codegen::generate(&bytes, name, &repo_config()) {
        Ok(g) => g,
        Err(d) => panic!("{} failed:\n{d}", path.display()),
    }
}
