//! The client's settings: name, defaults, credential methods, from the spec's
//! `info`, `servers` and `securitySchemes`, overridden by the codegen config.

use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{AuthScheme, ClientSettings, CredentialMethod};
use crate::naming::{field_name, type_name, Scope};

/// Methods `ClientBuilder` already has; credential methods avoid them.
const BUILDER_RESERVED: &[&str] = &[
    "auth",
    "credential",
    "base_url",
    "timeout",
    "max_retries",
    "retry_base_delay",
    "max_retry_delay",
    "user_agent",
    "http_client",
    "build",
    "default",
    "clone",
];

impl<'a> Lowerer<'a> {
    /// The default base URL: the first server, its variables at their defaults.
    pub(super) fn default_base_url(&mut self) -> Option<String> {
        let server = self.doc.spec.servers.first()?;
        let mut url = server.url.clone();
        for (name, var) in server.variables.iter().flatten() {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
        let url = url.trim_end_matches('/').to_string();
        if url.starts_with("http://") || url.starts_with("https://") {
            Some(url)
        } else {
            self.diags.warning("/servers/0/url", format!("server URL \"{url}\" is not absolute; the client has no default base URL (set one with `base_url`)"));
            None
        }
    }

    pub(super) fn client_settings(&mut self, auth: &[AuthScheme]) -> ClientSettings {
        let cfg = self.config.client.clone();
        let name = cfg
            .name
            .clone()
            .unwrap_or_else(|| format!("{}Client", type_name(&self.doc.spec.info.title)));
        let user_agent = cfg
            .user_agent
            .clone()
            .unwrap_or_else(|| field_name(&name).replace('_', "-"));
        let mut scope = Scope::with_reserved(BUILDER_RESERVED);
        let mut credentials = Vec::new();
        if cfg.credentials.is_empty() {
            for scheme in auth {
                let method = scope.claim(
                    &field_name(&scheme.name),
                    Some(&format!("{}_auth", field_name(&scheme.name))),
                );
                let arg = match scheme.kind.as_str() {
                    "http:basic" => "username".to_string(),
                    k if k.starts_with("http:") => {
                        self.diags.warning(
                            &pointer_push("/components/securitySchemes", &scheme.name),
                            format!(
                                "HTTP auth scheme `{}` is not supported: no builder method sets it",
                                &k[5..]
                            ),
                        );
                        continue;
                    }
                    "bearer" | "other" => "token".to_string(),
                    _ => "key".to_string(),
                };
                credentials.push(CredentialMethod {
                    method,
                    doc: format!(
                        "Add the `{}` credential ({}).",
                        scheme.name,
                        describe(scheme)
                    ),
                    fills: vec![(scheme.clone(), arg)],
                    replaces: false,
                });
            }
        } else {
            for (i, c) in cfg.credentials.iter().enumerate() {
                let ptr = format!("client.credentials[{i}]");
                if c.schemes.len() != c.args.len() || c.schemes.is_empty() {
                    self.diags.error("", format!("codegen config {ptr}: `schemes` and `args` must be non-empty and of the same length"));
                    continue;
                }
                let mut fills = Vec::new();
                for (s, a) in c.schemes.iter().zip(&c.args) {
                    if let Some(scheme) = auth.iter().find(|x| &x.name == s) {
                        fills.push((scheme.clone(), field_name(a)));
                    }
                }
                if fills.len() != c.schemes.len() {
                    self.diags.warning("/components/securitySchemes", format!("codegen config {ptr} (`{}`) names security schemes the spec does not declare; the method is not generated", c.method));
                    continue;
                }
                let method = scope.claim(&field_name(&c.method), None);
                let doc = c.doc.clone().unwrap_or_else(|| {
                    format!(
                        "Authenticate with {}.",
                        fills
                            .iter()
                            .map(|(s, _)| describe(s))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    )
                });
                credentials.push(CredentialMethod {
                    method,
                    doc,
                    fills,
                    replaces: true,
                });
            }
        }
        let main_credential = match &cfg.credential_method {
            Some(m) => {
                let found = credentials.iter().position(|c| &c.method == m);
                if found.is_none() && !credentials.is_empty() {
                    self.diags.warning("", format!("codegen config client.credential_method `{m}` is not a credential method; the main credential is sent as a bearer token"));
                }
                found
            }
            None => (!credentials.is_empty()).then_some(0),
        };
        let spec_requires = self
            .doc
            .spec
            .security
            .as_ref()
            .is_some_and(|reqs| !reqs.is_empty() && reqs.iter().all(|r| !r.is_empty()));
        ClientSettings {
            name,
            user_agent,
            credential_env: cfg.credential_env,
            base_url_env: cfg.base_url_env,
            request_id_header: cfg.request_id_header,
            auth_required: cfg.auth_required.unwrap_or(spec_requires) && !credentials.is_empty(),
            error_shape: cfg.error_shape,
            credentials,
            main_credential,
        }
    }
}

fn describe(s: &AuthScheme) -> String {
    match s.kind.split_once(':') {
        Some(("header", n)) => format!("an API key in the `{n}` header"),
        Some(("query", n)) => format!("an API key in the `{n}` query parameter"),
        Some(("cookie", n)) => format!("an API key in the `{n}` cookie"),
        Some(("http", "basic")) => "HTTP basic auth".to_string(),
        _ => match &s.bearer_format {
            Some(f) => format!("a bearer token ({f})"),
            None => "a bearer token".to_string(),
        },
    }
}
