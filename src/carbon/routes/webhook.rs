//! `GET /baas/api/v1/webhook`, `PUT /baas/api/v1/webhook`, `GET /baas/api/v1/webhook/history`,
//! `POST /baas/api/v1/webhook/resend-webhook-event`: the merchant's webhook settings and the
//! events sent to it (shapes from Carbon's SDK and the history/resend pages).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::customers::MODE;
use super::pagination::PageRequest;
use super::parse_body;
use crate::carbon::auth::AuthenticatedMerchant;
use crate::carbon::backend::CarbonBackend;
use crate::carbon::backend::merchant::Merchant;
use crate::carbon::envelope::{self, CarbonError, ErrorCode, FieldError};
use crate::carbon::validation::FieldRules;
use crate::control::random_token;
use crate::time_format;
use crate::webhooks::Delivery;

pub const URL_MESSAGE: &str = "url must be a valid http or https URL";
pub const EVENT_NOT_FOUND: &str = "Webhook event not found";

#[derive(Serialize)]
struct WebhookView<'a> {
    url: Option<&'a str>,
    signature_secret: Option<&'a str>,
    status: &'static str,
    mode: &'static str,
}

impl<'a> From<&'a Merchant> for WebhookView<'a> {
    fn from(merchant: &'a Merchant) -> Self {
        Self {
            url: merchant.webhook_url.as_deref(),
            signature_secret: merchant.webhook_secret.as_deref(),
            status: if merchant.webhook_url.is_some() {
                "active"
            } else {
                "inactive"
            },
            mode: MODE,
        }
    }
}

/// The merchant's webhook settings.
pub async fn get(merchant: AuthenticatedMerchant) -> HttpResponse {
    let merchant = merchant.tenant().merchant();
    envelope::success(
        StatusCode::OK,
        "webhook fetched successfully",
        WebhookView::from(&merchant),
    )
}

fn parse_url(body: &serde_json::Map<String, Value>) -> Result<String, Vec<FieldError>> {
    let mut rules = FieldRules::new(body);
    let url = rules.required_matching("url", URL_MESSAGE, |text| {
        url::Url::parse(text).is_ok_and(|url| matches!(url.scheme(), "http" | "https"))
    });
    rules.finish()?;
    url.map(str::to_owned)
        .ok_or_else(|| vec![FieldError::new("url", URL_MESSAGE)])
}

/// Sets the URL events go to; the signing secret is issued with the first URL and kept after.
pub async fn update(
    merchant: AuthenticatedMerchant,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, CarbonError> {
    let url = parse_body(&request, payload, parse_url).await?;
    let updated = merchant.tenant().update_merchant(|merchant| {
        merchant.webhook_url = Some(url);
        merchant
            .webhook_secret
            .get_or_insert_with(|| random_token(32));
    });
    Ok(envelope::success(
        StatusCode::OK,
        "successfully updated webhook",
        WebhookView::from(&updated),
    ))
}

/// One sent event, as the history lists it.
#[derive(Serialize)]
struct HistoryItem<'a> {
    event_id: &'a str,
    event_type: &'a str,
    data: Value,
    #[serde(with = "time_format::millis")]
    created_at: DateTime<Utc>,
    #[serde(with = "time_format::millis")]
    updated_at: DateTime<Utc>,
}

impl<'a> From<&'a Delivery> for HistoryItem<'a> {
    fn from(delivery: &'a Delivery) -> Self {
        Self {
            event_id: &delivery.event_id,
            event_type: &delivery.event,
            data: serde_json::from_slice(&delivery.payload).unwrap_or(Value::Null),
            created_at: delivery.created_at,
            updated_at: delivery
                .attempts
                .last()
                .map_or(delivery.created_at, |attempt| attempt.at),
        }
    }
}

/// Events sent to the merchant, newest first.
pub async fn history(
    merchant: AuthenticatedMerchant,
    backend: web::Data<CarbonBackend>,
    request: HttpRequest,
) -> Result<HttpResponse, CarbonError> {
    let page = PageRequest::from_query(&request)?;
    let label = merchant.tenant().label();
    let deliveries = backend.webhooks().deliveries(|d| d.tenant == label);
    let items: Vec<_> = deliveries
        .iter()
        .skip(page.offset())
        .take(page.limit)
        .map(HistoryItem::from)
        .collect();
    Ok(envelope::page(
        "data fetched successfully",
        items,
        page.meta(deliveries.len()),
        (),
    ))
}

fn parse_event_id(body: &serde_json::Map<String, Value>) -> Result<String, Vec<FieldError>> {
    let mut rules = FieldRules::new(body);
    let event_id = rules.required_text("event_id");
    rules.finish()?;
    event_id
        .map(str::to_owned)
        .ok_or_else(|| vec![FieldError::new("event_id", "event_id is required")])
}

#[derive(Serialize)]
struct Resent<'a> {
    event_id: &'a str,
    event_type: &'a str,
}

/// Sends an event to the merchant's webhook again.
pub async fn resend(
    merchant: AuthenticatedMerchant,
    backend: web::Data<CarbonBackend>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, CarbonError> {
    let event_id = parse_body(&request, payload, parse_event_id).await?;
    let label = merchant.tenant().label();
    let delivery = backend
        .webhooks()
        .by_event_id(&label, &event_id)
        .and_then(|delivery| backend.webhooks().redeliver(&delivery.id))
        .ok_or_else(|| {
            CarbonError::new(
                StatusCode::NOT_FOUND,
                ErrorCode::EventNotFound,
                EVENT_NOT_FOUND,
                "No event with this event_id was sent to this merchant",
            )
        })?;
    Ok(envelope::success(
        StatusCode::OK,
        "Webhook event resent successfully",
        Resent {
            event_id: &delivery.event_id,
            event_type: &delivery.event,
        },
    ))
}
