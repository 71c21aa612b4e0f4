//! Network faults, named after WireMock's: what the client sees is a broken connection, not an
//! HTTP answer.
//!
//! | fault | on the wire | a client sees |
//! |---|---|---|
//! | `connection_reset_by_peer` | TCP RST | "connection reset by peer" |
//! | `empty_response` | FIN, no byte | "connection closed before message completed" |
//! | `malformed_response_chunk` | a valid `200` head, chunked, then a broken chunk, FIN | a body decode error after the status |
//! | `random_data_then_close` | random bytes (not HTTP), FIN | a parse error |
//! | `hang` | nothing, until the client gives up (or [`HANG_LIMIT`]) | its own timeout |

use std::time::{Duration, Instant};

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use rand::{Rng, SeedableRng, rngs::StdRng};

use super::connection::ConnectionSocket;
use super::model::FaultDoc;

/// Longest a `hang` holds a request, so a forgotten client cannot pin the server forever.
pub const HANG_LIMIT: Duration = Duration::from_secs(600);

/// How often a hanging request checks whether its client left.
const HANG_POLL: Duration = Duration::from_millis(100);

/// nginx's "closed without a response": what the request log records for a faulted request
/// (the response itself is never sent: the socket is already shut or reset).
pub const NO_RESPONSE: u16 = 444;

/// The head `malformed_response_chunk` sends before breaking the body: a client has already
/// accepted the status when the body turns out to be garbage.
const MALFORMED_CHUNK: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n7\r\n{\"succe\r\nnot-a-chunk-size\r\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    ConnectionResetByPeer,
    EmptyResponse,
    MalformedResponseChunk,
    RandomDataThenClose,
    Hang,
}

impl From<FaultDoc> for Fault {
    fn from(doc: FaultDoc) -> Self {
        match doc {
            FaultDoc::ConnectionResetByPeer => Fault::ConnectionResetByPeer,
            FaultDoc::EmptyResponse => Fault::EmptyResponse,
            FaultDoc::MalformedResponseChunk => Fault::MalformedResponseChunk,
            FaultDoc::RandomDataThenClose => Fault::RandomDataThenClose,
            FaultDoc::Hang => Fault::Hang,
        }
    }
}

impl Fault {
    pub fn name(self) -> &'static str {
        match self {
            Fault::ConnectionResetByPeer => "connection_reset_by_peer",
            Fault::EmptyResponse => "empty_response",
            Fault::MalformedResponseChunk => "malformed_response_chunk",
            Fault::RandomDataThenClose => "random_data_then_close",
            Fault::Hang => "hang",
        }
    }

    /// Breaks the connection `socket` belongs to. `seed` makes `random_data_then_close`'s bytes
    /// reproducible. The returned response is for the request log only: writing it fails.
    pub async fn inject(self, socket: Option<ConnectionSocket>, seed: u64) -> HttpResponse {
        let Some(socket) = socket else {
            // Only an in-process test service (no TCP connection) gets here.
            tracing::warn!(
                fault = self.name(),
                "no TCP connection to break; answering 503"
            );
            return HttpResponse::ServiceUnavailable().finish();
        };
        let outcome = match self {
            Fault::ConnectionResetByPeer => socket.reset(),
            Fault::EmptyResponse => socket.close(),
            Fault::MalformedResponseChunk => socket.write_then_close(MALFORMED_CHUNK),
            Fault::RandomDataThenClose => socket.write_then_close(&random_bytes(seed)),
            Fault::Hang => {
                hang(socket).await;
                socket.close()
            }
        };
        if let Err(error) = outcome {
            // The client may already be gone; nothing else to do.
            tracing::debug!(fault = self.name(), %error, "fault on a closed connection");
        }
        no_response()
    }
}

/// The placeholder response of a faulted request.
fn no_response() -> HttpResponse {
    let status = StatusCode::from_u16(NO_RESPONSE).unwrap_or(StatusCode::BAD_GATEWAY);
    HttpResponse::build(status).finish()
}

/// Waits until the client leaves or the limit passes.
async fn hang(socket: ConnectionSocket) {
    let started = Instant::now();
    while started.elapsed() < HANG_LIMIT && !socket.peer_gone() {
        actix_web::rt::time::sleep(HANG_POLL).await;
    }
}

/// 64 to 256 bytes that no HTTP client parses.
fn random_bytes(seed: u64) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(seed);
    let length = rng.random_range(64..=256);
    // A first byte that is not `H` keeps a client from mistaking it for a status line.
    let mut bytes = vec![0xFF];
    bytes.extend((1..length).map(|_| rng.random::<u8>()));
    bytes
}
