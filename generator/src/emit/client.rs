//! The generated half of the client: its name (type aliases of the runtime's
//! `Client` / `ClientBuilder`), the settings the runtime reads, and one builder
//! method per credential.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::ident;
use crate::ir::{Api, AuthScheme, CredentialMethod};

fn opt_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

/// The runtime credential for one scheme, from the argument `arg` (and `password` for basic).
fn credential(scheme: &AuthScheme, arg: &proc_macro2::Ident) -> TokenStream {
    match scheme.kind.split_once(':') {
        Some(("header", n)) => {
            quote!(crate::runtime::Credential::Header { name: #n.to_owned(), value: #arg.clone() })
        }
        Some(("query", n)) => {
            quote!(crate::runtime::Credential::Query { name: #n.to_owned(), value: #arg.clone() })
        }
        Some(("cookie", n)) => {
            quote!(crate::runtime::Credential::Cookie { name: #n.to_owned(), value: #arg.clone() })
        }
        Some(("http", _)) => {
            quote!(crate::runtime::Credential::Basic { username: #arg.clone(), password: password.clone() })
        }
        _ => quote!(crate::runtime::Credential::Bearer(#arg.clone())),
    }
}

fn method(c: &CredentialMethod) -> TokenStream {
    let name = ident(&c.method);
    let doc = crate::emit::docs::one_line(&format!(" {}", c.doc));
    let mut args: Vec<String> = Vec::new();
    for (scheme, a) in &c.fills {
        if !args.contains(a) {
            args.push(a.clone());
        }
        if scheme.kind == "http:basic" && !args.iter().any(|x| x == "password") {
            args.push("password".to_string());
        }
    }
    let params = args.iter().map(|a| {
        let id = ident(a);
        quote!(#id: impl Into<String>)
    });
    let converts = args.iter().map(|a| {
        let id = ident(a);
        quote!(let #id: String = #id.into();)
    });
    let creds = c.fills.iter().map(|(s, a)| credential(s, &ident(a)));
    let body = if c.replaces {
        quote!(self.auth(crate::runtime::Auth::none() #(.with(#creds))*))
    } else {
        quote!(self #(.credential(#creds))*)
    };
    quote! {
        #[doc = #doc]
        #[allow(clippy::redundant_clone)]
        pub fn #name(self, #(#params),*) -> Self {
            #(#converts)*
            #body
        }
    }
}

pub fn emit_client(api: &Api) -> TokenStream {
    let c = &api.client;
    let name = ident(&c.name);
    let builder = ident(&format!("{}Builder", c.name));
    let client_name = &c.name;
    let ua = &c.user_agent;
    let base = opt_str(api.default_base_url.as_deref());
    let cred_env = opt_str(c.credential_env.as_deref());
    let url_env = opt_str(c.base_url_env.as_deref());
    let rid = opt_str(c.request_id_header.as_deref());
    let required = c.auth_required;
    let shape = match &c.error_shape {
        Some(s) => {
            let (o, t, m, i, d, n) = (
                &s.object,
                &s.type_field,
                &s.message_field,
                &s.invalid_input_type,
                &s.details_field,
                &s.not_found_suffix,
            );
            quote!(Some(crate::runtime::ErrorShape { object: #o, type_field: #t, message_field: #m, invalid_input_type: #i, details_field: #d, not_found_suffix: #n }))
        }
        None => quote!(None),
    };
    let hint = match c.credentials.as_slice() {
        [] => "credentials".to_string(),
        list => list
            .iter()
            .map(|m| format!("`{}`", m.method))
            .collect::<Vec<_>>()
            .join(" or "),
    };
    let methods = c.credentials.iter().map(method);
    let main = c.main_credential.and_then(|i| c.credentials.get(i));
    let with_credential = match main {
        Some(m) if m.fills.iter().all(|(s, _)| s.kind != "http:basic") => {
            let id = ident(&m.method);
            let args = {
                let mut seen: Vec<&String> = Vec::new();
                for (_, a) in &m.fills {
                    if !seen.contains(&a) {
                        seen.push(a);
                    }
                }
                seen.len()
            };
            let values = (0..args).map(|_| quote!(value.clone()));
            quote!(builder.#id(#(#values),*))
        }
        _ => quote!(builder.credential(crate::runtime::Credential::Bearer(value))),
    };
    let builder_doc = format!(" Configures and builds a [`{client_name}`].");
    let client_doc = format!(
        " The client for {}: cheap to clone; clones share one connection pool.",
        crate::emit::docs::one_line(&api.title)
    );
    quote! {
        //! The client's name, the settings the runtime reads, and its credential methods.
        #![allow(clippy::redundant_clone)]

        #[doc = #client_doc]
        pub type #name = crate::runtime::Client;
        #[doc = #builder_doc]
        pub type #builder = crate::runtime::ClientBuilder;

        /// Name of the client (in `Debug` output).
        pub const CLIENT_NAME: &str = #client_name;
        /// `User-Agent` prefix (the crate version follows it).
        pub const USER_AGENT: &str = #ua;
        /// The spec's first server, if it declares one.
        pub const DEFAULT_BASE_URL: Option<&str> = #base;
        /// Environment variable holding the main credential.
        pub const CREDENTIAL_ENV: Option<&str> = #cred_env;
        /// Environment variable overriding the base URL.
        pub const BASE_URL_ENV: Option<&str> = #url_env;
        /// Response header with the request id.
        pub const REQUEST_ID_HEADER: Option<&str> = #rid;
        /// Whether a client needs credentials.
        pub const AUTH_REQUIRED: bool = #required;
        /// The credential methods, for error messages.
        pub const CREDENTIALS_HINT: &str = #hint;
        /// Where error bodies keep their type and message.
        pub const ERROR_SHAPE: Option<crate::runtime::ErrorShape> = #shape;

        /// Give the main credential (from `new` or the environment) to its method.
        pub(crate) fn with_credential(builder: crate::runtime::ClientBuilder, value: String) -> crate::runtime::ClientBuilder {
            #with_credential
        }

        impl crate::runtime::ClientBuilder {
            #(#methods)*
        }
    }
}
