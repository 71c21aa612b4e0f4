//! `page` and `limit` of Carbon's list routes. The docs give neither defaults nor bounds; the
//! sandbox uses page 1 and 10 per page (what Carbon's SDK sent) and allows up to 100.

use actix_web::HttpRequest;

use crate::carbon::envelope::{CarbonError, FieldError, PageMeta};
use crate::http::query;

pub const DEFAULT_LIMIT: usize = 10;
pub const MAX_LIMIT: usize = 100;

pub const PAGE_MESSAGE: &str = "page must be a positive integer";
pub const LIMIT_MESSAGE: &str = "limit must be an integer between 1 and 100";

/// Which page of a list to answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: usize,
    pub limit: usize,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            page: 1,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl PageRequest {
    /// Takes `key=value` if it is `page` or `limit`: `None` when the key is another one,
    /// `Some(Err)` when the value is out of bounds.
    pub fn accept(&mut self, key: &str, value: &str) -> Option<Result<(), FieldError>> {
        let (target, param, max, message) = match key {
            "page" => (&mut self.page, "page", usize::MAX, PAGE_MESSAGE),
            "limit" => (&mut self.limit, "limit", MAX_LIMIT, LIMIT_MESSAGE),
            _ => return None,
        };
        Some(match value.trim().parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => {
                *target = n;
                Ok(())
            }
            _ => Err(FieldError::new(param, message)),
        })
    }

    /// `page` and `limit` of a list route that takes nothing else (other keys are ignored).
    pub fn from_query(request: &HttpRequest) -> Result<Self, CarbonError> {
        let mut page = Self::default();
        let errors: Vec<_> = query::pairs(request)
            .filter_map(|(key, value)| page.accept(&key, &value)?.err())
            .collect();
        if errors.is_empty() {
            Ok(page)
        } else {
            Err(CarbonError::validation(errors))
        }
    }

    /// How many items to skip.
    pub fn offset(&self) -> usize {
        (self.page - 1).saturating_mul(self.limit)
    }

    pub fn meta(&self, total: usize) -> PageMeta {
        PageMeta {
            total,
            page: self.page,
            limit: self.limit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_enforced_and_other_keys_left_alone() {
        let mut page = PageRequest::default();
        assert_eq!(page.accept("gender", "MALE"), None);
        assert_eq!(page.accept("page", "3"), Some(Ok(())));
        assert_eq!(page.accept("limit", "100"), Some(Ok(())));
        assert_eq!(page.offset(), 200);
        for (key, bad) in [
            ("page", "0"),
            ("page", "-1"),
            ("limit", "101"),
            ("limit", "ten"),
        ] {
            assert!(matches!(page.accept(key, bad), Some(Err(_))), "{key}={bad}");
        }
    }
}
