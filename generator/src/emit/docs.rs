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
        .map(|l| {
            let mut out = String::with_capacity(l.len());
            for c in l.trim_end().chars() {
                match c {
                    '\t' => out.push_str("    "),
                    c => push_clean(&mut out, c),
                }
            }
            out
        })
        .collect()
}

/// Text for a one-line doc comment: control characters (line breaks among them) become spaces.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_clean(&mut out, c);
    }
    out
}

/// Add `c` to a doc line: control characters (line breaks and tabs among them) become a
/// space, and the characters that change the visible direction of text (denied by rustc
/// in comments) are written as their `U+` code.
fn push_clean(out: &mut String, c: char) {
    if is_bidi(c) {
        out.push_str(&format!("U+{:04X}", c as u32));
    } else if c.is_control() {
        out.push(' ');
    } else {
        out.push(c);
    }
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

/// The characters rustc's `text_direction_codepoint_in_comment` lint denies.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::{attrs, one_line};
    use crate::ir::Docs;

    #[test]
    fn doc_texts_lose_what_a_doc_comment_cannot_hold() {
        assert_eq!(one_line("a\tb\u{0}c\u{202E}d\re"), "a b cU+202Ed e");
        let docs = Docs {
            description: Some("x\u{2066}y\tz\u{1b}[0m\rnext".to_string()),
            ..Docs::default()
        };
        let out = attrs(&docs).to_string();
        assert!(out.contains(r#"doc = " xU+2066y    z [0m""#), "{out}");
        assert!(out.contains(r#"doc = " next""#), "{out}");
    }
}
