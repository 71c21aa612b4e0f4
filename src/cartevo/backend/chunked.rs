//! An append-only list kept in fixed-size chunks, so that growing it never moves what it holds.
//!
//! A company's customers were one `Vec`: at each power of two it reallocated and copied every
//! record under the company's lock (at a million customers, some 400 MB in one go), a pause of
//! a tenth of a second for every request of that company. Here a full chunk stays where it is
//! and the next record starts a new one; only the small vector of chunk pointers grows.

use std::ops::Index;

/// Records per chunk: about 1.7 MB of customers.
const CHUNK: usize = 4096;

#[derive(Debug, Clone)]
pub struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Self {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunked<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends `value`; its index is the length before.
    pub fn push(&mut self, value: T) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(value),
            _ => {
                // The first chunk grows as a Vec does (small tables stay small); later ones are
                // allocated whole.
                let mut chunk = if self.chunks.is_empty() {
                    Vec::new()
                } else {
                    Vec::with_capacity(CHUNK)
                };
                chunk.push(value);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    pub fn get(&self, index: usize) -> Option<&T> {
        self.chunks.get(index / CHUNK)?.get(index % CHUNK)
    }

    /// Oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.chunks.iter().flatten()
    }

    /// Newest first, `limit` from `offset`, without walking past the skipped ones.
    pub fn newest_first(&self, offset: usize, limit: usize) -> impl Iterator<Item = &T> {
        let end = self.len.saturating_sub(offset);
        let start = end.saturating_sub(limit);
        (start..end).rev().filter_map(|index| self.get(index))
    }
}

impl<T> Index<usize> for Chunked<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        &self.chunks[index / CHUNK][index % CHUNK]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_vec_across_chunk_boundaries() {
        let mut chunked = Chunked::default();
        let mut plain = Vec::new();
        for n in 0..CHUNK * 2 + 5 {
            chunked.push(n);
            plain.push(n);
        }
        assert_eq!(chunked.len(), plain.len());
        assert!(chunked.iter().eq(plain.iter()));
        assert!(chunked.iter().rev().eq(plain.iter().rev()));
        for index in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, CHUNK * 2 + 4] {
            assert_eq!(chunked[index], plain[index]);
            assert_eq!(chunked.get(index), plain.get(index));
        }
        assert_eq!(chunked.get(plain.len()), None);
        for (offset, limit) in [
            (0, 10),
            (3, 5),
            (CHUNK, 3),
            (plain.len() - 2, 10),
            (plain.len() + 1, 5),
        ] {
            assert!(
                chunked
                    .newest_first(offset, limit)
                    .eq(plain.iter().rev().skip(offset).take(limit)),
                "{offset} {limit}"
            );
        }
        assert_eq!(chunked.chunks.len(), 3);
        assert_eq!(chunked.chunks[1].capacity(), CHUNK);
    }
}
