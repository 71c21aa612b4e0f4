//! Cartevo's customer table: insert with the duplicate check (email and identification number,
//! under the company's lock in the server), into an empty table and into one of a million
//! customers, and the duplicate check alone when it finds a conflict.

use std::hint::black_box;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use fintech_sandbox::cartevo::backend::customers::{Customer, CustomerTable};
use fintech_sandbox::cartevo::domain::{IdDocumentType, NewCustomer};

const LARGE_TABLE: usize = 1_000_000;

/// A customer like the enroll benchmark's: unique email and identification number, document URLs
/// long enough to live on the heap.
fn customer(n: usize) -> Customer {
    let details = NewCustomer {
        first_name: "María-José".into(),
        last_name: "Fernández Olivares".into(),
        email: format!("maria.jose.{n:09}@example-mail.com").into(),
        country: "Colombia".into(),
        street: "Carrera 7 # 71-21, Torre B, Apartamento 1204".into(),
        city: "Bogotá".into(),
        state: "Cundinamarca".into(),
        postal_code: "110231".into(),
        country_iso_code: "CO".into(),
        country_phone_code: "+57".into(),
        phone_number: "3015550142".into(),
        identification_number: format!("ID{n:09}").into(),
        id_document_type: IdDocumentType::Passport,
        date_of_birth: Utc.with_ymd_and_hms(1990, 4, 17, 0, 0, 0).unwrap(),
    };
    Customer::new(
        details,
        "https://kyc-documents.example.com/uploads/2024/05/8f3a2c1e-4b7d-4e9a-9c61-d2f0a7b3e5c4/front.jpg".into(),
        Some("https://kyc-documents.example.com/uploads/2024/05/8f3a2c1e-4b7d-4e9a-9c61-d2f0a7b3e5c4/back.jpg".into()),
        true,
        Utc::now(),
    )
}

fn table_of(size: usize) -> CustomerTable {
    let mut table = CustomerTable::default();
    for n in 0..size {
        if table.insert(customer(n)).is_err() {
            panic!("customer {n} must be unique");
        }
    }
    table
}

fn store(c: &mut Criterion) {
    let mut group = c.benchmark_group("customer_table");
    // Every iteration adds a customer: keep the run short so the large table stays near its
    // nominal size (a few hundred thousand more at most).
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for size in [0, LARGE_TABLE] {
        let mut table = table_of(size);
        let mut next = size;
        group.bench_with_input(BenchmarkId::new("insert", size), &size, |b, _| {
            b.iter_batched(
                || {
                    next += 1;
                    customer(next)
                },
                |customer| table.insert(customer).is_ok(),
                BatchSize::SmallInput,
            )
        });
        if size > 0 {
            let taken = customer(size / 2);
            group.bench_with_input(BenchmarkId::new("duplicate_check", size), &size, |b, _| {
                b.iter(|| {
                    table.conflict(
                        black_box(&taken.email),
                        black_box(&taken.identification_number),
                    )
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, store);
criterion_main!(benches);
