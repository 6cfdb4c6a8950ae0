//! The names root-level methods must avoid: every method the runtime's `Client`
//! already has, private ones included (a second inherent method of the same name does
//! not compile). Read from the runtime's own source, so the list cannot go stale.

/// The runtime's source files (every file may add an `impl Client` block).
const RUNTIME: &[&str] = &[
    include_str!("../../../generated-client/src/runtime/auth.rs"),
    include_str!("../../../generated-client/src/runtime/builder.rs"),
    include_str!("../../../generated-client/src/runtime/client.rs"),
    include_str!("../../../generated-client/src/runtime/decode.rs"),
    include_str!("../../../generated-client/src/runtime/error.rs"),
    include_str!("../../../generated-client/src/runtime/error_map.rs"),
    include_str!("../../../generated-client/src/runtime/number.rs"),
    include_str!("../../../generated-client/src/runtime/pagination.rs"),
    include_str!("../../../generated-client/src/runtime/request.rs"),
    include_str!("../../../generated-client/src/runtime/response.rs"),
    include_str!("../../../generated-client/src/runtime/retry.rs"),
    include_str!("../../../generated-client/src/runtime/timestamp.rs"),
    include_str!("../../../generated-client/src/runtime/transport.rs"),
    include_str!("../../../generated-client/src/runtime/union.rs"),
    include_str!("../../../generated-client/src/runtime/validate.rs"),
    include_str!("../../../generated-client/src/runtime/wait.rs"),
];

/// Methods of `Client`: its inherent methods in the runtime, and those of the traits it
/// implements (`Clone`, `Debug`) that method-call syntax would find.
pub fn client_methods() -> Vec<String> {
    let mut out = vec![
        "clone".to_string(),
        "clone_from".to_string(),
        "fmt".to_string(),
    ];
    for source in RUNTIME {
        let Ok(file) = syn::parse_file(source) else {
            continue;
        };
        for item in file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let is_client = matches!(&*block.self_ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Client"));
            if !is_client {
                continue;
            }
            for member in block.items {
                if let syn::ImplItem::Fn(f) = member {
                    out.push(f.sig.ident.to_string());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_runtime_client() {
        let names = super::client_methods();
        for expected in [
            "new",
            "builder",
            "from_env",
            "base_url",
            "post_json",
            "send",
            "execute",
            "url",
            "attempt",
            "paginate",
            "wait_for_action_attempt",
            "clone",
        ] {
            assert!(
                names.iter().any(|n| n == expected),
                "{expected} missing from {names:?}"
            );
        }
    }
}
