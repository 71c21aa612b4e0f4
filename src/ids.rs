//! Random (version 4) UUIDs for new records, drawn from a generator in user space.
//!
//! `Uuid::new_v4` asks the kernel for every id (`getrandom(2)`): a system call per enroll, which
//! strace showed as one of the five a request made. `rand`'s thread-local generator (ChaCha,
//! seeded and periodically reseeded from the operating system) gives ids of the same kind
//! without one.

use uuid::Uuid;

/// A new random UUID (version 4, RFC 9562 variant), as `Uuid::new_v4` makes.
pub fn random_uuid() -> Uuid {
    uuid::Builder::from_random_bytes(rand::random()).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_4_and_differ() {
        let (a, b) = (random_uuid(), random_uuid());
        assert_eq!(a.get_version_num(), 4);
        assert_eq!(a.get_variant(), uuid::Variant::RFC4122);
        assert_ne!(a, b);
    }
}
