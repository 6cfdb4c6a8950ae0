//! Route groups (`client.acs().users()`) and one async method per endpoint.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::names::{ident, TypeGraph};
use crate::ir::{Api, Endpoint, Field, Response, TypeKind, TypeRef};
use crate::naming::Scope;

#[derive(Default)]
struct Group<'a> {
    endpoints: Vec<&'a Endpoint>,
    children: BTreeSet<String>,
}

pub fn emit_routes(api: &Api, graph: &TypeGraph<'_>) -> TokenStream {
    let mut groups: BTreeMap<Vec<String>, Group<'_>> = BTreeMap::new();
    groups.entry(Vec::new()).or_default();
    for e in &api.endpoints {
        for i in 0..e.group.len() {
            groups
                .entry(e.group[..i].to_vec())
                .or_default()
                .children
                .insert(e.group[i].clone());
        }
        groups.entry(e.group.clone()).or_default().endpoints.push(e);
    }
    let mut reserved = vec!["Client"];
    reserved.extend_from_slice(crate::naming::RESERVED_TYPE_NAMES);
    let mut scope = Scope::with_reserved(&reserved);
    let struct_names: BTreeMap<Vec<String>, String> = groups
        .keys()
        .filter(|g| !g.is_empty())
        .map(|g| (g.clone(), scope.claim(&crate::naming::group_type(g), None)))
        .collect();

    let items = groups.iter().map(|(path, group)| {
        let accessors = group.children.iter().map(|child| {
            let mut child_path = path.clone();
            child_path.push(child.clone());
            let child_struct = ident(
                struct_names
                    .get(&child_path)
                    .map(String::as_str)
                    .unwrap_or("Unreachable"),
            );
            let method = ident(child);
            let route = docs::one_line(&format!(" Endpoints under `/{}`.", child_path.join("/")));
            let client = if path.is_empty() {
                quote!(self)
            } else {
                quote!(self.client)
            };
            quote! {
                #[doc = #route]
                pub fn #method(&self) -> #child_struct<'_> {
                    #child_struct { client: #client }
                }
            }
        });
        let methods = group
            .endpoints
            .iter()
            .map(|e| emit_endpoint(api, graph, e, path.is_empty()));
        match struct_names.get(path) {
            None => quote! {
                impl crate::runtime::Client {
                    #(#accessors)*
                    #(#methods)*
                }
            },
            Some(name) => {
                let id = ident(name);
                let doc = docs::one_line(&format!(" Endpoints under `/{}`.", path.join("/")));
                quote! {
                    #[doc = #doc]
                    #[derive(Debug, Clone, Copy)]
                    pub struct #id<'a> {
                        client: &'a crate::runtime::Client,
                    }
                    impl<'a> #id<'a> {
                        #(#accessors)*
                        #(#methods)*
                    }
                }
            }
        }
    });
    let impls = emit_paging_impls(api);
    quote! {
        //! The client's route groups and one method per endpoint.
        #![allow(deprecated, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        #(#items)*
        #impls
    }
}

fn emit_endpoint(api: &Api, graph: &TypeGraph<'_>, e: &Endpoint, root: bool) -> TokenStream {
    if api.call_style == crate::config::CallStyle::AsDeclared {
        return super::operations::emit_operation(api, graph, e, |r| response_shape(api, graph, r));
    }
    let name = ident(&e.name);
    let path = &e.path;
    let client = if root {
        quote!(self)
    } else {
        quote!(self.client)
    };
    let mut doc_lines = docs::attrs(&e.docs);
    let mut note = format!(" `POST {}`", docs::one_line(path));
    if !e.other_methods.is_empty() {
        note.push_str(&format!(
            " (also declared: {})",
            e.other_methods
                .iter()
                .map(|m| m.to_uppercase())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    doc_lines.extend(quote!(#[doc = ""] #[doc = #note]));
    if !e.auth.is_empty() {
        let auth = format!(
            " Auth: {}.",
            e.auth
                .iter()
                .map(|a| format!("`{}`", docs::one_line(a)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        doc_lines.extend(quote!(#[doc = ""] #[doc = #auth]));
    }
    let (ret_ty, extract) = response_shape(api, graph, &e.response);
    // A keyed response decodes only its key (see `runtime::keyed`).
    let key = match &e.response {
        Response::Key { key, .. } => Some(key.as_str()),
        _ => None,
    };
    let body_ty = match &e.response {
        Response::Void | Response::Bytes | Response::Text => quote!(serde_json::Value),
        Response::Body { body } | Response::Key { body, .. } => {
            let id = ident(body);
            quote!(super::types::#id)
        }
    };
    let (param, call) = match &e.request {
        Some(req) => {
            let id = ident(req);
            let validated = api.types.get(req).is_some_and(|d| {
                matches!(
                    d.kind,
                    TypeKind::Struct(_) | TypeKind::TaggedUnion(_) | TypeKind::Untagged(_)
                )
            });
            let call = match (key, validated) {
                (Some(key), true) => {
                    quote!(#client.post_key_validated::<_, #ret_ty>(#path, &request, #key).await?)
                }
                (Some(key), false) => {
                    quote!(#client.post_key::<_, #ret_ty>(#path, &request, #key).await?)
                }
                (None, true) => {
                    quote!(#client.post_validated::<_, #body_ty>(#path, &request).await?)
                }
                (None, false) => quote!(#client.post_json::<_, #body_ty>(#path, &request).await?),
            };
            (quote!(request: super::types::#id), call)
        }
        None => match key {
            Some(key) => (
                quote!(),
                quote!(#client.post_empty_key::<#ret_ty>(#path, #key).await?),
            ),
            None => (
                quote!(),
                quote!(#client.post_empty::<#body_ty>(#path).await?),
            ),
        },
    };
    let extract = if key.is_some() {
        quote!(Ok(body))
    } else {
        extract
    };
    let main = quote! {
        #doc_lines
        pub async fn #name(&self, #param) -> Result<#ret_ty, crate::runtime::Error> {
            let body = #call;
            #extract
        }
    };
    let stream = e.pagination.as_ref().and_then(|p| {
        let req = e.request.as_ref()?;
        let Response::Key { body, key: items_key, .. } = &e.response else { return None };
        let page_key = &body_field(api, body, &p.page_field)?.wire_name;
        let (has_next, next_cursor) = (&p.has_next_field, &p.next_cursor_field);
        let req_id = ident(req);
        let item = graph.tokens(&p.item, "");
        let stream_name = ident(&format!("{}_stream", e.name));
        let doc = format!(" Every item of every page of `{}`, fetching pages as the stream is polled.", docs::one_line(path));
        Some(quote! {
            #[doc = #doc]
            pub fn #stream_name(&self, request: super::types::#req_id) -> impl futures_core::Stream<Item = Result<#item, crate::runtime::Error>> + Send + 'static {
                static KEYS: crate::runtime::PageKeys = crate::runtime::PageKeys { items: #items_key, page: #page_key, has_next: #has_next, next_cursor: #next_cursor };
                #client.paginate_keys::<super::types::#req_id, #item>(#path, request, &KEYS)
            }
        })
    });
    let wait = emit_wait(api, e, client);
    quote! { #main #stream #wait }
}

/// What the method returns and how it gets it from the decoded body.
fn response_shape(api: &Api, graph: &TypeGraph<'_>, r: &Response) -> (TokenStream, TokenStream) {
    match r {
        Response::Void | Response::Bytes | Response::Text => {
            (quote!(()), quote! { let _ = body; Ok(()) })
        }
        Response::Body { body } => {
            let id = ident(body);
            (quote!(super::types::#id), quote!(Ok(body)))
        }
        Response::Key {
            body, field, ty, ..
        } => {
            let ret = graph.tokens(ty, "");
            let fname = ident(field);
            let f = body_field(api, body, field);
            let boxed =
                f.is_some_and(|f| matches!(&f.ty, TypeRef::Named(n) if graph.reaches(n, body)));
            let access = match f {
                Some(Field {
                    required: false,
                    ty: TypeRef::Nullable(_),
                    ..
                }) => quote!(body.#fname.flatten()),
                _ if boxed => quote!(*body.#fname),
                _ => quote!(body.#fname),
            };
            (ret, quote!(Ok(#access)))
        }
    }
}

fn body_field<'a>(api: &'a Api, body: &str, field: &str) -> Option<&'a Field> {
    match &api.types.get(body)?.kind {
        TypeKind::Struct(s) => s.fields.iter().find(|f| f.name == field),
        _ => None,
    }
}

/// `<name>_and_wait`: call, then poll the action attempt until it settles. Emitted when
/// the codegen config names a poll endpoint and this endpoint returns what that one does.
fn emit_wait(api: &Api, e: &Endpoint, client: TokenStream) -> Option<TokenStream> {
    let cfg = api.action_attempts.as_ref()?;
    e.action_attempt.as_ref()?;
    let poll = api.endpoints.iter().find(|p| p.path == cfg.poll_path)?;
    let (
        Response::Key { ty, .. },
        Response::Key {
            key: poll_key,
            ty: poll_ty,
            ..
        },
    ) = (&e.response, &poll.response)
    else {
        return None;
    };
    if ty != poll_ty || !matches!(ty, TypeRef::Named(_)) {
        return None;
    }
    let name = ident(&e.name);
    let wait_name = ident(&format!("{}_and_wait", e.name));
    let (param, arg) = match &e.request {
        Some(req) => {
            let id = ident(req);
            (quote!(request: super::types::#id,), quote!(request))
        }
        None => (quote!(), quote!()),
    };
    let attempt_ty = ident(match ty {
        TypeRef::Named(n) => n,
        _ => return None,
    });
    let (poll_path, id_field, status_field) = (&cfg.poll_path, &cfg.id_field, &cfg.status_field);
    let (pending, success, error) = (&cfg.pending, &cfg.success, &cfg.error);
    let doc = docs::one_line(&format!(" Like [`Self::{}`], then polls `{poll_path}` until the action attempt is `{success}` (returned) or `{error}` (an error), within `options.timeout`.", e.name));
    Some(quote! {
        #[doc = #doc]
        pub async fn #wait_name(&self, #param options: &crate::runtime::WaitOptions) -> Result<super::types::#attempt_ty, crate::runtime::Error> {
            let attempt = self.#name(#arg).await?;
            let id = crate::runtime::json_string_field(&attempt, #id_field)
                .ok_or_else(|| crate::runtime::Error::Config(format!("the action attempt has no `{}` to poll with", #id_field)))?;
            let body = serde_json::json!({ #id_field: id });
            #client
                .wait_for_action_attempt_key(
                    #poll_path,
                    &body,
                    #poll_key,
                    |a: &super::types::#attempt_ty| crate::runtime::attempt_state(a, #status_field, #pending, #success, #error),
                    options,
                )
                .await
        }
    })
}

/// `CursorRequest` for the requests of paginated lists (once per type); their pages are
/// read by `runtime::PageKeys`.
fn emit_paging_impls(api: &Api) -> TokenStream {
    let mut requests = BTreeSet::new();
    let mut out = TokenStream::new();
    for e in &api.endpoints {
        let (Some(p), Some(req)) = (&e.pagination, &e.request) else {
            continue;
        };
        if requests.insert(req.clone()) {
            if let Some(tokens) = cursor_impl(api, req, &p.cursor_field) {
                out.extend(tokens);
            }
        }
    }
    out
}

fn cursor_impl(api: &Api, req: &str, cursor_field: &str) -> Option<TokenStream> {
    let TypeKind::Struct(def) = &api.types.get(req)?.kind else {
        return None;
    };
    let f = def.fields.iter().find(|f| f.name == cursor_field)?;
    let id = ident(req);
    let fid = ident(cursor_field);
    let value = match (f.required, &f.ty) {
        (true, TypeRef::String) => quote!(cursor),
        (true, TypeRef::Nullable(_)) | (false, TypeRef::String) => quote!(Some(cursor)),
        (false, TypeRef::Nullable(_)) => quote!(Some(Some(cursor))),
        _ => return None,
    };
    Some(quote! {
        impl crate::runtime::CursorRequest for super::types::#id {
            fn with_page_cursor(&self, cursor: String) -> Self {
                let mut next = self.clone();
                next.#fid = #value;
                next
            }
        }
    })
}
