//! Paths and operations → endpoints with request, response, pagination and auth.
//!
//! Every path becomes one client method, called with POST when the path has a POST
//! operation (its other methods are recorded, not emitted separately). Every
//! operation of every method is still lowered, so all request and response schemas
//! are checked and their types exist.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode,
};
use serde_json::Value;

use super::refs::{object_view, SchemaRef};
use super::schema::flag_message;
use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{
    AuthScheme, Docs, Endpoint, Field, Pagination, Response, StructDef, TypeKind, TypeRef,
};
use crate::naming::{field_name, location, second_choice, type_name, Scope};

pub(super) const METHOD_PREFERENCE: &[&str] = &[
    "post", "get", "put", "patch", "delete", "options", "head", "trace",
];

struct Lowered {
    request: Option<String>,
    request_has_required: bool,
    response: Response,
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_endpoints(&mut self) -> Vec<Endpoint> {
        match self.config.calls {
            crate::config::CallStyle::AsDeclared => self.lower_operations(),
            crate::config::CallStyle::PostJsonPerPath => self.lower_paths(),
        }
    }

    /// The path items, sorted by path; a path item that is a `$ref` is an error and left out.
    pub(super) fn path_items(&mut self) -> Vec<(&'a String, &'a PathItem)> {
        let doc: &'a crate::parse::Document = self.doc;
        let mut sorted: Vec<(&'a String, &'a ReferenceOr<PathItem>)> =
            doc.spec.paths.paths.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = Vec::with_capacity(sorted.len());
        for (path, item) in sorted {
            match item {
                ReferenceOr::Item(i) => out.push((path, i)),
                ReferenceOr::Reference { .. } => self.diags.error(
                    &pointer_push(&pointer_push("/paths", path), "$ref"),
                    "path item references are not supported",
                ),
            }
        }
        out
    }

    /// `PostJsonPerPath`: one method per path, called with POST and a JSON body.
    fn lower_paths(&mut self) -> Vec<Endpoint> {
        let sorted = self.path_items();

        // Group tree: which child groups each group has, to keep method names off them.
        let mut children: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
        for (path, _) in &sorted {
            let (group, _) = split_path(path);
            for i in 0..group.len() {
                children
                    .entry(group[..i].to_vec())
                    .or_default()
                    .insert(group[i].clone());
            }
        }
        let mut scopes: BTreeMap<Vec<String>, Scope> = BTreeMap::new();
        let client_methods = super::reserved::client_methods();
        // openapiv3 drops these silently.
        if let Some(Value::Object(raw_paths)) = self.raw_at("/paths") {
            for key in raw_paths
                .keys()
                .filter(|k| !k.starts_with('/') && !k.starts_with("x-"))
            {
                self.diags.warning(
                    &pointer_push("/paths", key),
                    format!("path \"{key}\" does not start with `/`; it is ignored"),
                );
            }
        }

        let mut out = Vec::new();
        for (path, item) in sorted {
            let path_ptr = pointer_push("/paths", path);
            let (group, last) = split_path(path);
            let scope = scopes.entry(group.clone()).or_insert_with(|| {
                let mut reserved: Vec<&str> = children
                    .get(&group)
                    .map(|c| c.iter().map(String::as_str).collect())
                    .unwrap_or_default();
                if group.is_empty() {
                    reserved.extend(client_methods.iter().map(String::as_str));
                }
                Scope::with_reserved(&reserved)
            });
            let name = scope.claim(&last, Some(&second_choice::group_method(&last)));
            let op_name: String = group
                .iter()
                .chain(std::iter::once(&last))
                .map(|s| type_name(s))
                .collect();

            let mut ops: Vec<(&str, &Operation)> = item.iter().collect();
            ops.sort_by_key(|(m, _)| {
                METHOD_PREFERENCE
                    .iter()
                    .position(|p| p == m)
                    .unwrap_or(usize::MAX)
            });
            let Some(&(method, op)) = ops.first() else {
                self.diags
                    .warning(&path_ptr, "path has no operations; no method is generated");
                continue;
            };
            self.check_path_params(path, item, &ops, &path_ptr);
            self.operation_count += ops.len();
            // Twins first lowered under the preferred operation's names, so identical types merge into those.
            let main =
                self.lower_operation(path, item, op, &pointer_push(&path_ptr, method), &op_name);
            for (m, twin) in ops.iter().skip(1) {
                let twin_name = location::property(&op_name, m);
                self.lower_operation(path, item, twin, &pointer_push(&path_ptr, m), &twin_name);
            }
            let op_ptr = pointer_push(&path_ptr, method);
            let pagination = self.pagination(&main, &op_ptr);
            let action_attempt = self
                .config
                .action_attempts
                .as_ref()
                .and_then(|c| op.extensions.get(&c.marker_extension))
                .and_then(Value::as_str)
                .map(str::to_string);
            out.push(Endpoint {
                path: path.clone(),
                group,
                name,
                method: method.to_string(),
                operation_id: op.operation_id.clone(),
                other_methods: ops.iter().skip(1).map(|(m, _)| m.to_string()).collect(),
                docs: op_docs(op),
                request: main.request,
                request_has_required: main.request_has_required,
                params: Vec::new(),
                body: None,
                response: main.response,
                response_media: None,
                response_optional: false,
                errors: Vec::new(),
                error_type: None,
                pagination,
                action_attempt,
                auth: op
                    .security
                    .iter()
                    .flatten()
                    .flat_map(|req| req.keys().cloned())
                    .collect(),
            });
        }
        out
    }

    /// Every `{name}` in a path template must be declared as a path parameter.
    /// Every `{name}` in a path template must be declared as a path parameter; and even
    /// then the client cannot fill it in: it calls every endpoint at a fixed path with
    /// its parameters in the JSON body, so a template would be sent literally.
    fn check_path_params(
        &mut self,
        path: &str,
        item: &PathItem,
        ops: &[(&str, &Operation)],
        path_ptr: &str,
    ) {
        let mut rest = path;
        while let Some((_, after)) = rest.split_once('{') {
            let Some((name, tail)) = after.split_once('}') else {
                self.diags.error(
                    path_ptr,
                    format!("unclosed `{{` in path template \"{path}\""),
                );
                return;
            };
            rest = tail;
            let mut all_declared = true;
            for (method, op) in ops {
                let declared =
                    item.parameters
                        .iter()
                        .chain(op.parameters.iter())
                        .any(|p| match p {
                            ReferenceOr::Item(Parameter::Path { parameter_data, .. }) => {
                                parameter_data.name == name
                            }
                            _ => false,
                        });
                if !declared {
                    all_declared = false;
                    self.diags.error(&pointer_push(path_ptr, method), format!("path parameter `{{{name}}}` is used in the path but not declared as an `in: path` parameter"));
                }
            }
            if all_declared {
                self.diags.error(path_ptr, format!("path templates are not supported: the client calls each endpoint at a fixed path, so `{{{name}}}` would be sent literally"));
            }
        }
    }

    /// Say which endpoint a request or response body type belongs to, when it has no docs of its own.
    fn document_body(&mut self, name: &str, what: &str, method: &str, path: &str) {
        if let Some(def) = self.types.get_mut(name) {
            if def.docs.description.is_none() && def.docs.title.is_none() {
                def.docs.description =
                    Some(format!("{what} of `{} {path}`.", method.to_uppercase()));
            }
        }
    }

    fn lower_operation(
        &mut self,
        path: &str,
        item: &'a PathItem,
        op: &'a Operation,
        op_ptr: &str,
        op_name: &str,
    ) -> Lowered {
        let request_hint = location::request(op_name);
        let mut request = None;
        let mut request_has_required = false;
        if let Some(body) = &op.request_body {
            let body_ptr = pointer_push(op_ptr, "requestBody");
            match body {
                ReferenceOr::Reference { .. } => self.diags.error(
                    &pointer_push(&body_ptr, "$ref"),
                    "request body references are not supported",
                ),
                ReferenceOr::Item(b) => {
                    let content_ptr = pointer_push(&body_ptr, "content");
                    match b
                        .content
                        .get("application/json")
                        .and_then(|m| m.schema.as_ref().map(|s| (m, s)))
                    {
                        Some((_, schema)) => {
                            let ptr = pointer_push(
                                &pointer_push(&content_ptr, "application/json"),
                                "schema",
                            );
                            self.root = Some((request_hint.clone(), path.to_string()));
                            let ty = self.lower_ref(schema.into(), &ptr, &request_hint);
                            self.root = None;
                            request_has_required = self.has_required(&ty);
                            request = Some(self.named(ty, &request_hint, &ptr));
                        }
                        None if !b.content.is_empty() => {
                            self.diags.warning(&content_ptr, "request body has no application/json schema; the operation is called without a body");
                        }
                        None => {}
                    }
                }
            }
        }
        if request.is_none() {
            if let Some(def) = self.params_struct(item, op, op_ptr, &request_hint) {
                request_has_required = def.fields.iter().any(|f| f.required);
                self.root = Some((request_hint.clone(), path.to_string()));
                let name = self.intern(
                    &request_hint,
                    op_ptr,
                    Docs::default(),
                    TypeKind::Struct(def),
                );
                self.root = None;
                request = Some(name);
            }
        }
        let response = self.lower_response(op, op_ptr, op_name, path);
        let method = op_ptr.rsplit('/').next().unwrap_or("post");
        if let Some(r) = &request {
            self.document_body(r, "Request body", method, path);
        }
        if let Response::Body { body } | Response::Key { body, .. } = &response {
            self.document_body(body, "Response body", method, path);
        }
        Lowered {
            request,
            request_has_required,
            response,
        }
    }

    /// Query/header parameters (GET twins, parameter-only operations) as a request struct.
    fn params_struct(
        &mut self,
        item: &'a PathItem,
        op: &'a Operation,
        op_ptr: &str,
        hint: &str,
    ) -> Option<StructDef> {
        let mut scope = Scope::default();
        let mut fields: Vec<Field> = Vec::new();
        for (i, p) in item
            .parameters
            .iter()
            .chain(op.parameters.iter())
            .enumerate()
        {
            let ptr = pointer_push(&pointer_push(op_ptr, "parameters"), &i.to_string());
            let ReferenceOr::Item(p) = p else {
                self.diags.warning(
                    &ptr,
                    "parameter references are not supported; parameter ignored",
                );
                continue;
            };
            let data = p.parameter_data_ref();
            if fields.iter().any(|f| f.wire_name == data.name) {
                continue;
            }
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                self.diags.warning(
                    &ptr,
                    "parameters with `content` are not supported; parameter ignored",
                );
                continue;
            };
            let name = scope.claim(&field_name(&data.name), None);
            let field_hint = location::property(hint, &data.name);
            let mut field = self.lower_field(
                SchemaRef::from(schema),
                &pointer_push(&ptr, "schema"),
                &data.name,
                name,
                &field_hint,
                data.required,
            );
            if field.docs.description.is_none() {
                field.docs.description = data.description.clone();
            }
            fields.push(field);
        }
        (!fields.is_empty()).then_some(StructDef {
            fields,
            flattened: Vec::new(),
            additional: Some(TypeRef::Json),
        })
    }

    fn lower_response(
        &mut self,
        op: &'a Operation,
        op_ptr: &str,
        op_name: &str,
        path: &str,
    ) -> Response {
        let responses_ptr = pointer_push(op_ptr, "responses");
        // openapiv3 drops these silently.
        if let Some(Value::Object(raw)) = self.raw_at(&responses_ptr) {
            for key in raw.keys().filter(|k| {
                *k != "default" && !k.starts_with("x-") && !crate::shape::is_status_code(k)
            }) {
                self.diags.warning(&pointer_push(&responses_ptr, key), format!("\"{key}\" is not a status code (such as 200 or 2XX); this response is ignored"));
            }
        }
        let mut success: Vec<(u16, String, &ReferenceOr<openapiv3::Response>)> = Vec::new();
        for (code, r) in &op.responses.responses {
            let n = match code {
                StatusCode::Code(n) => *n,
                StatusCode::Range(n) => *n * 100,
            };
            if (200..300).contains(&n) {
                success.push((n, code.to_string(), r));
            }
        }
        success.sort_by_key(|(n, _, _)| *n);
        let Some((_, code_key, r)) = success.into_iter().next() else {
            return Response::Void;
        };
        let ptr = pointer_push(&responses_ptr, &code_key);
        let response = match r {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { .. } => {
                self.diags.warning(
                    &pointer_push(&ptr, "$ref"),
                    "response references are not supported; the response body is ignored",
                );
                return Response::Void;
            }
        };
        let Some(schema) = response
            .content
            .get("application/json")
            .and_then(|m| m.schema.as_ref())
        else {
            return Response::Void;
        };
        let schema_ptr = pointer_push(
            &pointer_push(&pointer_push(&ptr, "content"), "application/json"),
            "schema",
        );
        self.lower_json_response(
            schema.into(),
            &schema_ptr,
            op,
            op_ptr,
            &location::response(op_name),
            path,
        )
    }

    /// A JSON success body: with a response envelope in the codegen config, the value of
    /// its one key (or the key the key extension names); else the whole body.
    pub(super) fn lower_json_response(
        &mut self,
        schema: SchemaRef<'a>,
        schema_ptr: &str,
        op: &'a Operation,
        op_ptr: &str,
        hint: &str,
        path: &str,
    ) -> Response {
        let hint = hint.to_string();
        let Some((resolved, at)) = self.resolve(schema, schema_ptr) else {
            return Response::Void;
        };
        let (Some(view), Some(envelope)) = (object_view(resolved), self.config.responses.clone())
        else {
            let ty = self.lower_ref(schema, schema_ptr, &hint);
            // A wrapper (alias) is the operation's own, named after it.
            self.root = Some((hint.clone(), path.to_string()));
            let body = self.named(ty, &hint, schema_ptr);
            self.root = None;
            return Response::Body { body };
        };
        // Envelope properties (Seam's `ok`) and the key extension come from the codegen config.
        let keys: Vec<&String> = view
            .properties
            .keys()
            .filter(|k| !envelope.envelope_properties.contains(k))
            .collect();
        if keys.is_empty() {
            return Response::Void;
        }
        let def = self.lower_struct(&view, &at, &hint, &envelope.envelope_properties);
        let declared = envelope
            .key_extension
            .as_ref()
            .and_then(|ext| op.extensions.get(ext).map(|v| (ext, v)));
        let key = match declared {
            Some((ext, Value::String(k))) => {
                if !keys.contains(&k) {
                    self.diags.warning(&pointer_push(op_ptr, ext), format!("{ext} \"{k}\" is not a property of the response; the whole body is returned"));
                }
                Some(k.clone())
            }
            _ if keys.len() == 1 => keys.first().map(|k| (*k).clone()),
            _ => None,
        };
        let field = key
            .as_ref()
            .and_then(|k| def.fields.iter().find(|f| &f.wire_name == k))
            .cloned();
        self.root = Some((hint.clone(), path.to_string()));
        let body = self.intern(&hint, &at, Docs::default(), TypeKind::Struct(def));
        self.root = None;
        match field {
            Some(f) => Response::Key {
                body,
                key: f.wire_name.clone(),
                field: f.name.clone(),
                ty: if f.required { f.ty } else { f.ty.nullable() },
            },
            None => Response::Body { body },
        }
    }

    /// A list operation is paginated when its body has the page object and its request the cursor.
    fn pagination(&mut self, lowered: &Lowered, op_ptr: &str) -> Option<Pagination> {
        let cfg = self.config.pagination.as_ref()?;
        let Response::Key { body, ty, .. } = &lowered.response else {
            return None;
        };
        let TypeRef::Array(item) = ty else {
            return None;
        };
        let body_def = match &self.types.get(body)?.kind {
            TypeKind::Struct(s) => s,
            _ => return None,
        };
        let page_field = body_def
            .fields
            .iter()
            .find(|f| f.wire_name == cfg.response_property)?;
        let request = lowered.request.as_ref()?;
        let cursor = match &self.types.get(request)?.kind {
            TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire_name == cfg.cursor_field)?,
            _ => return None,
        };
        if !matches!(page_field.ty, TypeRef::Named(_)) {
            self.diags.warning(
                op_ptr,
                format!(
                    "`{}` is not a named object; pagination is not generated",
                    cfg.response_property
                ),
            );
            return None;
        }
        Some(Pagination {
            page_field: page_field.name.clone(),
            item: (**item).clone(),
            cursor_field: cursor.name.clone(),
            has_next_field: cfg.has_next_field.clone(),
            next_cursor_field: cfg.next_cursor_field.clone(),
        })
    }

    /// Whether a request type has required fields (no `Default`).
    fn has_required(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(n) => match self.types.get(n).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => {
                    s.fields.iter().any(|f| f.required) || !s.flattened.is_empty()
                }
                _ => true,
            },
            _ => true,
        }
    }

    /// A request or response type must be named; wrap anything else in an alias.
    fn named(&mut self, ty: TypeRef, hint: &str, pointer: &str) -> String {
        match ty {
            TypeRef::Named(n) => n,
            other => self.intern(hint, pointer, Docs::default(), TypeKind::Alias(other)),
        }
    }

    pub(super) fn lower_auth(&mut self) -> Vec<AuthScheme> {
        let Some(components) = &self.doc.spec.components else {
            return Vec::new();
        };
        let mut out: Vec<AuthScheme> = components
            .security_schemes
            .iter()
            .map(|(name, s)| {
                let (kind, bearer_format) = match s {
                    ReferenceOr::Item(openapiv3::SecurityScheme::HTTP {
                        scheme,
                        bearer_format,
                        ..
                    }) => (
                        if scheme.eq_ignore_ascii_case("bearer") {
                            "bearer".to_string()
                        } else {
                            format!("http:{scheme}")
                        },
                        bearer_format.clone(),
                    ),
                    ReferenceOr::Item(openapiv3::SecurityScheme::APIKey {
                        location, name, ..
                    }) => (
                        format!("{}:{name}", format!("{location:?}").to_lowercase()),
                        None,
                    ),
                    _ => ("other".to_string(), None),
                };
                AuthScheme {
                    name: name.clone(),
                    kind,
                    bearer_format,
                }
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }
}

/// `/acs/users/list` → (["acs", "users"], "list"), as snake_case identifiers.
fn split_path(path: &str) -> (Vec<String>, String) {
    let mut segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| field_name(s.trim_matches(|c| c == '{' || c == '}' || c == '[' || c == ']')))
        .collect();
    let last = segments.pop().unwrap_or_else(|| "root".to_string());
    (segments, last)
}

pub(super) fn op_docs(op: &Operation) -> Docs {
    let ext = |k: &str| flag_message(op.extensions.get(k));
    Docs {
        title: op
            .extensions
            .get("x-title")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| op.summary.clone()),
        description: op
            .description
            .as_ref()
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        deprecated: ext("x-deprecated").or_else(|| op.deprecated.then(String::new)),
        undocumented: ext("x-undocumented"),
        draft: ext("x-draft"),
    }
}
