//! Operations as declared (`CallStyle::AsDeclared`): one client method per (path,
//! method), with path / query / header / cookie parameters, a request body in its
//! media type, and responses per status code.
//!
//! Methods are named from `operationId` (snake_case), else from the method and the
//! path (`get_pets_pet_id`), and sit on the client itself (no groups), in path order
//! then method order. What the client cannot do as declared is a located warning.

use indexmap::IndexMap;
use openapiv3::{
    Components, MediaType, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    RequestBody, Schema, SchemaKind, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::endpoints::{op_docs, METHOD_PREFERENCE};
use super::refs::{object_view, SchemaRef};
use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{
    Body, BodyKind, Docs, Endpoint, ErrorResponse, Field, Param, ParamIn, ParamStyle, Part,
    Response, StructDef, TypeKind, TypeRef,
};
use crate::naming::{field_name, location, method_from_path, second_choice, type_name, Scope};

/// A parameter after `$ref`s are resolved, with where it was declared.
struct Declared<'a> {
    param: &'a Parameter,
    pointer: String,
}

/// The media type chosen for a body, and what kind of encoding it is.
fn classify(media: &str) -> Option<BodyKind> {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Some(BodyKind::Json),
        m if m.starts_with("application/") && m.ends_with("+json") => Some(BodyKind::Json),
        "application/x-www-form-urlencoded" => Some(BodyKind::Form),
        "multipart/form-data" => Some(BodyKind::Multipart),
        "application/octet-stream" | "application/pdf" | "application/zip" | "*/*" => {
            Some(BodyKind::Binary)
        }
        m if m.starts_with("image/") || m.starts_with("audio/") || m.starts_with("video/") => {
            Some(BodyKind::Binary)
        }
        "text/plain" | "text/csv" | "text/html" | "text/markdown" => Some(BodyKind::Text),
        _ => None,
    }
}

fn kind_rank(k: BodyKind) -> usize {
    match k {
        BodyKind::Json => 0,
        BodyKind::Form => 1,
        BodyKind::Multipart => 2,
        BodyKind::Binary => 3,
        BodyKind::Text => 4,
    }
}

/// The preferred supported media type of a content map.
fn pick_media(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType, BodyKind)> {
    content
        .iter()
        .filter_map(|(k, m)| classify(k).map(|kind| (k, m, kind)))
        .min_by_key(|(_, _, kind)| kind_rank(*kind))
}

fn is_binary_string(s: &Schema) -> bool {
    matches!(&s.schema_kind, SchemaKind::Type(Type::String(t)) if matches!(t.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary)))
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) -> Vec<Endpoint> {
        let sorted = self.path_items();
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
        let client_methods = super::reserved::client_methods();
        let reserved: Vec<&str> = client_methods.iter().map(String::as_str).collect();
        let mut scope = Scope::with_reserved(&reserved);
        let mut out = Vec::new();
        for (path, item) in sorted {
            let path_ptr = pointer_push("/paths", path);
            let mut ops: Vec<(&'a str, &'a Operation)> = item.iter().collect();
            ops.sort_by_key(|(m, _)| {
                METHOD_PREFERENCE
                    .iter()
                    .position(|p| p == m)
                    .unwrap_or(usize::MAX)
            });
            if ops.is_empty() {
                self.diags
                    .warning(&path_ptr, "path has no operations; no method is generated");
            }
            if !item.servers.is_empty() {
                self.diags.warning(
                    &pointer_push(&path_ptr, "servers"),
                    "path-level `servers` are not used: calls go to the client's base URL",
                );
            }
            for (method, op) in ops {
                self.operation_count += 1;
                let op_ptr = pointer_push(&path_ptr, method);
                if let Some(e) =
                    self.lower_operation_declared(path, method, item, op, &op_ptr, &mut scope)
                {
                    out.push(e);
                }
            }
        }
        out
    }

    fn lower_operation_declared(
        &mut self,
        path: &str,
        method: &str,
        item: &'a PathItem,
        op: &'a Operation,
        op_ptr: &str,
        scope: &mut Scope,
    ) -> Option<Endpoint> {
        self.warn_unsupported(op, op_ptr);
        let fallback = method_from_path(method, &path_words(path));
        let base = op
            .operation_id
            .as_deref()
            .map(field_name)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| field_name(&fallback));
        let type_base = type_name(op.operation_id.as_deref().unwrap_or(&fallback));
        let hint = location::request(&type_base);

        // Parameters: path-item ones, overridden by the operation's of the same name and location.
        let mut declared: Vec<Declared<'a>> = Vec::new();
        for (list, ptr) in [
            (
                &item.parameters,
                pointer_push(&pointer_push("/paths", path), "parameters"),
            ),
            (&op.parameters, pointer_push(op_ptr, "parameters")),
        ] {
            for (i, p) in list.iter().enumerate() {
                let at = pointer_push(&ptr, &i.to_string());
                let Some((param, pointer)) =
                    self.resolve_component(p, &at, "parameters", |c| &c.parameters)
                else {
                    continue;
                };
                let data = param.parameter_data_ref();
                let loc = location(param);
                declared.retain(|d| {
                    !(d.param.parameter_data_ref().name == data.name && location(d.param) == loc)
                });
                declared.push(Declared { param, pointer });
            }
        }
        // Every `{name}` of the template must be a declared path parameter.
        let template = match crate::ir::parse_template(path) {
            Ok(t) => t,
            Err(msg) => {
                self.diags.error(&pointer_push("/paths", path), msg);
                return None;
            }
        };
        let mut ok = true;
        for name in template.iter().filter_map(|s| s.strip_prefix('{')) {
            if !declared.iter().any(|d| {
                location(d.param) == ParamIn::Path && d.param.parameter_data_ref().name == name
            }) {
                self.diags.error(op_ptr, format!("path parameter `{{{name}}}` is used in the path but not declared as an `in: path` parameter"));
                ok = false;
            }
        }
        if !ok {
            return None;
        }

        let mut fields_scope = Scope::default();
        let mut fields: Vec<Field> = Vec::new();
        let mut params: Vec<Param> = Vec::new();
        for d in &declared {
            let data = d.param.parameter_data_ref();
            let loc = location(d.param);
            if loc == ParamIn::Path
                && !template
                    .iter()
                    .any(|s| s.strip_prefix('{') == Some(data.name.as_str()))
            {
                self.diags.warning(
                    &d.pointer,
                    format!(
                        "path parameter `{}` does not appear in the path; it is not sent",
                        data.name
                    ),
                );
                continue;
            }
            if loc == ParamIn::Header
                && ["accept", "content-type", "authorization"]
                    .contains(&data.name.to_ascii_lowercase().as_str())
            {
                self.diags.warning(&d.pointer, format!("header parameter `{}` is set by the client itself; it is not a method argument", data.name));
                continue;
            }
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                if data.required || loc == ParamIn::Path {
                    self.diags.warning(&d.pointer, format!("required parameter `{}` declares `content` instead of `schema`, which the client cannot send: no method is generated for this operation", data.name));
                    return None;
                }
                self.diags.warning(&d.pointer, format!("parameter `{}` declares `content` instead of `schema`; the client does not send it", data.name));
                continue;
            };
            let name = fields_scope.claim(
                &field_name(&data.name),
                Some(&second_choice::param_field(&data.name, &format!("{loc:?}"))),
            );
            let field_hint = location::property(&type_base, &data.name);
            let required = data.required || loc == ParamIn::Path;
            let mut field = self.lower_field(
                SchemaRef::from(schema),
                &pointer_push(&d.pointer, "schema"),
                &data.name,
                name.clone(),
                &field_hint,
                required,
            );
            if loc == ParamIn::Path && matches!(field.ty, TypeRef::Nullable(_)) {
                // A path segment cannot be null (it would be sent empty): the value is required.
                field.ty = field.ty.non_null();
            }
            if field.docs.description.is_none() {
                field.docs.description = data.description.clone();
            }
            if data.deprecated == Some(true) && field.docs.deprecated.is_none() {
                field.docs.deprecated = Some(String::new());
            }
            let (style, default_explode) = style_of(d.param);
            if style == ParamStyle::DeepObject
                && !matches!(
                    field.ty,
                    TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::Array(_)
                )
            {
                self.diags.warning(
                    &d.pointer,
                    format!(
                        "`deepObject` parameter `{}` is not an object; sent as `{}=value`",
                        data.name, data.name
                    ),
                );
            }
            params.push(Param {
                wire_name: data.name.clone(),
                field: name,
                location: loc,
                style,
                explode: data.explode.unwrap_or(default_explode),
                required,
                ty: field.ty.clone(),
            });
            fields.push(field);
        }

        let body_ptr = pointer_push(op_ptr, "requestBody");
        let mut body = None;
        if let Some(b) = &op.request_body {
            if let Some((rb, at)) =
                self.resolve_component(b, &body_ptr, "requestBodies", |c| &c.request_bodies)
            {
                match self.lower_body(rb, &at, &type_base, &mut fields_scope, &mut fields) {
                    Ok(b) => body = b,
                    Err(()) => return None,
                }
            }
        }

        let request = (!fields.is_empty()).then(|| {
            let def = StructDef {
                fields,
                flattened: Vec::new(),
                additional: None,
            };
            let has_required = def.fields.iter().any(|f| f.required);
            self.root = Some((hint.clone(), format!("{method} {path}")));
            let name = self.intern(
                &hint,
                op_ptr,
                Docs {
                    description: Some(format!("Arguments of `{} {path}`.", method.to_uppercase())),
                    ..Docs::default()
                },
                TypeKind::Struct(def),
            );
            self.root = None;
            (name, has_required)
        });

        let (response, response_media, errors, error_type, response_optional) =
            self.lower_responses_declared(op, op_ptr, &type_base, &format!("{method} {path}"));
        let name = scope.claim(
            &base,
            Some(&second_choice::method_with_http_method(&base, method)),
        );
        let security = op.security.as_ref().or(self.doc.spec.security.as_ref());
        Some(Endpoint {
            path: path.to_string(),
            group: Vec::new(),
            name,
            method: method.to_string(),
            operation_id: op.operation_id.clone(),
            other_methods: Vec::new(),
            docs: op_docs(op),
            request_has_required: request.as_ref().is_some_and(|r| r.1),
            request: request.map(|r| r.0),
            params,
            body,
            response,
            response_media,
            response_optional,
            errors,
            error_type,
            pagination: None,
            action_attempt: None,
            auth: security
                .iter()
                .flat_map(|s| s.iter())
                .flat_map(|req| req.keys().cloned())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
        })
    }

    /// Callbacks, links, operation servers: said once, located, with what the client does instead.
    fn warn_unsupported(&mut self, op: &'a Operation, op_ptr: &str) {
        if !op.callbacks.is_empty() {
            self.diags.warning(
                &pointer_push(op_ptr, "callbacks"),
                "callbacks are not supported: the client does not receive them",
            );
        }
        if !op.servers.is_empty() {
            self.diags.warning(
                &pointer_push(op_ptr, "servers"),
                "operation-level `servers` are not used: calls go to the client's base URL",
            );
        }
    }

    /// The request body in its preferred supported media type, as fields of the request
    /// struct. `Err` when a required body has no supported media type (no method).
    fn lower_body(
        &mut self,
        rb: &'a RequestBody,
        at: &str,
        type_base: &str,
        scope: &mut Scope,
        fields: &mut Vec<Field>,
    ) -> Result<Option<Body>, ()> {
        let content_ptr = pointer_push(at, "content");
        let Some((media, mt, kind)) = pick_media(&rb.content) else {
            if rb.content.is_empty() {
                return Ok(None);
            }
            let types: Vec<&str> = rb.content.keys().map(String::as_str).collect();
            let what = format!("request body media type(s) {} not supported (JSON, form, multipart, binary and text are)", types.join(", "));
            if rb.required {
                self.diags.warning(
                    &content_ptr,
                    format!("{what}: no method is generated for this operation"),
                );
                return Err(());
            }
            self.diags.warning(
                &content_ptr,
                format!("{what}: the operation is called without its optional body"),
            );
            return Ok(None);
        };
        let schema_ptr = pointer_push(&pointer_push(&content_ptr, media), "schema");
        let hint = location::body(type_base);
        let mut body = Body {
            kind,
            media_type: media.clone(),
            field: None,
            required: rb.required,
            parts: Vec::new(),
            encoding: Vec::new(),
        };
        if kind == BodyKind::Form {
            let enc_ptr = pointer_push(&pointer_push(&content_ptr, media), "encoding");
            for (prop, enc) in &mt.encoding {
                let Some(style) = &enc.style else { continue };
                let style = match style {
                    openapiv3::QueryStyle::Form => ParamStyle::Form,
                    openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
                };
                // `openapiv3` reads a missing `explode` as false; the spec's default is true for `form`.
                let raw = self
                    .raw_at(&pointer_push(&pointer_push(&enc_ptr, prop), "explode"))
                    .and_then(Value::as_bool);
                let explode = raw.unwrap_or(style == ParamStyle::Form);
                body.encoding.push(crate::ir::PropertyEncoding {
                    wire_name: prop.clone(),
                    style,
                    explode,
                });
            }
        }
        let ty = match kind {
            BodyKind::Binary => TypeRef::Bytes,
            BodyKind::Text => TypeRef::String,
            BodyKind::Multipart => {
                let resolved = mt
                    .schema
                    .as_ref()
                    .and_then(|s| self.resolve(s.into(), &schema_ptr));
                let Some(view) = resolved.as_ref().and_then(|(s, _)| object_view(s)) else {
                    self.diags.warning(
                        &schema_ptr,
                        "multipart body without object properties: no parts are sent",
                    );
                    return Ok(Some(body));
                };
                let at = resolved.map(|(_, at)| at).unwrap_or_default();
                for (wire, prop) in view.properties {
                    let ptr = pointer_push(&pointer_push(&at, "properties"), wire);
                    let required = view.required.contains(wire);
                    let file = self
                        .resolve(SchemaRef::from(prop), &ptr)
                        .is_some_and(|(s, _)| is_binary_string(s));
                    let name = scope.claim(
                        &field_name(wire),
                        Some(&format!("{}_part", field_name(wire))),
                    );
                    let mut field = if file {
                        Field {
                            wire_name: wire.clone(),
                            name: name.clone(),
                            ty: TypeRef::Bytes,
                            required,
                            docs: Docs::default(),
                            constraints: Default::default(),
                            constant: None,
                        }
                    } else {
                        self.lower_field(
                            prop.into(),
                            &ptr,
                            wire,
                            name.clone(),
                            &location::property(&hint, wire),
                            required,
                        )
                    };
                    if !rb.required {
                        field.required = false;
                    }
                    body.parts.push(Part {
                        wire_name: wire.clone(),
                        field: name,
                        file,
                        required: field.required,
                    });
                    fields.push(field);
                }
                return Ok(Some(body));
            }
            BodyKind::Json | BodyKind::Form => match &mt.schema {
                Some(s) => {
                    self.root = Some((hint.clone(), schema_ptr.clone()));
                    let ty = self.lower_ref(s.into(), &schema_ptr, &hint);
                    self.root = None;
                    ty
                }
                None => TypeRef::Json,
            },
        };
        if kind == BodyKind::Form
            && !matches!(&ty, TypeRef::Named(n) if matches!(self.types.get(n).map(|t| &t.kind), Some(TypeKind::Struct(_))))
            && ty != TypeRef::Json
        {
            self.diags.warning(
                &schema_ptr,
                "form body that is not an object: sent as its JSON form, one `value` pair",
            );
        }
        let name = scope.claim("body", Some("request_body"));
        body.field = Some(name.clone());
        let docs = Docs {
            description: rb
                .description
                .clone()
                .or_else(|| Some(format!("The request body (`{media}`)."))),
            ..Docs::default()
        };
        fields.push(Field {
            wire_name: name,
            name: body.field.clone().unwrap_or_default(),
            ty,
            required: rb.required,
            docs,
            constraints: Default::default(),
            constant: None,
        });
        Ok(Some(body))
    }

    /// The success response (lowest 2xx), and the declared error responses with their common type.
    fn lower_responses_declared(
        &mut self,
        op: &'a Operation,
        op_ptr: &str,
        type_base: &str,
        root_key: &str,
    ) -> (
        Response,
        Option<String>,
        Vec<ErrorResponse>,
        Option<TypeRef>,
        bool,
    ) {
        let responses_ptr = pointer_push(op_ptr, "responses");
        if let Some(Value::Object(raw)) = self.raw_at(&responses_ptr) {
            for key in raw.keys().filter(|k| {
                *k != "default" && !k.starts_with("x-") && !crate::shape::is_status_code(k)
            }) {
                self.diags.warning(&pointer_push(&responses_ptr, key), format!("\"{key}\" is not a status code (such as 200 or 2XX); this response is ignored"));
            }
        }
        let mut all: Vec<(u16, String, &'a ReferenceOr<openapiv3::Response>)> = Vec::new();
        for (code, r) in &op.responses.responses {
            let n = match code {
                StatusCode::Code(n) => *n,
                StatusCode::Range(n) => *n * 100,
            };
            all.push((n, code.to_string(), r));
        }
        if let Some(d) = &op.responses.default {
            all.push((0, "default".to_string(), d));
        }
        // Resolve every response first: the success is the lowest 2xx with a body the
        // client can decode (else the lowest 2xx); other bodiless 2xx make it optional.
        let mut resolved: Vec<(u16, String, &'a openapiv3::Response, String)> = Vec::new();
        for (n, key, r) in all {
            let ptr = pointer_push(&responses_ptr, &key);
            if let Some((resp, at)) = self.resolve_component(r, &ptr, "responses", |c| &c.responses)
            {
                resolved.push((n, key, resp, at));
            }
        }
        let is_2xx = |n: &u16| (200..300).contains(n);
        let success_code = resolved
            .iter()
            .filter(|(n, _, r, _)| is_2xx(n) && pick_media(&r.content).is_some())
            .map(|(n, _, _, _)| *n)
            .min()
            .or_else(|| {
                resolved
                    .iter()
                    .filter(|(n, _, _, _)| is_2xx(n))
                    .map(|(n, _, _, _)| *n)
                    .min()
            });
        let bodiless_2xx = resolved.iter().any(|(n, _, r, _)| {
            is_2xx(n) && Some(*n) != success_code && pick_media(&r.content).is_none()
        });
        let mut response = Response::Void;
        let mut media_out = None;
        let mut errors = Vec::new();
        let mut error_types: Vec<TypeRef> = Vec::new();
        for (n, key, resp, at) in resolved {
            for (h, header) in &resp.headers {
                self.resolve_component(
                    header,
                    &pointer_push(&pointer_push(&at, "headers"), h),
                    "headers",
                    |c| &c.headers,
                );
            }
            if !resp.links.is_empty() {
                self.diags.warning(
                    &pointer_push(&at, "links"),
                    "response links are not supported: the client does not follow them",
                );
            }
            let content_ptr = pointer_push(&at, "content");
            let picked = pick_media(&resp.content);
            if picked.is_none() && !resp.content.is_empty() {
                let types: Vec<&str> = resp.content.keys().map(String::as_str).collect();
                self.diags.warning(&content_ptr, format!("response media type(s) {} not supported: the body of this response is not decoded", types.join(", ")));
            }
            if Some(n) == success_code {
                let Some((media, mt, kind)) = picked else {
                    continue;
                };
                let schema_ptr = pointer_push(&pointer_push(&content_ptr, media), "schema");
                response = match kind {
                    BodyKind::Binary => Response::Bytes,
                    BodyKind::Text => Response::Text,
                    _ => match &mt.schema {
                        Some(s) => self.lower_json_response(
                            s.into(),
                            &schema_ptr,
                            op,
                            op_ptr,
                            &location::response(type_base),
                            root_key,
                        ),
                        None => Response::Void,
                    },
                };
                if kind != BodyKind::Json {
                    media_out = Some(media.clone());
                }
            } else if !(200..300).contains(&n) {
                let typed = match picked {
                    Some((media, mt, BodyKind::Json)) => match &mt.schema {
                        Some(s) => {
                            let schema_ptr =
                                pointer_push(&pointer_push(&content_ptr, media), "schema");
                            let ty =
                                self.lower_ref(s.into(), &schema_ptr, &location::error(type_base));
                            if !error_types.contains(&ty) {
                                error_types.push(ty);
                            }
                            true
                        }
                        None => false,
                    },
                    _ => false,
                };
                errors.push(ErrorResponse { status: key, typed });
            }
        }
        let error_type = match error_types.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            _ => Some(TypeRef::Json),
        };
        let optional =
            bodiless_2xx && matches!(response, Response::Body { .. } | Response::Key { .. });
        (response, media_out, errors, error_type, optional)
    }

    /// Follow `#/components/<section>/<name>` references to the item.
    pub(super) fn resolve_component<T>(
        &mut self,
        r: &'a ReferenceOr<T>,
        pointer: &str,
        section: &str,
        map: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Option<(&'a T, String)> {
        let doc: &'a crate::parse::Document = self.doc;
        let mut current = r;
        let mut at = pointer.to_string();
        let prefix = format!("#/components/{section}/");
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(t) => return Some((t, at)),
                ReferenceOr::Reference { reference } => {
                    let ptr = pointer_push(&at, "$ref");
                    let Some(escaped) =
                        reference.strip_prefix(&prefix).filter(|k| !k.contains('/'))
                    else {
                        self.diags.error(&ptr, format!("`$ref` \"{reference}\" does not point under #/components/{section} (only local references are supported)"));
                        return None;
                    };
                    let key = escaped.replace("~1", "/").replace("~0", "~");
                    let Some(next) = doc.spec.components.as_ref().and_then(|c| map(c).get(&key))
                    else {
                        self.diags.error(&ptr, format!("`$ref` \"{reference}\" points to nothing (no components.{section}.{key})"));
                        return None;
                    };
                    at = pointer_push(&format!("/components/{section}"), &key);
                    current = next;
                }
            }
        }
        self.diags.error(
            pointer,
            format!("`$ref` chain under #/components/{section} is a cycle or longer than 32"),
        );
        None
    }
}

fn location(p: &Parameter) -> ParamIn {
    match p {
        Parameter::Path { .. } => ParamIn::Path,
        Parameter::Query { .. } => ParamIn::Query,
        Parameter::Header { .. } => ParamIn::Header,
        Parameter::Cookie { .. } => ParamIn::Cookie,
    }
}

/// The style and its default `explode`.
fn style_of(p: &Parameter) -> (ParamStyle, bool) {
    use openapiv3::{PathStyle, QueryStyle};
    match p {
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple => (ParamStyle::Simple, false),
            PathStyle::Label => (ParamStyle::Label, false),
            PathStyle::Matrix => (ParamStyle::Matrix, false),
        },
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => (ParamStyle::Form, true),
            QueryStyle::SpaceDelimited => (ParamStyle::SpaceDelimited, false),
            QueryStyle::PipeDelimited => (ParamStyle::PipeDelimited, false),
            QueryStyle::DeepObject => (ParamStyle::DeepObject, true),
        },
        Parameter::Header { .. } => (ParamStyle::Simple, false),
        Parameter::Cookie { .. } => (ParamStyle::Form, true),
    }
}

/// `/pets/{petId}/toys` → `pets_pet_id_toys` (for method names without an operationId).
fn path_words(path: &str) -> String {
    let words: Vec<String> = path
        .split('/')
        .map(|s| s.trim_matches(|c| c == '{' || c == '}'))
        .filter(|s| !s.is_empty())
        .map(field_name)
        .collect();
    if words.is_empty() {
        "root".to_string()
    } else {
        words.join("_")
    }
}
