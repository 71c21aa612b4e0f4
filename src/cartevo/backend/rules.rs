//! Cartevo's business rules for creating a customer, beyond field validation, and the simulated
//! upstream verifier with its magic values (the sandbox itself never fetches a document).

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::cartevo::document_url::DocumentUrl;

/// Which side of the identity document a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentSide {
    Front,
    Back,
}

impl DocumentSide {
    pub fn url_field(self) -> &'static str {
        match self {
            DocumentSide::Front => "id_document_front_url",
            DocumentSide::Back => "id_document_back_url",
        }
    }
}

/// Customers must be at least this old.
pub const MINIMUM_AGE: i32 = 18;

/// Age in whole years on `today`. Someone born on 29 February turns a year older on 1 March in
/// years without one.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// Whether someone born at `date_of_birth` is an adult at `now` (both taken as UTC dates).
pub fn is_adult(date_of_birth: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    age_on(date_of_birth.date_naive(), now.date_naive()) >= MINIMUM_AGE
}

/// The first document URL that is not HTTPS.
pub fn first_insecure_url(front: &DocumentUrl, back: &DocumentUrl) -> Option<DocumentSide> {
    [(DocumentSide::Front, front), (DocumentSide::Back, back)]
        .into_iter()
        .find(|(_, url)| url.scheme() != "https")
        .map(|(side, _)| side)
}

/// What the simulated upstream verifier makes of a customer's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    /// `Could not fetch id_document_{side}_url`: the URL's host is under `unreachable.test`.
    Unreachable(DocumentSide),
    /// `KYC document unreadable`: a URL path or an uploaded file name contains `unreadable`.
    Unreadable,
}

/// Magic host suffix that makes a document URL unreachable for the verifier.
pub const UNREACHABLE_HOST: &str = "unreachable.test";
/// Magic word that makes a document unreadable for the verifier.
pub const UNREADABLE_MARKER: &str = "unreadable";

fn is_unreachable(url: &DocumentUrl) -> bool {
    let host = url.host_str().trim_end_matches('.');
    let Some(start) = host.len().checked_sub(UNREACHABLE_HOST.len()) else {
        return false;
    };
    // Compared in place, without lower-casing a copy: this runs on every enroll.
    host.get(start..)
        .is_some_and(|tail| tail.eq_ignore_ascii_case(UNREACHABLE_HOST))
        && (start == 0 || host.as_bytes().get(start - 1) == Some(&b'.'))
}

fn mentions_unreadable(text: &str) -> bool {
    text.as_bytes()
        .windows(UNREADABLE_MARKER.len())
        .any(|window| window.eq_ignore_ascii_case(UNREADABLE_MARKER.as_bytes()))
}

/// The verifier's verdict on document URLs: reachability first (front, then back), then quality.
pub fn verify_urls(front: &DocumentUrl, back: &DocumentUrl) -> Verdict {
    if is_unreachable(front) {
        return Verdict::Unreachable(DocumentSide::Front);
    }
    if is_unreachable(back) {
        return Verdict::Unreachable(DocumentSide::Back);
    }
    if mentions_unreadable(front.path()) || mentions_unreadable(back.path()) {
        return Verdict::Unreadable;
    }
    Verdict::Accepted
}

/// The verifier's verdict on uploaded files, judged by their names.
pub fn verify_uploads<'a>(file_names: impl IntoIterator<Item = &'a str>) -> Verdict {
    if file_names.into_iter().any(mentions_unreadable) {
        Verdict::Unreadable
    } else {
        Verdict::Accepted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn an_eighteenth_birthday_counts_from_the_day_itself() {
        assert_eq!(age_on(date(2008, 11, 21), date(2026, 11, 20)), 17);
        assert_eq!(age_on(date(2008, 11, 21), date(2026, 11, 21)), 18);
    }

    #[test]
    fn leap_day_birthdays_turn_over_on_the_first_of_march() {
        assert_eq!(age_on(date(2008, 2, 29), date(2026, 2, 28)), 17);
        assert_eq!(age_on(date(2008, 2, 29), date(2026, 3, 1)), 18);
        assert_eq!(age_on(date(2008, 2, 29), date(2028, 2, 29)), 20);
    }

    #[test]
    fn magic_hosts_and_paths_drive_the_verifier() {
        let url = |s: &str| DocumentUrl::parse(s).unwrap();
        let good = url("https://cdn.example.com/front.jpg");
        assert_eq!(verify_urls(&good, &good), Verdict::Accepted);
        assert_eq!(
            verify_urls(&url("https://files.unreachable.test/f.jpg"), &good),
            Verdict::Unreachable(DocumentSide::Front)
        );
        assert_eq!(
            verify_urls(&good, &url("https://unreachable.test/b.jpg")),
            Verdict::Unreachable(DocumentSide::Back)
        );
        assert_eq!(
            verify_urls(&good, &url("https://cdn.example.com/Unreadable-back.jpg")),
            Verdict::Unreadable
        );
        assert_eq!(
            verify_urls(&url("https://notunreachable.test/f.jpg"), &good),
            Verdict::Accepted
        );
        assert_eq!(
            verify_urls(&url("https://CDN.Unreachable.Test./f.jpg"), &good),
            Verdict::Unreachable(DocumentSide::Front)
        );
        assert_eq!(
            verify_urls(&url("https://unreachable.test.example.com/f.jpg"), &good),
            Verdict::Accepted
        );
        assert_eq!(
            verify_urls(&good, &url("https://cdn.example.com/a/UNREADABLE")),
            Verdict::Unreadable
        );
        assert_eq!(
            verify_uploads(["front.jpg", "unreadable.png"]),
            Verdict::Unreadable
        );
    }
}
