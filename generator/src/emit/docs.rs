//! Rustdoc and lifecycle attributes from IR docs.

use proc_macro2::{Delimiter, Group, Literal, TokenStream, TokenTree};
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

/// Make every `#[doc]` text of `tokens` valid and lint-free as a doc comment, wherever
/// it was built: a carriage return ends a line (a bare one is not allowed in a doc
/// comment), a tab becomes four spaces (clippy's `tabs_in_doc_comments`), other control
/// characters become spaces, and the characters that change the visible direction of
/// text (denied by rustc in comments) are written as their `U+` code.
pub fn sanitize(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(g) => {
                let stream = match doc_text(&g) {
                    Some(text) => match clean(&text) {
                        Some(clean) => {
                            let lit = Literal::string(&clean);
                            quote!(doc = #lit)
                        }
                        None => g.stream(),
                    },
                    None => sanitize(g.stream()),
                };
                let mut group = Group::new(g.delimiter(), stream);
                group.set_span(g.span());
                TokenTree::Group(group)
            }
            other => other,
        })
        .collect()
}

/// The text of a `[doc = "…"]` attribute body whose literal has escapes (only those
/// can hold characters that need cleaning).
fn doc_text(group: &Group) -> Option<String> {
    if group.delimiter() != Delimiter::Bracket {
        return None;
    }
    let mut trees = group.stream().into_iter();
    match (trees.next(), trees.next(), trees.next(), trees.next()) {
        (
            Some(TokenTree::Ident(i)),
            Some(TokenTree::Punct(p)),
            Some(TokenTree::Literal(l)),
            None,
        ) if i == "doc" && p.as_char() == '=' => {
            let repr = l.to_string();
            if !repr.contains('\\') {
                return None;
            }
            syn::parse_str::<syn::LitStr>(&repr).ok().map(|s| s.value())
        }
        _ => None,
    }
}

/// `text` with the characters a doc comment cannot hold replaced, or `None` if it has none.
fn clean(text: &str) -> Option<String> {
    let bad = |c: char| (c.is_control() && c != '\n') || is_bidi(c);
    if !text.contains(bad) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            '\t' => out.push_str("    "),
            c if is_bidi(c) => out.push_str(&format!("U+{:04X}", c as u32)),
            c if c.is_control() && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    Some(out)
}

/// The characters rustc's `text_direction_codepoint_in_comment` lint denies.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::sanitize;
    use quote::quote;

    #[test]
    fn doc_texts_lose_what_a_doc_comment_cannot_hold() {
        let tokens = quote! {
            #[doc = "a\tb\u{0}c\u{202E}d\re\r\nf"]
            pub enum E { #[doc = "plain \\ text"] A }
        };
        let out = sanitize(tokens).to_string();
        assert!(out.contains(r#"doc = "a    b cU+202Ed\ne\nf""#), "{out}");
        assert!(out.contains(r#"doc = "plain \\ text""#), "{out}");
        // As the emitter builds them: from runtime strings.
        let text = " x\u{2066}y\tz\u{1b}[0m";
        let out = sanitize(quote!(#[doc = #text] struct S;)).to_string();
        assert!(out.contains(r#"doc = " xU+2066y    z [0m""#), "{out}");
    }
}
