//! Calls of the petstore-like fixture (`tests/fixtures/declared/petstore.yaml`, called
//! as declared) against a local mock server: the exact request line, headers and
//! body of each, and how responses come back.

use std::time::Duration;

use compiled_snapshots::petstore::runtime::Error;
use compiled_snapshots::petstore::{types, PetShopClient, PetShopClientBuilder};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "secret key/1";

async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn builder(server: &MockServer) -> PetShopClientBuilder {
    PetShopClient::builder()
        .base_url(server.uri())
        .max_retries(0)
        .timeout(Duration::from_secs(5))
}

fn client(server: &MockServer) -> PetShopClient {
    builder(server).api_key(KEY).build().unwrap()
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut all = server.received_requests().await.unwrap();
    assert_eq!(all.len(), 1, "expected exactly one request");
    all.remove(0)
}

/// `METHOD /path?query`.
fn request_line(r: &Request) -> String {
    match r.url.query() {
        Some(q) => format!("{} {}?{}", r.method, r.url.path(), q),
        None => format!("{} {}", r.method, r.url.path()),
    }
}

fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
    r.headers.get(name).and_then(|v| v.to_str().ok())
}

fn pet_json() -> serde_json::Value {
    json!({"id": 7, "name": "Rex"})
}

#[tokio::test]
async fn get_with_exploded_array_query_sends_no_body() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!([pet_json()]))).await;
    let mut req = types::FindPetsRequest::new(vec!["a".into(), "b c".into()]);
    req.limit = Some(10);
    let pets = client(&server).find_pets(req).await.unwrap();
    assert_eq!(pets.len(), 1);
    assert_eq!(pets[0].name, "Rex");
    let r = only_request(&server).await;
    assert_eq!(
        request_line(&r),
        "GET /pets/find?tags=a&tags=b%20c&limit=10"
    );
    assert!(r.body.is_empty());
    assert_eq!(header(&r, "content-type"), None);
    assert_eq!(header(&r, "accept"), Some("application/json"));
}

#[tokio::test]
async fn query_styles_deep_object_form_and_pipe() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let req = types::SearchPetsRequest {
        filter: Some(types::SearchPetsFilter {
            kind: Some("dog".into()),
            min_age: Some(2),
            extra: Default::default(),
        }),
        ids: Some(vec![1, 2]),
        fields: Some(vec!["id".into(), "name".into()]),
    };
    client(&server).search_pets(req).await.unwrap();
    let r = only_request(&server).await;
    assert_eq!(
        request_line(&r),
        "GET /pets/search?filter%5Bkind%5D=dog&filter%5Bmin_age%5D=2&ids=1,2&fields=id%7Cname"
    );
}

#[tokio::test]
async fn path_parameter_is_percent_encoded_and_header_parameter_sent() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(pet_json())).await;
    let mut req = types::GetPetRequest::new("a/b c");
    req.x_request_id = Some("req-42".into());
    let pet = client(&server).get_pet(req).await.unwrap();
    assert_eq!((pet.id, pet.name.as_str()), (7, "Rex"));
    let r = only_request(&server).await;
    assert_eq!(request_line(&r), "GET /pets/a%2Fb%20c");
    assert_eq!(header(&r, "x-request-id"), Some("req-42"));
    assert_eq!(header(&r, "x-api-key"), Some(KEY));
}

#[tokio::test]
async fn delete_returns_unit_on_204() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    client(&server)
        .delete_pet(types::DeletePetRequest::new("p1"))
        .await
        .unwrap();
    let r = only_request(&server).await;
    assert_eq!(request_line(&r), "DELETE /pets/p1");
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn put_sends_json_body() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(pet_json())).await;
    let mut pet = types::Pet::new(7, "Rex");
    pet.tag = Some("good".into());
    client(&server)
        .update_pet(types::UpdatePetRequest::new("7", pet))
        .await
        .unwrap();
    let r = only_request(&server).await;
    assert_eq!(request_line(&r), "PUT /pets/7");
    assert_eq!(header(&r, "content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8(r.body).unwrap(),
        r#"{"id":7,"name":"Rex","tag":"good"}"#
    );
}

#[tokio::test]
async fn post_sends_form_urlencoded_body() {
    let server = server_answering(ResponseTemplate::new(201).set_body_json(pet_json())).await;
    let mut new = types::NewPet::new("Rex & Co");
    new.tags = Some(vec!["a".into(), "b".into()]);
    new.labels = Some(vec!["x".into()]);
    let pet = client(&server)
        .create_pet(types::CreatePetRequest::new(new))
        .await
        .unwrap();
    assert_eq!(pet.id, 7);
    let r = only_request(&server).await;
    assert_eq!(request_line(&r), "POST /pets");
    assert_eq!(
        header(&r, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(r.body).unwrap(),
        "name=Rex%20%26%20Co&tags=a&tags=b&labels%5B%5D=x"
    );
}

#[tokio::test]
async fn multipart_upload_sends_file_and_text_parts() {
    let server = server_answering(
        ResponseTemplate::new(200).set_body_json(json!({"url": "https://x/1.png"})),
    )
    .await;
    let mut req = types::UploadPhotoRequest::new("7", vec![0, 159, 146, 150]);
    req.caption = Some("at the beach".into());
    let stored = client(&server).upload_photo(req).await.unwrap();
    assert_eq!(stored.url, "https://x/1.png");
    let r = only_request(&server).await;
    assert_eq!(request_line(&r), "POST /pets/7/photo");
    let content_type = header(&r, "content-type").unwrap().to_owned();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(&content_type);
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&[0, 159, 146, 150]);
    expected.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nat the beach\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(r.body, expected);
}

#[tokio::test]
async fn octet_stream_download_returns_the_bytes() {
    let bytes = vec![0u8, 1, 2, 255, 254];
    let server = server_answering(
        ResponseTemplate::new(200).set_body_raw(bytes.clone(), "application/octet-stream"),
    )
    .await;
    let got = client(&server)
        .download_photo(types::DownloadPhotoRequest::new("7"))
        .await
        .unwrap();
    assert_eq!(got, bytes);
    let r = only_request(&server).await;
    assert_eq!(request_line(&r), "GET /pets/7/photo");
    assert_eq!(header(&r, "accept"), Some("application/octet-stream"));
}

#[tokio::test]
async fn octet_stream_upload_sends_the_bytes() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    client(&server)
        .replace_photo(types::ReplacePhotoRequest::new("7", vec![9, 8, 7]))
        .await
        .unwrap();
    let r = only_request(&server).await;
    assert_eq!(request_line(&r), "PUT /pets/7/photo");
    assert_eq!(header(&r, "content-type"), Some("application/octet-stream"));
    assert_eq!(r.body, vec![9, 8, 7]);
}

#[tokio::test]
async fn text_body_and_text_response() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw("stored: hi", "text/plain")).await;
    let mut req = types::PutPetsPetIdNoteRequest::new("7");
    req.body = Some("hi".into());
    let text = client(&server).put_pets_pet_id_note(req).await.unwrap();
    assert_eq!(text, "stored: hi");
    let r = only_request(&server).await;
    assert_eq!(request_line(&r), "PUT /pets/7/note");
    assert_eq!(header(&r, "content-type"), Some("text/plain"));
    assert_eq!(r.body, b"hi");
}

#[tokio::test]
async fn cookie_parameter() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    client(&server)
        .get_session(types::GetSessionRequest::new("s 1"))
        .await
        .unwrap();
    let r = only_request(&server).await;
    assert_eq!(request_line(&r), "GET /session");
    assert_eq!(header(&r, "cookie"), Some("session=s%201"));
}

#[tokio::test]
async fn api_key_in_header() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    client(&server)
        .delete_pet(types::DeletePetRequest::new("1"))
        .await
        .unwrap();
    let r = only_request(&server).await;
    assert_eq!(header(&r, "x-api-key"), Some(KEY));
    assert_eq!(header(&r, "authorization"), None);
    assert_eq!(request_line(&r), "DELETE /pets/1");
}

#[tokio::test]
async fn api_key_in_query_joins_the_declared_query() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let c = builder(&server).query_key(KEY).build().unwrap();
    c.find_pets(types::FindPetsRequest::new(vec!["a".into()]))
        .await
        .unwrap();
    let r = only_request(&server).await;
    assert_eq!(
        request_line(&r),
        "GET /pets/find?tags=a&key=secret%20key%2F1"
    );
    assert_eq!(header(&r, "x-api-key"), None);
}

#[tokio::test]
async fn bearer_and_basic_auth() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    builder(&server)
        .bearer("tok")
        .build()
        .unwrap()
        .delete_pet(types::DeletePetRequest::new("1"))
        .await
        .unwrap();
    builder(&server)
        .basic("Aladdin", "open sesame")
        .build()
        .unwrap()
        .delete_pet(types::DeletePetRequest::new("1"))
        .await
        .unwrap();
    let all = server.received_requests().await.unwrap();
    assert_eq!(header(&all[0], "authorization"), Some("Bearer tok"));
    assert_eq!(
        header(&all[1], "authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
}

#[tokio::test]
async fn declared_404_is_a_typed_error_body_with_its_status() {
    let server = server_answering(
        ResponseTemplate::new(404).set_body_json(json!({"code": 404, "message": "no pet 9"})),
    )
    .await;
    let err = client(&server)
        .get_pet(types::GetPetRequest::new("9"))
        .await
        .unwrap_err();
    match err {
        Error::Declared { status, body, .. } => {
            assert_eq!(status, 404);
            assert_eq!((body.code, body.message.as_str()), (404, "no pet 9"));
        }
        other => panic!("expected the declared error, got {other:?}"),
    }
}

#[tokio::test]
async fn default_response_types_other_statuses_and_undeclared_bodies_fall_back() {
    let server = server_answering(
        ResponseTemplate::new(500).set_body_json(json!({"code": 1, "message": "boom"})),
    )
    .await;
    let err = client(&server)
        .get_pet(types::GetPetRequest::new("9"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Declared { status: 500, ref body, .. } if body.message == "boom"),
        "{err:?}"
    );

    // A body that is not the declared shape is kept as an excerpt, never lost.
    let server =
        server_answering(ResponseTemplate::new(404).set_body_raw("<html>gone</html>", "text/html"))
            .await;
    let err = client(&server)
        .delete_pet(types::DeletePetRequest::new("9"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Http { status: 404, body_excerpt, .. } if body_excerpt == "<html>gone</html>"),
        "{err:?}"
    );
}

#[test]
fn default_base_url_comes_from_servers_with_variables() {
    let c = PetShopClient::builder().api_key("k").build().unwrap();
    assert_eq!(c.base_url(), "https://pets.example.com/v1");
    assert!(!format!("{c:?}").contains("\"k\""));
}

#[tokio::test]
async fn header_parameter_that_is_not_header_safe_is_an_error_and_nothing_is_sent() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(pet_json())).await;
    let mut req = types::GetPetRequest::new("1");
    req.x_request_id = Some("two\nlines".into());
    let err = client(&server).get_pet(req).await.unwrap_err();
    assert!(
        matches!(&err, Error::Encode { message } if message.contains("X-Request-Id")),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_bodiless_2xx_beside_a_typed_one_is_none() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    assert_eq!(
        client(&server)
            .adopt_pet(types::AdoptPetRequest::new("7"))
            .await
            .unwrap(),
        None
    );
    let r = only_request(&server).await;
    assert_eq!(request_line(&r), "PUT /pets/7/adopt");

    let server = server_answering(ResponseTemplate::new(201).set_body_json(pet_json())).await;
    let pet = client(&server)
        .adopt_pet(types::AdoptPetRequest::new("7"))
        .await
        .unwrap();
    assert_eq!(pet.map(|p| p.name), Some("Rex".to_string()));
}

#[tokio::test]
async fn api_key_in_cookie_joins_the_cookie_parameters() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let c = builder(&server).cookie_key("abc def").build().unwrap();
    c.get_session(types::GetSessionRequest::new("s1"))
        .await
        .unwrap();
    let r = only_request(&server).await;
    assert_eq!(request_line(&r), "GET /session");
    assert_eq!(header(&r, "cookie"), Some("session=s1; sid=abc%20def"));
}
