//! What changed between two IRs, judged from the point of view of a user of the
//! generated crate: every change is **breaking** (code that compiled against the old
//! crate may not compile, or may mean something else, against the new one) or not.
//!
//! The rules:
//! - Removed operations, types, fields, enum values and union variants are breaking
//!   (a public item disappears). Thanks to location-stable naming, a type name only
//!   disappears when its location does.
//! - A retyped field or type alias, a type whose kind changed (struct → enum…), an
//!   operation whose request, response, method or helpers (`_stream`, `_and_wait`)
//!   changed: breaking.
//! - A field that became required or optional: breaking (its Rust type gains or loses
//!   `Option`, and a request's `new(…)` gains or loses a parameter).
//! - Added operations, types, optional fields, enum values and union variants are not
//!   breaking: enums and unions keep unknown values in `Unknown`, so decoding
//!   forward-compatible documents keeps working. An added *required* field of a
//!   request-side type is breaking (`new(…)` takes it).
//! - Newly deprecated operations and fields are reported, not breaking.
//!
//! Every public name is judged, aliases included (an alias of another location's type
//! is judged through the type it aliases), except a name that aliases the same type on
//! both sides, whose changes are reported under that type's name. A field whose type
//! keeps its name is not retyped: that type's changes are reported under its name.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde::Serialize;

use crate::ir::{Api, Endpoint, Field, TypeDef, TypeKind, TypeRef};

/// The judged difference between two versions of an API.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub old: Version,
    pub new: Version,
    /// How many changes are breaking, and how many are not.
    pub breaking: usize,
    pub non_breaking: usize,
    /// Every change, sorted by item kind, then subject.
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub title: String,
    pub version: String,
}

/// One change to one public item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub item: Item,
    pub change: What,
    /// The item: `/users/get` (operation), `User` (type), `User.email` (field),
    /// `UserStatus::pending` (enum value), `Event::device.added` (union variant).
    pub subject: String,
    /// What changed, in words (`string -> integer`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
    pub breaking: bool,
    /// For types added or removed: the JSON pointer of the location the name comes from
    /// (in the new spec for additions, the old one for removals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

/// The kind of public item a change is about.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    Operation,
    Parameter,
    Type,
    Field,
    EnumValue,
    Variant,
}

/// What happened to it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum What {
    Removed,
    Added,
    Retyped,
    Required,
    Optional,
    Changed,
    Deprecated,
    Undeprecated,
}

impl What {
    fn word(self) -> &'static str {
        match self {
            What::Removed => "removed",
            What::Added => "added",
            What::Retyped => "retyped",
            What::Required => "now required",
            What::Optional => "now optional",
            What::Changed => "changed",
            What::Deprecated => "deprecated",
            What::Undeprecated => "no longer deprecated",
        }
    }
}

impl Item {
    fn heading(self) -> &'static str {
        match self {
            Item::Operation => "operations",
            Item::Parameter => "parameters",
            Item::Type => "types",
            Item::Field => "fields",
            Item::EnumValue => "enum values",
            Item::Variant => "union variants",
        }
    }
}

impl Report {
    /// Whether anything breaks users of the old crate.
    pub fn is_breaking(&self) -> bool {
        self.breaking > 0
    }

    /// The report as pretty-printed JSON (the same fields as this struct).
    pub fn json(&self) -> String {
        // Serializing plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The report as text: a summary line, then one line per change under a heading
    /// per item kind, breaking ones marked `BREAKING`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "API {} {} -> {} {}: {} breaking, {} non-breaking",
            self.old.title,
            self.old.version,
            self.new.title,
            self.new.version,
            self.breaking,
            self.non_breaking
        );
        let mut heading = None;
        for c in &self.changes {
            if heading != Some(c.item) {
                heading = Some(c.item);
                let count = self.changes.iter().filter(|x| x.item == c.item).count();
                let _ = writeln!(out, "{} ({count}):", c.item.heading());
            }
            let mark = if c.breaking { "BREAKING " } else { "         " };
            let detail = if c.detail.is_empty() {
                String::new()
            } else {
                format!(": {}", c.detail)
            };
            let _ = writeln!(out, "  {mark}{:<20} {}{detail}", c.change.word(), c.subject);
        }
        out
    }
}

/// Compare two IRs.
pub fn compare(old: &Api, new: &Api) -> Report {
    let mut changes = Vec::new();
    compare_operations(old, new, &mut changes);
    compare_types(old, new, &mut changes);
    changes.sort();
    changes.dedup();
    let breaking = changes.iter().filter(|c| c.breaking).count();
    Report {
        old: Version {
            title: old.title.clone(),
            version: old.version.clone(),
        },
        new: Version {
            title: new.title.clone(),
            version: new.version.clone(),
        },
        breaking,
        non_breaking: changes.len() - breaking,
        changes,
    }
}

/// The report as text (see [`Report::text`]).
pub fn summarize(old: &Api, new: &Api) -> String {
    compare(old, new).text()
}

fn change(
    item: Item,
    what: What,
    subject: impl Into<String>,
    detail: impl Into<String>,
    breaking: bool,
) -> Change {
    Change {
        item,
        change: what,
        subject: subject.into(),
        detail: detail.into(),
        breaking,
        pointer: None,
    }
}

fn compare_operations(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let a: BTreeMap<String, &Endpoint> = old
        .endpoints
        .iter()
        .map(|e| (endpoint_key(old, e), e))
        .collect();
    let b: BTreeMap<String, &Endpoint> = new
        .endpoints
        .iter()
        .map(|e| (endpoint_key(new, e), e))
        .collect();
    for (k, x) in &a {
        let Some(y) = b.get(k) else {
            out.push(change(
                Item::Operation,
                What::Removed,
                k.clone(),
                method_name(x),
                true,
            ));
            continue;
        };
        let mut notes = Vec::new();
        if x.method != y.method {
            notes.push(format!("method {} -> {}", x.method, y.method));
        }
        if x.group != y.group || x.name != y.name {
            notes.push(format!("method {} -> {}", method_name(x), method_name(y)));
        }
        if x.request != y.request {
            notes.push(format!(
                "request {} -> {}",
                opt(&x.request),
                opt(&y.request)
            ));
        }
        if x.response != y.response {
            notes.push(format!(
                "returns {} -> {}",
                returns(&x.response),
                returns(&y.response)
            ));
        }
        if x.pagination.is_some() && y.pagination.is_none() {
            notes.push("no longer paginated (`_stream` removed)".to_string());
        }
        if x.action_attempt.is_some() && y.action_attempt.is_none() {
            notes.push("no longer an action attempt (`_and_wait` removed)".to_string());
        }
        if x.response_optional != y.response_optional {
            notes.push(format!(
                "returns `Option`: {} -> {}",
                x.response_optional, y.response_optional
            ));
        }
        if x.error_type != y.error_type {
            notes.push("error body type changed".to_string());
        }
        compare_params(k, x, y, out);
        if !notes.is_empty() {
            out.push(change(
                Item::Operation,
                What::Changed,
                k.clone(),
                notes.join("; "),
                true,
            ));
        }
        match (&x.docs.deprecated, &y.docs.deprecated) {
            (None, Some(m)) => out.push(change(
                Item::Operation,
                What::Deprecated,
                k.clone(),
                m.clone(),
                false,
            )),
            (Some(_), None) => out.push(change(
                Item::Operation,
                What::Undeprecated,
                k.clone(),
                "",
                false,
            )),
            _ => {}
        }
    }
    for (k, y) in &b {
        if !a.contains_key(k) {
            out.push(change(
                Item::Operation,
                What::Added,
                k.clone(),
                method_name(y),
                false,
            ));
        }
    }
}

/// An operation is its path (one method per path), or its method and path (called as declared).
fn endpoint_key(api: &Api, e: &Endpoint) -> String {
    match api.call_style {
        crate::config::CallStyle::PostJsonPerPath => e.path.clone(),
        crate::config::CallStyle::AsDeclared => format!("{} {}", e.method.to_uppercase(), e.path),
    }
}

/// Parameters by where they go and their wire name. Their Rust side is a field of the
/// request struct (reported with the fields); here, what changes on the wire.
fn compare_params(op: &str, x: &Endpoint, y: &Endpoint, out: &mut Vec<Change>) {
    // Header names are case-insensitive; the others are not.
    let key = |p: &crate::ir::Param| match p.location {
        crate::ir::ParamIn::Header => format!("header {}", p.wire_name.to_lowercase()),
        other => format!("{} {}", format!("{other:?}").to_lowercase(), p.wire_name),
    };
    let a: BTreeMap<String, &crate::ir::Param> = x.params.iter().map(|p| (key(p), p)).collect();
    let b: BTreeMap<String, &crate::ir::Param> = y.params.iter().map(|p| (key(p), p)).collect();
    for (k, p) in &a {
        let subject = format!("{op} {k}");
        match b.get(k) {
            None => out.push(change(Item::Parameter, What::Removed, subject, "", true)),
            Some(q) => {
                if p.required != q.required {
                    let what = if q.required {
                        What::Required
                    } else {
                        What::Optional
                    };
                    out.push(change(Item::Parameter, what, subject.clone(), "", true));
                }
                if (p.style, p.explode) != (q.style, q.explode) {
                    let detail = format!(
                        "serialized {:?} explode={} -> {:?} explode={}",
                        p.style, p.explode, q.style, q.explode
                    );
                    out.push(change(
                        Item::Parameter,
                        What::Changed,
                        subject.clone(),
                        detail,
                        false,
                    ));
                }
            }
        }
    }
    for (k, q) in &b {
        if !a.contains_key(k) {
            out.push(change(
                Item::Parameter,
                What::Added,
                format!("{op} {k}"),
                if q.required { "required" } else { "" },
                q.required,
            ));
        }
    }
}

fn method_name(e: &Endpoint) -> String {
    let mut parts = e.group.clone();
    parts.push(e.name.clone());
    format!("{} {}", e.method.to_uppercase(), parts.join("."))
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("none")
}

fn returns(r: &crate::ir::Response) -> String {
    match r {
        crate::ir::Response::Void => "()".to_string(),
        crate::ir::Response::Bytes => "bytes".to_string(),
        crate::ir::Response::Text => "text".to_string(),
        crate::ir::Response::Body { body } => body.clone(),
        crate::ir::Response::Key { ty, key, .. } => format!("{} (`{key}`)", type_text(ty)),
    }
}

/// Follow aliases made for identical shapes (and component aliases) to the defining type.
fn resolve<'a>(api: &'a Api, name: &str) -> Option<&'a TypeDef> {
    let mut def = api.types.get(name)?;
    for _ in 0..32 {
        match &def.kind {
            TypeKind::Alias(TypeRef::Named(next)) => def = api.types.get(next)?,
            _ => return Some(def),
        }
    }
    Some(def)
}

fn alias_target(def: &TypeDef) -> Option<&str> {
    match &def.kind {
        TypeKind::Alias(TypeRef::Named(n)) => Some(n),
        _ => None,
    }
}

fn compare_types(old: &Api, new: &Api, out: &mut Vec<Change>) {
    for (name, def) in &old.types {
        if !new.types.contains_key(name) {
            let mut c = change(Item::Type, What::Removed, name.clone(), "", true);
            c.pointer = Some(def.pointer.clone());
            out.push(c);
        }
    }
    for (name, def) in &new.types {
        if !old.types.contains_key(name) {
            let mut c = change(Item::Type, What::Added, name.clone(), "", false);
            c.pointer = Some(def.pointer.clone());
            out.push(c);
        }
    }
    for (name, a) in &old.types {
        let Some(b) = new.types.get(name) else {
            continue;
        };
        // An alias of the same named type on both sides: judged under that type's name.
        if alias_target(a).is_some() && alias_target(a) == alias_target(b) {
            continue;
        }
        let (Some(ra), Some(rb)) = (resolve(old, name), resolve(new, name)) else {
            continue;
        };
        compare_kinds(old, new, name, ra, rb, out);
    }
}

fn kind_word(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::TaggedUnion(_) => "tagged union",
        TypeKind::Untagged(_) => "union",
        TypeKind::Alias(_) => "alias",
    }
}

fn compare_kinds(
    old: &Api,
    new: &Api,
    name: &str,
    a: &TypeDef,
    b: &TypeDef,
    out: &mut Vec<Change>,
) {
    match (&a.kind, &b.kind) {
        (TypeKind::Struct(x), TypeKind::Struct(y)) => {
            let fx: BTreeMap<&str, &Field> =
                x.fields.iter().map(|f| (f.wire_name.as_str(), f)).collect();
            let fy: BTreeMap<&str, &Field> =
                y.fields.iter().map(|f| (f.wire_name.as_str(), f)).collect();
            for (wire, f) in &fx {
                let subject = format!("{name}.{wire}");
                let Some(g) = fy.get(wire) else {
                    out.push(change(Item::Field, What::Removed, subject, "", true));
                    continue;
                };
                if !same_ref(old, new, &f.ty, &g.ty, 0) || f.constant != g.constant {
                    out.push(change(
                        Item::Field,
                        What::Retyped,
                        subject.clone(),
                        format!("{} -> {}", type_text(&f.ty), type_text(&g.ty)),
                        true,
                    ));
                }
                if f.required != g.required {
                    let what = if g.required {
                        What::Required
                    } else {
                        What::Optional
                    };
                    out.push(change(Item::Field, what, subject.clone(), "", true));
                }
                match (&f.docs.deprecated, &g.docs.deprecated) {
                    (None, Some(m)) => out.push(change(
                        Item::Field,
                        What::Deprecated,
                        subject,
                        m.clone(),
                        false,
                    )),
                    (Some(_), None) => {
                        out.push(change(Item::Field, What::Undeprecated, subject, "", false))
                    }
                    _ => {}
                }
            }
            for (wire, g) in &fy {
                if !fx.contains_key(wire) {
                    // A new required field of a request-side type is a new `new(…)` parameter.
                    let breaking = g.required && b.request_side;
                    let detail = if breaking {
                        "required: `new(…)` takes it"
                    } else if g.required {
                        "required"
                    } else {
                        ""
                    };
                    out.push(change(
                        Item::Field,
                        What::Added,
                        format!("{name}.{wire}"),
                        detail,
                        breaking,
                    ));
                }
            }
            let flat = |s: &crate::ir::StructDef| {
                s.flattened
                    .iter()
                    .map(|f| type_text(&f.ty))
                    .collect::<BTreeSet<_>>()
            };
            if flat(x) != flat(y) {
                out.push(change(
                    Item::Type,
                    What::Changed,
                    name,
                    "flattened members changed",
                    true,
                ));
            }
            if x.additional.is_some() != y.additional.is_some() {
                let detail = if y.additional.is_some() {
                    "now keeps unknown properties in `extra`"
                } else {
                    "no longer has `extra`"
                };
                out.push(change(
                    Item::Type,
                    What::Changed,
                    name,
                    detail,
                    y.additional.is_none(),
                ));
            }
        }
        (TypeKind::Enum(x), TypeKind::Enum(y)) => {
            let vx: BTreeSet<&str> = x.values.iter().map(|v| v.wire.as_str()).collect();
            let vy: BTreeSet<&str> = y.values.iter().map(|v| v.wire.as_str()).collect();
            for v in vx.difference(&vy) {
                out.push(change(
                    Item::EnumValue,
                    What::Removed,
                    format!("{name}::{v}"),
                    "",
                    true,
                ));
            }
            for v in vy.difference(&vx) {
                out.push(change(
                    Item::EnumValue,
                    What::Added,
                    format!("{name}::{v}"),
                    "",
                    false,
                ));
            }
        }
        (TypeKind::TaggedUnion(x), TypeKind::TaggedUnion(y)) => {
            let vx: BTreeMap<String, TypeRef> = x
                .variants
                .iter()
                .map(|v| (v.tag_values.join("+"), TypeRef::Named(v.payload.clone())))
                .collect();
            let vy: BTreeMap<String, TypeRef> = y
                .variants
                .iter()
                .map(|v| (v.tag_values.join("+"), TypeRef::Named(v.payload.clone())))
                .collect();
            if x.tags != y.tags {
                out.push(change(
                    Item::Type,
                    What::Changed,
                    name,
                    format!("tags {} -> {}", x.tags.join("+"), y.tags.join("+")),
                    true,
                ));
            }
            variants(old, new, name, &vx, &vy, out);
        }
        (TypeKind::Untagged(x), TypeKind::Untagged(y)) => {
            let vx: BTreeMap<String, TypeRef> = x
                .variants
                .iter()
                .map(|v| (v.name.clone(), v.ty.clone()))
                .collect();
            let vy: BTreeMap<String, TypeRef> = y
                .variants
                .iter()
                .map(|v| (v.name.clone(), v.ty.clone()))
                .collect();
            variants(old, new, name, &vx, &vy, out);
        }
        (TypeKind::Alias(x), TypeKind::Alias(y)) => {
            if !same_ref(old, new, x, y, 0) {
                out.push(change(
                    Item::Type,
                    What::Retyped,
                    name,
                    format!("{} -> {}", type_text(x), type_text(y)),
                    true,
                ));
            }
        }
        (ka, kb) => {
            if std::mem::discriminant(ka) != std::mem::discriminant(kb) {
                out.push(change(
                    Item::Type,
                    What::Changed,
                    name,
                    format!("{} -> {}", kind_word(ka), kind_word(kb)),
                    true,
                ));
            }
        }
    }
}

/// Whether a user sees the same type: names resolved through aliases, and where the
/// defining names differ (another location became the one defined), the shapes compared.
fn same_ref(old: &Api, new: &Api, a: &TypeRef, b: &TypeRef, depth: usize) -> bool {
    match (a, b) {
        (TypeRef::Named(x), TypeRef::Named(y)) => {
            let (Some(dx), Some(dy)) = (resolve(old, x), resolve(new, y)) else {
                return x == y;
            };
            // The same name (or defining name): its own changes are reported under it.
            x == y
                || dx.name == dy.name
                || (depth < 8 && same_kind(old, new, &dx.kind, &dy.kind, depth + 1))
        }
        (TypeRef::Array(x), TypeRef::Array(y))
        | (TypeRef::Map(x), TypeRef::Map(y))
        | (TypeRef::Nullable(x), TypeRef::Nullable(y)) => same_ref(old, new, x, y, depth),
        _ => a == b,
    }
}

fn same_kind(old: &Api, new: &Api, a: &TypeKind, b: &TypeKind, depth: usize) -> bool {
    match (a, b) {
        (TypeKind::Struct(x), TypeKind::Struct(y)) => {
            x.fields.len() == y.fields.len()
                && x.additional.is_some() == y.additional.is_some()
                && x.fields.iter().zip(&y.fields).all(|(f, g)| {
                    f.wire_name == g.wire_name
                        && f.required == g.required
                        && f.constant == g.constant
                        && same_ref(old, new, &f.ty, &g.ty, depth)
                })
                && x.flattened.len() == y.flattened.len()
                && x.flattened
                    .iter()
                    .zip(&y.flattened)
                    .all(|(f, g)| same_ref(old, new, &f.ty, &g.ty, depth))
        }
        (TypeKind::Enum(x), TypeKind::Enum(y)) => x.values == y.values,
        (TypeKind::TaggedUnion(x), TypeKind::TaggedUnion(y)) => {
            x.tags == y.tags
                && x.variants.len() == y.variants.len()
                && x.variants.iter().zip(&y.variants).all(|(v, w)| {
                    v.tag_values == w.tag_values
                        && same_ref(
                            old,
                            new,
                            &TypeRef::Named(v.payload.clone()),
                            &TypeRef::Named(w.payload.clone()),
                            depth,
                        )
                })
        }
        (TypeKind::Untagged(x), TypeKind::Untagged(y)) => {
            x.variants.len() == y.variants.len()
                && x.variants
                    .iter()
                    .zip(&y.variants)
                    .all(|(v, w)| v.name == w.name && same_ref(old, new, &v.ty, &w.ty, depth))
        }
        (TypeKind::Alias(x), TypeKind::Alias(y)) => same_ref(old, new, x, y, depth),
        _ => false,
    }
}

fn variants(
    old: &Api,
    new: &Api,
    name: &str,
    vx: &BTreeMap<String, TypeRef>,
    vy: &BTreeMap<String, TypeRef>,
    out: &mut Vec<Change>,
) {
    for (k, payload) in vx {
        match vy.get(k) {
            None => out.push(change(
                Item::Variant,
                What::Removed,
                format!("{name}::{k}"),
                "",
                true,
            )),
            Some(p) if !same_ref(old, new, payload, p, 0) => out.push(change(
                Item::Variant,
                What::Retyped,
                format!("{name}::{k}"),
                format!("{} -> {}", type_text(payload), type_text(p)),
                true,
            )),
            Some(_) => {}
        }
    }
    for k in vy.keys() {
        if !vx.contains_key(k) {
            out.push(change(
                Item::Variant,
                What::Added,
                format!("{name}::{k}"),
                "",
                false,
            ));
        }
    }
}

/// A type reference in the words of the spec (`string`, `array of User`, `nullable i32`).
fn type_text(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "string".into(),
        TypeRef::Boolean => "boolean".into(),
        TypeRef::Integer(f) => f.rust_name().into(),
        TypeRef::Number => "number".into(),
        TypeRef::Uuid => "uuid".into(),
        TypeRef::DateTime => "date-time".into(),
        TypeRef::Date => "date".into(),
        TypeRef::Json => "any JSON".into(),
        TypeRef::Bytes => "bytes".into(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Array(i) => format!("array of {}", type_text(i)),
        TypeRef::Map(v) => format!("map of {}", type_text(v)),
        TypeRef::Nullable(i) => format!("nullable {}", type_text(i)),
    }
}
