//! Type aliases that refer to themselves.
//!
//! Rust type aliases cannot be recursive, not even through `Vec` or `Option`. A cycle
//! of aliases with no container in it (`A: $ref B`, `B: $ref A`) describes no type at
//! all: an error. A cycle through an array or map (`Tree: {type: array, items: $ref
//! Tree}`) is a real recursive type that an alias cannot spell: the recursive
//! reference falls back to `serde_json::Value`, with a warning.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::ir::{TypeDef, TypeKind, TypeRef};

/// Report alias cycles without a container, and cut those through one.
pub(super) fn break_alias_cycles(types: &mut BTreeMap<String, TypeDef>, diags: &mut Diagnostics) {
    let aliases: Vec<String> = types
        .iter()
        .filter(|(_, d)| matches!(d.kind, TypeKind::Alias(_)))
        .map(|(n, _)| n.clone())
        .collect();
    if aliases.is_empty() {
        return;
    }
    let index: BTreeMap<&str, usize> = aliases
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    // Edges between aliases: `direct` when not inside an array or map.
    let mut all_edges = vec![Vec::new(); aliases.len()];
    let mut direct_edges = vec![Vec::new(); aliases.len()];
    for (i, name) in aliases.iter().enumerate() {
        if let Some(TypeDef {
            kind: TypeKind::Alias(t),
            ..
        }) = types.get(name)
        {
            t.visit_named(&mut |n, indirect| {
                if let Some(&j) = index.get(n) {
                    all_edges[i].push(j);
                    if !indirect {
                        direct_edges[i].push(j);
                    }
                }
            });
        }
    }
    let mut in_error = vec![false; aliases.len()];
    for component in cycles(&direct_edges) {
        let names: Vec<&str> = component
            .iter()
            .filter_map(|&i| aliases.get(i).map(String::as_str))
            .collect();
        for &i in &component {
            in_error[i] = true;
            let Some(def) = aliases.get(i).and_then(|n| types.get(n)) else {
                continue;
            };
            let mut chain = names.join(" -> ");
            if let Some(first) = names.first() {
                chain = format!("{chain} -> {first}");
            }
            diags.error(
                &def.pointer,
                format!(
                    "`$ref` cycle with no schema in it ({chain}): there is no type to generate"
                ),
            );
        }
    }
    for component in cycles(&all_edges) {
        if component.iter().any(|&i| in_error[i]) {
            continue;
        }
        let members: Vec<String> = component
            .iter()
            .filter_map(|&i| aliases.get(i).cloned())
            .collect();
        for name in &members {
            let Some(def) = types.get_mut(name) else {
                continue;
            };
            let TypeKind::Alias(t) = &mut def.kind else {
                continue;
            };
            let before = t.clone();
            cut_indirect(t, &members, false);
            if *t != before {
                diags.warning(
                    &def.pointer,
                    format!("recursive type `{name}` refers to itself through an array or map, which a Rust type alias cannot express; the recursive part is decoded as serde_json::Value"),
                );
            }
        }
    }
}

/// Replace references to `members` inside arrays and maps with `Json`.
fn cut_indirect(t: &mut TypeRef, members: &[String], inside: bool) {
    match t {
        TypeRef::Named(n) if inside && members.contains(n) => *t = TypeRef::Json,
        TypeRef::Array(inner) | TypeRef::Map(inner) => cut_indirect(inner, members, true),
        TypeRef::Nullable(inner) => cut_indirect(inner, members, inside),
        _ => {}
    }
}

/// Strongly connected components that contain a cycle (more than one node, or a
/// self-loop), each sorted. Iterative Tarjan, so deep graphs cannot overflow the stack.
pub(crate) fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(start, 0usize)];
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            let targets = edges.get(v).map(Vec::as_slice).unwrap_or_default();
            if let Some(&w) = targets.get(*pos) {
                *pos += 1;
                // All other indexing below is by nodes `0..n`; an edge out of range is ignored.
                if w >= n {
                    continue;
                }
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                let looped = component.len() > 1 || targets.contains(&v);
                if looped {
                    component.sort_unstable();
                    out.push(component);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cycles;

    #[test]
    fn finds_cycles_and_self_loops_only() {
        let edges = vec![vec![1], vec![0], vec![2], vec![0, 4, 99], vec![]];
        assert_eq!(cycles(&edges), vec![vec![0, 1], vec![2]]);
    }
}
