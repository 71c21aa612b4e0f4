//! A webhook receiver for tests: a real HTTP server on a free port that records what it gets and
//! can fail its first N requests.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use parking_lot::Mutex;

#[derive(Debug, Clone)]
pub struct Received {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

struct Shared {
    received: Arc<Mutex<Vec<Received>>>,
    failures_left: Arc<AtomicUsize>,
}

async fn receive(
    shared: web::Data<Shared>,
    request: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    shared.received.lock().push(Received {
        headers: request
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_owned()))
            .collect(),
        body: body.to_vec(),
    });
    let failing = shared
        .failures_left
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
            left.checked_sub(1)
        })
        .is_ok();
    if failing {
        HttpResponse::ServiceUnavailable().body("down for maintenance")
    } else {
        HttpResponse::Ok().body("thanks")
    }
}

/// Starts a receiver that answers 503 to its first `failures` requests, then 200.
pub fn start_receiver(failures: usize) -> Receiver {
    let received = Arc::new(Mutex::new(Vec::new()));
    let failures_left = Arc::new(AtomicUsize::new(failures));
    let shared = web::Data::new(Shared {
        received: received.clone(),
        failures_left,
    });
    let server = HttpServer::new(move || {
        App::new()
            .app_data(shared.clone())
            .default_service(web::to(receive))
    })
    .workers(1)
    .disable_signals()
    .bind(("127.0.0.1", 0))
    .expect("bind receiver");
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    Receiver {
        url: format!("http://127.0.0.1:{port}/hooks"),
        received,
    }
}

impl Receiver {
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().clone()
    }

    /// Waits (up to 10 s) until at least `count` requests arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..200 {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "expected {count} webhook requests, got {}",
            self.received().len()
        );
    }
}
