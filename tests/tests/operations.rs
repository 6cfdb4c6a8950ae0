//! Operations as declared: how parameters become request fields.

use seam_codegen::ir::{ParamIn, TypeRef};
use seam_codegen::Config;

#[test]
fn a_nullable_path_parameter_is_still_a_required_value() {
    let spec = br#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, nullable: true}}
        - {name: tag, in: query, schema: {type: string, nullable: true}}
      responses:
        "204": {description: done}
"#;
    let generated = seam_codegen::generate(spec, "t.yaml", &Config::default()).expect("generates");
    let endpoint = &generated.api.endpoints[0];
    let id = endpoint
        .params
        .iter()
        .find(|p| p.wire_name == "id")
        .expect("the path parameter");
    assert_eq!(id.location, ParamIn::Path);
    assert_eq!(id.ty, TypeRef::String, "a null segment would be sent empty");
    let tag = endpoint
        .params
        .iter()
        .find(|p| p.wire_name == "tag")
        .expect("the query parameter");
    assert_eq!(tag.ty, TypeRef::Nullable(Box::new(TypeRef::String)));
}
