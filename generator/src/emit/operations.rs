//! One async method per operation, called as declared (`CallStyle::AsDeclared`):
//! path parameters percent-encoded into the path, query / header / cookie parameters
//! serialized per their style, the body in its media type, responses by status.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::names::{ident, TypeGraph};
use crate::ir::{Api, BodyKind, Endpoint, Param, ParamIn, ParamStyle, Response, TypeKind};

fn style_tokens(s: ParamStyle) -> TokenStream {
    match s {
        ParamStyle::Simple => quote!(crate::runtime::Style::Simple),
        ParamStyle::Label => quote!(crate::runtime::Style::Label),
        ParamStyle::Matrix => quote!(crate::runtime::Style::Matrix),
        ParamStyle::Form => quote!(crate::runtime::Style::Form),
        ParamStyle::SpaceDelimited => quote!(crate::runtime::Style::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(crate::runtime::Style::PipeDelimited),
        ParamStyle::DeepObject => quote!(crate::runtime::Style::DeepObject),
    }
}

/// `call.query(..)?` (or header / cookie) for one non-path parameter.
fn param_call(p: &Param) -> TokenStream {
    let field = ident(&p.field);
    let wire = &p.wire_name;
    let style = style_tokens(p.style);
    let explode = p.explode;
    let method = match p.location {
        ParamIn::Query => quote!(query),
        ParamIn::Header => quote!(header),
        ParamIn::Cookie => quote!(cookie),
        ParamIn::Path => return TokenStream::new(),
    };
    if p.required {
        quote!(call.#method(#wire, &request.#field, #style, #explode)?;)
    } else {
        quote! {
            if let Some(value) = &request.#field {
                call.#method(#wire, value, #style, #explode)?;
            }
        }
    }
}

pub fn emit_operation(
    api: &Api,
    graph: &TypeGraph<'_>,
    e: &Endpoint,
    response_shape: impl Fn(&Response) -> (TokenStream, TokenStream),
) -> TokenStream {
    let name = ident(&e.name);
    let mut doc_lines = docs::attrs(&e.docs);
    let note = format!(" `{} {}`", e.method.to_uppercase(), docs::one_line(&e.path));
    if !doc_lines.is_empty() {
        doc_lines.extend(quote!(#[doc = ""]));
    }
    doc_lines.extend(quote!(#[doc = #note]));
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
    let method = e.method.to_uppercase();

    // The path: literals and percent-encoded path parameters (bound first, then formatted).
    let mut fmt = String::new();
    let mut lets = Vec::new();
    for seg in crate::ir::parse_template(&e.path).unwrap_or_default() {
        let param = seg.strip_prefix('{').and_then(|pname| {
            e.params
                .iter()
                .find(|p| p.location == ParamIn::Path && p.wire_name == pname)
        });
        match param {
            Some(p) => {
                let var = format!("p{}", lets.len());
                fmt.push_str(&format!("{{{var}}}"));
                let var = ident(&var);
                let field = ident(&p.field);
                let style = style_tokens(p.style);
                let (pname, explode) = (&p.wire_name, p.explode);
                lets.push(quote!(let #var = crate::runtime::path_param(#pname, &request.#field, #style, #explode)?;));
            }
            // Lowering rejects undeclared path parameters.
            None => fmt.push_str(&seg.replace('{', "{{").replace('}', "}}")),
        }
    }
    let path_expr = if lets.is_empty() {
        quote!(#fmt.to_string())
    } else {
        quote!(format!(#fmt))
    };
    let params = e.params.iter().map(param_call);

    let validated = e
        .request
        .as_ref()
        .and_then(|r| api.types.get(r))
        .is_some_and(|d| d.request_side && matches!(d.kind, TypeKind::Struct(_)));
    let validate = validated.then(|| quote!(crate::runtime::Validate::validate(&request)?;));
    let body = e.body.as_ref().map(|b| {
        let media = &b.media_type;
        if b.kind == BodyKind::Multipart {
            let parts = b.parts.iter().map(|p| {
                let field = ident(&p.field);
                let wire = &p.wire_name;
                let add = if p.file {
                    quote!(form.file(#wire, value))
                } else {
                    quote!(form.text(#wire, &value)?)
                };
                if p.required {
                    quote! { let value = request.#field; #add; }
                } else {
                    quote! { if let Some(value) = request.#field { #add; } }
                }
            });
            return quote! {
                let mut form = crate::runtime::Multipart::new();
                #(#parts)*
                call.multipart(form);
            };
        }
        let Some(field) = b.field.as_ref().map(|f| ident(f)) else {
            return TokenStream::new();
        };
        let set = match b.kind {
            BodyKind::Json => quote!(call.json(#media, &value)?),
            BodyKind::Form => {
                let enc = b.encoding.iter().map(|x| {
                    let (w, st, ex) = (&x.wire_name, style_tokens(x.style), x.explode);
                    quote!((#w, #st, #ex))
                });
                quote!(call.form(&value, &[#(#enc),*])?)
            }
            BodyKind::Binary => quote!(call.bytes(#media, value)),
            BodyKind::Text => quote!(call.text(#media, value)),
            BodyKind::Multipart => TokenStream::new(),
        };
        let required = e
            .request
            .as_ref()
            .and_then(|r| api.types.get(r))
            .and_then(|d| match &d.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .find(|f| Some(&f.name) == b.field.as_ref())
                    .map(|f| f.required),
                _ => None,
            });
        if required == Some(false) {
            quote! { if let Some(value) = request.#field { #set; } }
        } else {
            quote! { let value = request.#field; #set; }
        }
    });
    let accept = e.response_media.as_deref().unwrap_or("application/json");
    let accept = match &e.response {
        Response::Void => quote!(),
        _ => quote!(call.accept(#accept);),
    };

    let error_ty = match &e.error_type {
        Some(t) => graph.tokens(t, ""),
        None => quote!(serde_json::Value),
    };
    let (ret_ty, extract) = match &e.response {
        Response::Bytes => (quote!(Vec<u8>), quote!(Ok(response.into_bytes()))),
        Response::Text => (quote!(String), quote!(response.text())),
        Response::Void => (quote!(()), quote!(Ok(()))),
        Response::Body { body } | Response::Key { body, .. } => {
            let (ret, extract) = response_shape(&e.response);
            let id = ident(body);
            if e.response_optional {
                // Another 2xx of the operation has no body.
                let ret = quote!(Option<#ret>);
                let extract = quote! {
                    if response.is_empty() {
                        return Ok(None);
                    }
                    let body: super::types::#id = response.json()?;
                    let value: Result<_, crate::runtime::Error<#error_ty>> = #extract;
                    value.map(Some)
                };
                (ret, extract)
            } else {
                (
                    ret,
                    quote!({ let body: super::types::#id = response.json()?; #extract }),
                )
            }
        }
    };
    let declared: Vec<&str> = e
        .errors
        .iter()
        .filter(|x| x.typed)
        .map(|x| x.status.as_str())
        .collect();
    let arg = e.request.as_ref().map(|r| {
        let id = ident(r);
        quote!(request: super::types::#id)
    });
    let unused = e.request.is_some() && !validated && e.params.is_empty() && e.body.is_none();
    let silence = unused.then(|| quote!(let _ = &request;));
    let mutable = if e.params.iter().any(|p| p.location != ParamIn::Path)
        || e.body.is_some()
        || !matches!(e.response, Response::Void)
    {
        quote!(mut)
    } else {
        quote!()
    };
    let send = match &e.response {
        Response::Void => quote!(self.send(call, &[#(#declared),*]).await?;),
        _ => quote!(let response = self.send(call, &[#(#declared),*]).await?;),
    };
    quote! {
        #doc_lines
        pub async fn #name(&self, #arg) -> Result<#ret_ty, crate::runtime::Error<#error_ty>> {
            #silence
            #validate
            #(#lets)*
            let #mutable call = crate::runtime::Request::new(#method, #path_expr)?;
            #(#params)*
            #body
            #accept
            #send
            #extract
        }
    }
}
