//! Tokens whose signature was already checked. Verifying an HS256 JWT (base64, JSON, HMAC) cost
//! a quarter of an enroll request's instructions, and a client sends the same token for an hour,
//! so the sandbox remembers each genuine token's company and expiry. Only what the signature
//! vouches for is kept: expiry is still judged against the sandbox clock and the company still
//! looked up on every request, so advancing the clock or removing the company takes effect at
//! once. Bounded: when full, it starts over (a re-verification is all a miss costs).

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};
use parking_lot::RwLock;
use uuid::Uuid;

/// Distinct tokens remembered; a test suite minting tokens per test stays far below it.
pub const CAPACITY: usize = 1024;

/// What a genuine token says, as far as authentication needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifiedToken {
    pub company_id: Uuid,
    /// Unix seconds.
    pub expires_at: i64,
}

struct Entry {
    token: Box<str>,
    verified: VerifiedToken,
}

#[derive(Default)]
pub struct TokenCache {
    entries: RwLock<HashTable<Entry>>,
    hasher: DefaultHashBuilder,
}

impl TokenCache {
    pub fn get(&self, token: &str) -> Option<VerifiedToken> {
        let hash = self.hasher.hash_one(token);
        self.entries
            .read()
            .find(hash, |entry| &*entry.token == token)
            .map(|entry| entry.verified)
    }

    /// Remembers a token whose signature checked out.
    pub fn insert(&self, token: &str, verified: VerifiedToken) {
        let hash = self.hasher.hash_one(token);
        let mut entries = self.entries.write();
        if entries.find(hash, |entry| &*entry.token == token).is_some() {
            return;
        }
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert_unique(
            hash,
            Entry {
                token: token.into(),
                verified,
            },
            |entry| self.hasher.hash_one(&*entry.token),
        );
    }

    pub fn len(&self) -> usize {
        self.entries.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verified(expires_at: i64) -> VerifiedToken {
        VerifiedToken {
            company_id: Uuid::nil(),
            expires_at,
        }
    }

    #[test]
    fn remembers_tokens_exactly() {
        let cache = TokenCache::default();
        cache.insert("a.b.c", verified(10));
        assert_eq!(cache.get("a.b.c"), Some(verified(10)));
        assert_eq!(cache.get("a.b.d"), None);
        cache.insert("a.b.c", verified(99));
        assert_eq!(cache.get("a.b.c"), Some(verified(10)));
    }

    #[test]
    fn never_grows_past_its_capacity() {
        let cache = TokenCache::default();
        for n in 0..CAPACITY * 3 + 7 {
            cache.insert(&format!("token-{n}"), verified(1));
            assert!(cache.len() <= CAPACITY);
        }
        assert!(!cache.is_empty());
    }
}
