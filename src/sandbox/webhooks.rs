//! `GET /__sandbox/webhooks` (every delivery with its attempts; filters `provider`, `tenant`,
//! `event`, `state`), `GET /__sandbox/webhooks/{id}`, `POST /__sandbox/webhooks/{id}/redeliver`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::error::AdminError;
use crate::webhooks::{Delivery, Webhooks};

/// A delivery with its body, as JSON.
#[derive(Serialize)]
struct DeliveryView<'a> {
    #[serde(flatten)]
    delivery: &'a Delivery,
    payload: Value,
}

fn view(delivery: &Delivery) -> DeliveryView<'_> {
    DeliveryView {
        delivery,
        payload: serde_json::from_slice(&delivery.payload).unwrap_or(Value::Null),
    }
}

pub async fn list(
    webhooks: web::Data<Webhooks>,
    request: HttpRequest,
) -> Result<HttpResponse, AdminError> {
    let mut filters: Vec<(String, String)> = Vec::new();
    for (key, value) in url::form_urlencoded::parse(request.query_string().as_bytes()) {
        if !matches!(key.as_ref(), "provider" | "tenant" | "event" | "state") {
            return Err(AdminError::bad_request(format!(
                "unknown filter {key:?}; use provider, tenant, event, state"
            )));
        }
        filters.push((key.into_owned(), value.into_owned()));
    }
    let deliveries = webhooks.deliveries(|delivery| {
        filters.iter().all(|(key, value)| match key.as_str() {
            "provider" => delivery.provider == value,
            "tenant" => &*delivery.tenant == value,
            "event" => &delivery.event == value,
            _ => serde_json::to_value(delivery.state).is_ok_and(|state| state == value.as_str()),
        })
    });
    let views: Vec<_> = deliveries.iter().map(view).collect();
    Ok(HttpResponse::Ok().json(json!({ "deliveries": views })))
}

fn parse_id(id: &str) -> Result<Uuid, AdminError> {
    Uuid::parse_str(id).map_err(|_| AdminError::not_found(format!("no webhook delivery {id:?}")))
}

pub async fn get(
    webhooks: web::Data<Webhooks>,
    id: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    let delivery = webhooks
        .delivery(&parse_id(&id)?)
        .ok_or_else(|| AdminError::not_found(format!("no webhook delivery {:?}", id.as_str())))?;
    Ok(HttpResponse::Ok().json(view(&delivery)))
}

pub async fn redeliver(
    webhooks: web::Data<Webhooks>,
    id: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    let delivery = webhooks
        .redeliver(&parse_id(&id)?)
        .ok_or_else(|| AdminError::not_found(format!("no webhook delivery {:?}", id.as_str())))?;
    Ok(HttpResponse::build(StatusCode::ACCEPTED).json(view(&delivery)))
}
