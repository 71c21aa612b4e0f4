//! Reading a request body for body matchers without taking it from the handler: the bytes read
//! are put back in front of whatever was not read.

use actix_web::HttpMessage;
use actix_web::dev::{Payload, ServiceRequest};
use actix_web::error::PayloadError;
use actix_web::web::{Bytes, BytesMut};
use futures_util::{StreamExt, stream};
use serde_json::Value;

use crate::http::body::JSON_BODY_LIMIT;

/// The request's body as JSON, if it is JSON within the providers' size limit. The handler then
/// reads exactly the body the client sent (or the same error).
pub async fn json_body(request: &mut ServiceRequest) -> Option<Value> {
    let mut payload = request.take_payload();
    let mut read = BytesMut::new();
    let mut failure: Option<PayloadError> = None;
    let mut finished = false;
    loop {
        match payload.next().await {
            None => {
                finished = true;
                break;
            }
            Some(Ok(chunk)) => {
                read.extend_from_slice(&chunk);
                if read.len() > JSON_BODY_LIMIT {
                    break;
                }
            }
            Some(Err(error)) => {
                failure = Some(error);
                break;
            }
        }
    }
    let read = read.freeze();
    let parsed = (finished && !read.is_empty())
        .then(|| serde_json::from_slice(&read).ok())
        .flatten();
    request.set_payload(if finished {
        Payload::from(read)
    } else {
        let head = stream::iter([Ok::<Bytes, PayloadError>(read)]);
        let failure = stream::iter(failure.map(Err));
        Payload::Stream {
            payload: Box::pin(head.chain(failure).chain(payload)),
        }
    });
    parsed
}
