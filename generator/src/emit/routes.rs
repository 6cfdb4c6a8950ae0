//! Route groups (`client.acs().users()`) and one async method per endpoint.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::names::{ident, TypeGraph};
use crate::ir::{Api, Endpoint, Field, Pagination, Response, TypeKind, TypeRef};
use crate::naming::{type_name, Scope};

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
        .map(|g| {
            let base: String = g.iter().map(|s| type_name(s)).collect();
            (g.clone(), scope.claim(&base, None))
        })
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
            let route = format!(" Endpoints under `/{}`.", child_path.join("/"));
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
                let doc = format!(" Endpoints under `/{}`.", path.join("/"));
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
    let impls = emit_paging_impls(api, graph);
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
            let call = if validated {
                quote!(#client.post_validated::<_, #body_ty>(#path, &request).await?)
            } else {
                quote!(#client.post_json::<_, #body_ty>(#path, &request).await?)
            };
            (quote!(request: super::types::#id), call)
        }
        None => (
            quote!(),
            quote!(#client.post_empty::<#body_ty>(#path).await?),
        ),
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
        let req_id = ident(req);
        let item = graph.tokens(&p.item, "");
        let stream_name = ident(&format!("{}_stream", e.name));
        let doc = format!(" Every item of every page of `{}`, fetching pages as the stream is polled.", docs::one_line(path));
        Some(quote! {
            #[doc = #doc]
            pub fn #stream_name(&self, request: super::types::#req_id) -> impl futures_core::Stream<Item = Result<#item, crate::runtime::Error>> + Send + 'static {
                #client.paginate::<super::types::#req_id, #body_ty>(#path, request)
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
            body: poll_body,
            field: poll_field,
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
    let poll_body_ty = ident(poll_body);
    let poll_field = ident(poll_field);
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
                .wait_for_action_attempt(
                    #poll_path,
                    &body,
                    |b: super::types::#poll_body_ty| b.#poll_field,
                    |a: &super::types::#attempt_ty| crate::runtime::attempt_state(a, #status_field, #pending, #success, #error),
                    options,
                )
                .await
        }
    })
}

/// `Page` for paginated responses and `CursorRequest` for their requests (once per type).
fn emit_paging_impls(api: &Api, graph: &TypeGraph<'_>) -> TokenStream {
    let mut pages = BTreeSet::new();
    let mut requests = BTreeSet::new();
    let mut out = TokenStream::new();
    for e in &api.endpoints {
        let (Some(p), Some(req), Response::Key { body, field, .. }) =
            (&e.pagination, &e.request, &e.response)
        else {
            continue;
        };
        if pages.insert(body.clone()) {
            if let Some(tokens) = page_impl(api, graph, body, field, p) {
                out.extend(tokens);
            }
        }
        if requests.insert(req.clone()) {
            if let Some(tokens) = cursor_impl(api, req, &p.cursor_field) {
                out.extend(tokens);
            }
        }
    }
    out
}

fn page_impl(
    api: &Api,
    graph: &TypeGraph<'_>,
    body: &str,
    items_field: &str,
    p: &Pagination,
) -> Option<TokenStream> {
    let (page_field, item) = (&p.page_field, &p.item);
    let items = body_field(api, body, items_field)?;
    let page = body_field(api, body, page_field)?;
    let TypeRef::Named(page_ty) = strip_nullable(&page.ty) else {
        return None;
    };
    let TypeKind::Struct(page_def) = &api.types.get(page_ty)?.kind else {
        return None;
    };
    let find = |suffix: &str| page_def.fields.iter().find(|f| f.wire_name == suffix);
    let has_next = find(&p.has_next_field)?;
    let cursor = find(&p.next_cursor_field)?;
    let body_id = ident(body);
    let items_id = ident(items_field);
    let page_id = ident(page_field);
    let has_id = ident(&has_next.name);
    let cur_id = ident(&cursor.name);
    let item_ty = graph.tokens(item, "");
    let items_expr = if items.required {
        quote!(self.#items_id)
    } else {
        quote!(self.#items_id.unwrap_or_default())
    };
    let page_nullable = !page.required || matches!(page.ty, TypeRef::Nullable(_));
    let has_expr = match (has_next.required, &has_next.ty) {
        (true, TypeRef::Boolean) => quote!(page.#has_id),
        (true, TypeRef::Nullable(_)) | (false, TypeRef::Boolean) => {
            quote!(page.#has_id.unwrap_or(false))
        }
        _ => quote!(page.#has_id.flatten().unwrap_or(false)),
    };
    let cur_expr = match (cursor.required, &cursor.ty) {
        (true, TypeRef::String) => quote!(Some(page.#cur_id)),
        (true, _) | (false, TypeRef::String) => quote!(page.#cur_id),
        _ => quote!(page.#cur_id.flatten()),
    };
    let page_expr = if page_nullable {
        let flatten = if !page.required && matches!(page.ty, TypeRef::Nullable(_)) {
            quote!(.flatten())
        } else {
            quote!()
        };
        quote!(self.#page_id #flatten)
    } else {
        quote!(Some(self.#page_id))
    };
    Some(quote! {
        impl crate::runtime::Page for super::types::#body_id {
            type Item = #item_ty;
            fn into_parts(self) -> (Vec<Self::Item>, Option<String>) {
                let next = match #page_expr {
                    Some(page) if #has_expr => #cur_expr,
                    _ => None,
                };
                (#items_expr, next)
            }
        }
    })
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

fn strip_nullable(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::Nullable(inner) => strip_nullable(inner),
        other => other,
    }
}
