//! Cartevo request validation: an enroll body read into its fields (what the handler reads), and
//! checked into a `NewCustomer` with its document URLs (every class-validator rule).

use criterion::{Criterion, criterion_group, criterion_main};
use fintech_sandbox::cartevo::domain::{ENROLL_FIELDS, NewCustomer};
use fintech_sandbox::http::body::{parse_json_fields, parse_json_object};
use fintech_sandbox::http::json_fields::JsonFields;
use std::hint::black_box;

/// The peer benchmark's enroll body (`../shared/bench-peers/request.json`) with a document type
/// Cartevo accepts.
const ENROLL_BODY: &[u8] = br#"{"first_name":"Mar\u00eda-Jos\u00e9","last_name":"Fern\u00e1ndez Olivares","email":"maria.jose.fernandez@example-mail.com","country":"Colombia","street":"Carrera 7 # 71-21, Torre B, Apartamento 1204","city":"Bogot\u00e1","state":"Cundinamarca","postal_code":"110231","country_iso_code":"CO","country_phone_code":"+57","phone_number":"3015550142","identification_number":"1020304050","id_document_type":"PASSPORT","date_of_birth":"1990-04-17","id_document_front_url":"https://kyc-documents.example.com/uploads/2024/05/8f3a2c1e-4b7d-4e9a-9c61-d2f0a7b3e5c4/front.jpg","id_document_back_url":"https://kyc-documents.example.com/uploads/2024/05/8f3a2c1e-4b7d-4e9a-9c61-d2f0a7b3e5c4/back.jpg"}"#;

fn validation(c: &mut Criterion) {
    let fields = match parse_json_fields(ENROLL_BODY, &ENROLL_FIELDS) {
        Ok(fields) => fields,
        Err(error) => panic!("the benchmark body must parse: {error:?}"),
    };
    assert!(NewCustomer::parse_enrollment(&fields).is_ok());

    // What the handler did before reading straight into the fields, for comparison.
    c.bench_function("cartevo/parse_json_object", |b| {
        b.iter(|| parse_json_object(black_box(ENROLL_BODY)))
    });
    c.bench_function("cartevo/parse_json_fields", |b| {
        b.iter(|| parse_json_fields(black_box(ENROLL_BODY), &ENROLL_FIELDS))
    });
    c.bench_function("cartevo/parse_enrollment", |b| {
        b.iter(|| NewCustomer::parse_enrollment(black_box(&fields)))
    });
    let mut invalid = match parse_json_object(ENROLL_BODY) {
        Ok(object) => object,
        Err(error) => panic!("the benchmark body must parse: {error:?}"),
    };
    invalid.insert("email".into(), "not-an-email".into());
    invalid.insert("id_document_type".into(), "NATIONAL_ID".into());
    let invalid = JsonFields::from_map(&invalid, &ENROLL_FIELDS);
    c.bench_function("cartevo/parse_enrollment_invalid", |b| {
        b.iter(|| NewCustomer::parse_enrollment(black_box(&invalid)))
    });
}

criterion_group!(benches, validation);
criterion_main!(benches);
