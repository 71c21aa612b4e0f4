//! Carbon's request types, parsed (not merely validated) from JSON objects: once a
//! [`NewCustomer`], [`NewAccount`] or [`EnrollRequest`] exists, every field satisfies the rules,
//! and inputs in the forms Carbon's SDK sends (`gender: "male"`, `dob: "1990-01-01"`) are already
//! in the forms Carbon answers with (`MALE`, midnight UTC).

use chrono::{DateTime, Utc};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::envelope::FieldError;
use super::validation::FieldRules;
use crate::time_format::{midnight_utc, parse_date_or_instant};

/// `gender` of a customer, as Carbon renders it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub const NAMES: [&'static str; 2] = ["MALE", "FEMALE"];

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "MALE",
            Gender::Female => "FEMALE",
        }
    }

    /// `MALE`/`FEMALE` in any case.
    pub fn from_name(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("MALE") {
            Some(Gender::Male)
        } else if name.eq_ignore_ascii_case("FEMALE") {
            Some(Gender::Female)
        } else {
            None
        }
    }
}

/// A customer's address: flat in the request, nested under `address` in every response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub street: CompactString,
    pub city: CompactString,
    pub state: CompactString,
    pub country: CompactString,
}

/// The body of `POST /v1/customers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCustomer {
    pub first_name: CompactString,
    pub last_name: CompactString,
    pub email: CompactString,
    pub phone: CompactString,
    pub gender: Gender,
    /// Midnight UTC of the date of birth.
    #[serde(with = "crate::time_format::millis")]
    pub dob: DateTime<Utc>,
    pub address: Address,
    /// Without one the customer cannot enroll for lending.
    pub bvn: Option<CompactString>,
    pub nin: Option<CompactString>,
    /// `Some` exactly for business customers (`is_business: true`).
    pub business_name: Option<CompactString>,
}

/// BVNs and NINs are eleven digits.
pub const ID_NUMBER_LENGTH: usize = 11;

/// A Nigerian phone number: `0` and ten digits, or the same ten digits after `234`/`+234`.
pub fn is_nigerian_phone(text: &str) -> bool {
    let national = text
        .strip_prefix("+234")
        .or_else(|| text.strip_prefix("234"))
        .or_else(|| text.strip_prefix('0'));
    national.is_some_and(|rest| rest.len() == 10 && rest.bytes().all(|b| b.is_ascii_digit()))
}

/// The message of Carbon's documented phone rule (bank-statement page).
pub const PHONE_MESSAGE: &str = "phone must be a valid Nigerian number";
pub const DOB_MESSAGE: &str = "dob must be a valid date (YYYY-MM-DD)";
pub const BUSINESS_NAME_MESSAGE: &str = "business_name is required when is_business is true";

impl NewCustomer {
    /// Parses the body of `POST /v1/customers`, reporting every failed field.
    pub fn parse(body: &Map<String, Value>) -> Result<NewCustomer, Vec<FieldError>> {
        let mut rules = FieldRules::new(body);
        let first_name = rules.required_text("first_name");
        let last_name = rules.required_text("last_name");
        let email = rules.email("email");
        let phone = rules.required_matching("phone", PHONE_MESSAGE, is_nigerian_phone);
        let dob = rules.required_matching("dob", DOB_MESSAGE, |text| {
            parse_date_or_instant(text).is_some()
        });
        let gender = rules.choice("gender", &Gender::NAMES);
        let street = rules.required_text("street");
        let city = rules.required_text("city");
        let state = rules.required_text("state");
        let country = rules.required_text("country");
        let bvn = rules.digits("bvn", "BVN", ID_NUMBER_LENGTH);
        let nin = rules.digits("nin", "NIN", ID_NUMBER_LENGTH);
        let is_business = rules.boolean("is_business", false);
        let business_name = rules.optional_text("business_name");
        if is_business == Some(true) {
            rules.require(
                business_name.is_some(),
                "business_name",
                BUSINESS_NAME_MESSAGE,
            );
        }
        rules.finish()?;
        let parsed = (|| {
            Some(NewCustomer {
                first_name: first_name?.into(),
                last_name: last_name?.into(),
                email: email?.into(),
                phone: phone?.into(),
                gender: Gender::from_name(gender?)?,
                dob: midnight_utc(parse_date_or_instant(dob?)?.date_naive()),
                address: Address {
                    street: street?.into(),
                    city: city?.into(),
                    state: state?.into(),
                    country: country?.into(),
                },
                bvn: bvn.map(Into::into),
                nin: nin.map(Into::into),
                business_name: business_name
                    .filter(|_| is_business == Some(true))
                    .map(Into::into),
            })
        })();
        parsed.ok_or_else(unreachable_failure)
    }
}

/// Who a new account belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewAccount {
    /// `third_party: true` (the default): a static account for one of the merchant's customers.
    Customer { customer_id: String },
    /// `third_party: false`: a collections sub-account of the merchant's own business.
    Merchant { account_name: CompactString },
}

pub const CUSTOMER_ID_REQUIRED_FOR_THIRD_PARTY: &str =
    "customer_id is required when third_party is true";
pub const ACCOUNT_NAME_REQUIRED: &str = "account_name is required when third_party is false";

impl NewAccount {
    /// Parses the body of `POST /v1/accounts`. `account_type` may be omitted; when given it must
    /// be `static`, the only type Carbon's SDK still documents.
    pub fn parse(body: &Map<String, Value>) -> Result<NewAccount, Vec<FieldError>> {
        let mut rules = FieldRules::new(body);
        if rules.is_present("account_type") {
            rules.choice("account_type", &["static"]);
        }
        let third_party = rules.boolean("third_party", true);
        // Only the field `third_party` calls for is required; both are type-checked.
        let (customer_id, account_name) = match third_party {
            Some(true) => (
                rules.required_text_or("customer_id", CUSTOMER_ID_REQUIRED_FOR_THIRD_PARTY),
                rules.optional_text("account_name"),
            ),
            Some(false) => (
                rules.optional_text("customer_id"),
                rules.required_text_or("account_name", ACCOUNT_NAME_REQUIRED),
            ),
            None => (
                rules.optional_text("customer_id"),
                rules.optional_text("account_name"),
            ),
        };
        rules.finish()?;
        match (third_party, customer_id, account_name) {
            (Some(true), Some(id), _) => Ok(NewAccount::Customer {
                customer_id: id.to_owned(),
            }),
            (Some(false), _, Some(name)) => Ok(NewAccount::Merchant {
                account_name: name.into(),
            }),
            _ => Err(unreachable_failure()),
        }
    }
}

/// The body of `POST /v1/loans/customers/enroll`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollRequest {
    /// As sent: a malformed id is simply a customer that is not found.
    pub customer_id: String,
}

impl EnrollRequest {
    pub fn parse(body: &Map<String, Value>) -> Result<EnrollRequest, Vec<FieldError>> {
        let mut rules = FieldRules::new(body);
        let customer_id = rules.required_text("customer_id");
        rules.finish()?;
        customer_id
            .map(|id| EnrollRequest {
                customer_id: id.to_owned(),
            })
            .ok_or_else(unreachable_failure)
    }
}

/// Every rule passed yet a value is missing: a bug in this module, reported as a validation
/// failure rather than a panic on a request path.
fn unreachable_failure() -> Vec<FieldError> {
    vec![FieldError::new(
        "body",
        "request body could not be validated",
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Carbon's SDK README example.
    fn sdk_example() -> Map<String, Value> {
        json!({
            "first_name": "Mark", "last_name": "Erelu", "email": "mark@example.com",
            "phone": "08071000030", "dob": "1990-01-01", "gender": "male",
            "street": "12 Allen Avenue", "city": "Ikeja", "state": "Lagos State",
            "country": "Nigeria", "bvn": "11111111111"
        })
        .as_object()
        .cloned()
        .unwrap_or_default()
    }

    #[test]
    fn the_sdk_example_parses_into_the_documented_forms() {
        let customer = NewCustomer::parse(&sdk_example()).unwrap();
        assert_eq!(customer.gender, Gender::Male);
        assert_eq!(customer.dob.to_rfc3339(), "1990-01-01T00:00:00+00:00");
        assert_eq!(customer.bvn.as_deref(), Some("11111111111"));
        assert_eq!(customer.nin, None);
        assert_eq!(customer.business_name, None);
    }

    #[test]
    fn every_failed_field_is_reported_in_order() {
        let mut body = sdk_example();
        body.insert("bvn".into(), json!("123"));
        body.insert("nin".into(), json!("abc"));
        body.insert("gender".into(), json!("other"));
        body.remove("city");
        let messages: Vec<_> = NewCustomer::parse(&body)
            .unwrap_err()
            .into_iter()
            .map(|e| e.msg)
            .collect();
        assert_eq!(
            messages,
            [
                "gender must be one of: MALE, FEMALE",
                "city is required",
                "BVN must be 11 numbers long",
                "NIN must be 11 numbers long",
            ]
        );
    }

    #[test]
    fn nigerian_phones_take_three_prefixes() {
        for good in ["08071000030", "2348071000030", "+2348071000030"] {
            assert!(is_nigerian_phone(good), "{good}");
        }
        for bad in ["8071000030", "0807100003", "+44807100003", "0807100003x"] {
            assert!(!is_nigerian_phone(bad), "{bad}");
        }
    }

    #[test]
    fn accounts_need_a_customer_or_a_name() {
        let parse = |value: Value| NewAccount::parse(value.as_object().unwrap());
        assert_eq!(
            parse(json!({"customer_id": "c1", "account_type": "static"})),
            Ok(NewAccount::Customer {
                customer_id: "c1".into()
            })
        );
        assert_eq!(
            parse(json!({"third_party": false, "account_name": "Rent"})),
            Ok(NewAccount::Merchant {
                account_name: "Rent".into()
            })
        );
        let messages = |value: Value| -> Vec<String> {
            parse(value)
                .unwrap_err()
                .into_iter()
                .map(|e| e.msg)
                .collect()
        };
        assert_eq!(
            messages(json!({"account_type": "dynamic"})),
            [
                "account_type must be one of: static",
                CUSTOMER_ID_REQUIRED_FOR_THIRD_PARTY
            ]
        );
        assert_eq!(
            messages(json!({"third_party": false})),
            [ACCOUNT_NAME_REQUIRED]
        );
    }
}
