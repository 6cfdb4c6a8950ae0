//! Rustdoc and lifecycle attributes from IR docs.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc]` lines (and `#[deprecated]`) for a documented item.
pub fn attrs(docs: &Docs) -> TokenStream {
    let lines = lines(docs);
    let doc_lines = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #text])
    });
    let deprecated = docs.deprecated.as_ref().map(|m| {
        if m.is_empty() {
            quote!(#[deprecated])
        } else {
            quote!(#[deprecated(note = #m)])
        }
    });
    quote! { #(#doc_lines)* #deprecated }
}

/// Rustdoc lines (without the leading space) for a documented item.
fn lines(docs: &Docs) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if let Some(title) = &docs.title {
        lines.push(format!("**{}**", title.trim()));
    }
    if let Some(d) = &docs.description {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(markdown_lines(d));
    }
    let mut flag = |label: &str, msg: &Option<String>| {
        if let Some(m) = msg {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            if m.is_empty() {
                lines.push(format!("**{label}.**"));
            } else {
                lines.push(format!("**{label}:** {}", m.trim()));
            }
        }
    };
    flag("Deprecated", &docs.deprecated);
    flag("Undocumented", &docs.undocumented);
    flag("Draft", &docs.draft);
    // A line break inside a title or flag would end a `///` line early, and a bare
    // carriage return is not allowed in a doc comment at all: split on both. Tabs
    // become four spaces (clippy's `tabs_in_doc_comments`).
    lines
        .iter()
        .flat_map(|l| l.split(['\n', '\r']))
        .map(|l| l.trim_end().replace('\t', "    "))
        .collect()
}

/// Text for a one-line doc comment: control characters (line breaks among them) become spaces.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Description text as rustdoc lines: dedented, trailing space trimmed, and fenced
/// code blocks without a language marked `text` so rustdoc never compiles them.
fn markdown_lines(text: &str) -> Vec<String> {
    let raw: Vec<&str> = text.lines().collect();
    let indent = raw
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut in_fence = false;
    raw.iter()
        .enumerate()
        .map(|(i, l)| {
            let l = if i == 0 {
                l.trim()
            } else {
                l.get(indent..).unwrap_or(l.trim_start()).trim_end()
            };
            let trimmed = l.trim_start();
            if trimmed.starts_with("```") {
                let opening = !in_fence;
                in_fence = !in_fence;
                if opening && trimmed.trim_start_matches('`').trim().is_empty() {
                    return format!("{l}text");
                }
            }
            l.to_string()
        })
        .collect()
}
