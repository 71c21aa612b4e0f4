//! Cartevo's request types, parsed (not merely validated) from JSON objects: once a
//! [`NewCustomer`] exists, every field satisfies the documented constraints.

use chrono::{DateTime, Utc};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use super::document_url::DocumentUrl;
use super::validation::FieldCheck;
use crate::http::json_fields::JsonFields;

/// The identity documents Cartevo accepts (`id_document_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IdDocumentType {
    Nin,
    Passport,
    VotersCard,
    DriversLicense,
}

impl IdDocumentType {
    pub const NAMES: [&'static str; 4] = ["NIN", "PASSPORT", "VOTERS_CARD", "DRIVERS_LICENSE"];

    pub fn as_str(self) -> &'static str {
        match self {
            IdDocumentType::Nin => "NIN",
            IdDocumentType::Passport => "PASSPORT",
            IdDocumentType::VotersCard => "VOTERS_CARD",
            IdDocumentType::DriversLicense => "DRIVERS_LICENSE",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        match name {
            "NIN" => Some(IdDocumentType::Nin),
            "PASSPORT" => Some(IdDocumentType::Passport),
            "VOTERS_CARD" => Some(IdDocumentType::VotersCard),
            "DRIVERS_LICENSE" => Some(IdDocumentType::DriversLicense),
            _ => None,
        }
    }
}

/// A customer's details as both `POST /customers/enroll` and `POST /customers` take them.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCustomer {
    pub first_name: CompactString,
    pub last_name: CompactString,
    pub email: CompactString,
    pub country: CompactString,
    pub street: CompactString,
    pub city: CompactString,
    pub state: CompactString,
    pub postal_code: CompactString,
    pub country_iso_code: CompactString,
    pub country_phone_code: CompactString,
    pub phone_number: CompactString,
    pub identification_number: CompactString,
    pub id_document_type: IdDocumentType,
    pub date_of_birth: DateTime<Utc>,
}

/// The two document links of `POST /customers/enroll`, as given (HTTPS is a business rule,
/// checked after validation with its own message).
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentUrls {
    pub front: DocumentUrl,
    pub back: DocumentUrl,
}

/// The text fields of `POST /customers` (multipart), which are also the first fourteen of
/// `POST /customers/enroll`, in the order the documentation lists them.
pub const CUSTOMER_FIELDS: [&str; 14] = [
    "first_name",
    "last_name",
    "email",
    "country",
    "street",
    "city",
    "state",
    "postal_code",
    "country_iso_code",
    "country_phone_code",
    "phone_number",
    "identification_number",
    "id_document_type",
    "date_of_birth",
];

/// The fields of `POST /customers/enroll`.
pub const ENROLL_FIELDS: [&str; 16] = [
    "first_name",
    "last_name",
    "email",
    "country",
    "street",
    "city",
    "state",
    "postal_code",
    "country_iso_code",
    "country_phone_code",
    "phone_number",
    "identification_number",
    "id_document_type",
    "date_of_birth",
    "id_document_front_url",
    "id_document_back_url",
];

/// JavaScript source of the dial-code pattern, for the validation message.
const DIAL_CODE_PATTERN: &str = r"/^\+\d{1,4}$/";

fn is_dial_code(text: &str) -> bool {
    let digits = text.strip_prefix('+').unwrap_or("");
    (1..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The body of `POST /customers/enroll`, read into its fields.
pub type EnrollBody<'a> = JsonFields<'a, 16>;

/// The text fields of `POST /customers`.
pub type CustomerForm<'a> = JsonFields<'a, 14>;

/// Checks the fourteen customer fields (every check runs, so every violation is reported).
fn check_customer<const N: usize>(check: &mut FieldCheck<'_, N>) -> Option<NewCustomer> {
    let first_name = check.text("first_name", 3, 255);
    let last_name = check.text("last_name", 3, 255);
    let email = check.email("email");
    let country = check.text("country", 2, 255);
    let street = check.text("street", 2, 255);
    let city = check.text("city", 2, 255);
    let state = check.text("state", 2, 255);
    let postal_code = check.text("postal_code", 3, 255);
    let country_iso_code = check.country_code("country_iso_code");
    let country_phone_code = check.matching("country_phone_code", DIAL_CODE_PATTERN, is_dial_code);
    let phone_number = check.text("phone_number", 3, 255);
    let identification_number = check.text("identification_number", 1, 255);
    let id_document_type = check.one_of("id_document_type", &IdDocumentType::NAMES);
    let date_of_birth = check.date("date_of_birth");
    Some(NewCustomer {
        first_name: first_name?.into(),
        last_name: last_name?.into(),
        email: email?.into(),
        country: country?.into(),
        street: street?.into(),
        city: city?.into(),
        state: state?.into(),
        postal_code: postal_code?.into(),
        country_iso_code: country_iso_code?.into(),
        country_phone_code: country_phone_code?.into(),
        phone_number: phone_number?.into(),
        identification_number: identification_number?.into(),
        id_document_type: IdDocumentType::from_name(id_document_type?)?,
        date_of_birth: date_of_birth?,
    })
}

impl NewCustomer {
    /// Parses the body of `POST /customers/enroll` (read against [`ENROLL_FIELDS`]).
    pub fn parse_enrollment(
        body: &EnrollBody<'_>,
    ) -> Result<(NewCustomer, DocumentUrls), Vec<String>> {
        let mut check = FieldCheck::new(body);
        let customer = check_customer(&mut check);
        let front = check.url("id_document_front_url");
        let back = check.url("id_document_back_url");
        check.finish()?;
        match (customer, front, back) {
            (Some(customer), Some(front), Some(back)) => {
                Ok((customer, DocumentUrls { front, back }))
            }
            _ => Err(unreachable_violation()),
        }
    }

    /// Parses the text fields of `POST /customers` (multipart, read against
    /// [`CUSTOMER_FIELDS`]).
    pub fn parse_fields(body: &CustomerForm<'_>) -> Result<NewCustomer, Vec<String>> {
        let mut check = FieldCheck::new(body);
        let customer = check_customer(&mut check);
        check.finish()?;
        customer.ok_or_else(unreachable_violation)
    }
}

/// Every check passed yet a value is missing: a bug in this module, reported as a validation
/// failure rather than a panic on a request path.
fn unreachable_violation() -> Vec<String> {
    vec!["request body could not be validated".to_owned()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, Value, json};

    fn enrollment(body: &Map<String, Value>) -> Result<(NewCustomer, DocumentUrls), Vec<String>> {
        NewCustomer::parse_enrollment(&JsonFields::from_map(body, &ENROLL_FIELDS))
    }

    fn seed_example() -> Map<String, Value> {
        json!({
            "first_name": "John", "last_name": "Doe", "email": "john.doe@example.com",
            "country": "Cameroon", "country_iso_code": "CM", "country_phone_code": "+237",
            "phone_number": "600000000", "street": "123 Main Street", "city": "Yaoundé",
            "state": "Centre", "postal_code": "00237", "identification_number": "12345678901",
            "id_document_type": "NIN", "date_of_birth": "1990-01-15",
            "id_document_front_url": "https://cdn.your-app.com/kyc/abc123/front.jpg",
            "id_document_back_url": "https://cdn.your-app.com/kyc/abc123/back.jpg"
        })
        .as_object()
        .cloned()
        .unwrap_or_default()
    }

    #[test]
    fn the_seed_example_parses() {
        let (customer, urls) = enrollment(&seed_example()).unwrap();
        assert_eq!(customer.first_name, "John");
        assert_eq!(customer.id_document_type, IdDocumentType::Nin);
        assert_eq!(customer.country_iso_code, "CM");
        assert_eq!(urls.back.path(), "/kyc/abc123/back.jpg");
    }

    #[test]
    fn wrong_types_are_reported_per_field() {
        let mut body = seed_example();
        body.insert("first_name".into(), json!(12345));
        body.insert("country_phone_code".into(), json!("237"));
        let errors = enrollment(&body).unwrap_err();
        assert_eq!(
            errors,
            [
                "first_name must be shorter than or equal to 255 characters",
                "first_name must be longer than or equal to 3 characters",
                "first_name must be a string",
                r"country_phone_code must match /^\+\d{1,4}$/ regular expression",
            ]
        );
    }

    #[test]
    fn url_fields_are_not_part_of_the_multipart_form() {
        let errors =
            NewCustomer::parse_fields(&JsonFields::from_map(&seed_example(), &CUSTOMER_FIELDS))
                .unwrap_err();
        assert_eq!(
            errors,
            [
                "property id_document_front_url should not exist",
                "property id_document_back_url should not exist",
            ]
        );
    }
}
