//! The document URLs of an enroll request (`@IsUrl()`), parsed as the `url` crate parses them,
//! with a shortcut for the form nearly every client sends.
//!
//! Two full `Url::parse` calls (WHATWG parsing, IDNA processing of the host) were a tenth of an
//! enroll request's instructions. A URL that is already in the parser's canonical form (a
//! lowercase `http`/`https` scheme, a lowercase ASCII host name, a path of characters that are
//! never escaped and no dot segments, no port, user, query or fragment) comes out of
//! `Url::parse` unchanged, so its scheme, host and path can be read off the text directly.
//! Anything else, valid or not, goes through `Url::parse` as before: the shortcut may only
//! ever say less than the parser, never something different (see the tests).

use compact_str::CompactString;
use url::{Position, Url};

/// An absolute URL with a non-empty host, kept as the parser serialises it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentUrl {
    text: CompactString,
    scheme_end: u32,
    host: (u32, u32),
    path: (u32, u32),
}

impl DocumentUrl {
    /// What `Url::parse` accepts with a non-empty host, normalised as it normalises it.
    pub fn parse(text: &str) -> Option<Self> {
        canonical(text).or_else(|| {
            Url::parse(text)
                .ok()
                .filter(|url| url.host_str().is_some_and(|host| !host.is_empty()))
                .and_then(|url| Self::from_url(&url))
        })
    }

    fn from_url(url: &Url) -> Option<Self> {
        let at = |position| u32::try_from(url[..position].len()).ok();
        Some(Self {
            text: url.as_str().into(),
            scheme_end: at(Position::AfterScheme)?,
            host: (at(Position::BeforeHost)?, at(Position::AfterHost)?),
            path: (at(Position::BeforePath)?, at(Position::AfterPath)?),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `Url::scheme`
    pub fn scheme(&self) -> &str {
        self.slice(0, self.scheme_end)
    }

    /// `Url::host_str` (never empty here)
    pub fn host_str(&self) -> &str {
        self.slice(self.host.0, self.host.1)
    }

    /// `Url::path`
    pub fn path(&self) -> &str {
        self.slice(self.path.0, self.path.1)
    }

    /// The text as stored on the customer.
    pub fn into_text(self) -> CompactString {
        self.text
    }

    fn slice(&self, start: u32, end: u32) -> &str {
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }
}

/// `text` as a [`DocumentUrl`] when it is in the form `Url::parse` leaves unchanged; `None`
/// means "ask the parser", not "invalid". One pass over the bytes, no allocation but the result.
fn canonical(text: &str) -> Option<DocumentUrl> {
    let scheme_end = if text.starts_with("https://") {
        5
    } else if text.starts_with("http://") {
        4
    } else {
        return None;
    };
    let host_start = scheme_end + 3;
    let bytes = text.as_bytes();
    let host_end = host_start + plain_host_length(&bytes[host_start..])?;
    if !is_plain_path(&bytes[host_end..]) {
        return None;
    }
    let offset = |n: usize| u32::try_from(n).ok();
    Some(DocumentUrl {
        text: text.into(),
        scheme_end: offset(scheme_end)?,
        host: (offset(host_start)?, offset(host_end)?),
        path: (offset(host_end)?, offset(text.len())?),
    })
}

/// The length of the host name that starts `rest`, when it is followed by a path and made of
/// lowercase ASCII labels of letters, digits and inner hyphens, the last one starting with a
/// letter: IDNA leaves such a name as it is (no `xn--` label to decode), and the WHATWG parser
/// does not take it for an IPv4 address (which it does when the last label is numeric).
fn plain_host_length(rest: &[u8]) -> Option<usize> {
    let mut label_start = 0;
    for (at, &byte) in rest.iter().enumerate() {
        match byte {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => {}
            b'.' | b'/' => {
                let label = &rest[label_start..at];
                if !is_plain_label(label) {
                    return None;
                }
                if byte == b'/' {
                    return label[0].is_ascii_lowercase().then_some(at);
                }
                label_start = at + 1;
            }
            _ => return None,
        }
    }
    None
}

fn is_plain_label(label: &[u8]) -> bool {
    match (label.first(), label.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && !label.starts_with(b"xn--")
        }
        _ => false,
    }
}

/// A path of characters the parser never percent-encodes (and no `%`, `\`, `?` or `#`), with
/// no `.` or `..` segment for it to resolve. Both checks run without a branch per byte; segments
/// are looked at one by one only when a `/.` shows there may be a dot segment.
fn is_plain_path(path: &[u8]) -> bool {
    let odd = path.iter().fold(0u8, |odd, &b| {
        odd | u8::from(!PLAIN_PATH_BYTES[usize::from(b)])
    });
    let slash_dot = path
        .windows(2)
        .fold(0u8, |found, pair| found | u8::from(pair == b"/."));
    odd == 0 && (slash_dot == 0 || path.split(|&b| b == b'/').all(|s| s != b"." && s != b".."))
}

/// Bytes a path may hold and come out of the parser unchanged: `/`, letters, digits and
/// `-._~!$&()*+,;=:@`.
const PLAIN_PATH_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'/' | b'-'
                    | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    /// What the parser alone makes of `text`.
    fn parsed(text: &str) -> Option<DocumentUrl> {
        Url::parse(text)
            .ok()
            .filter(|url| url.host_str().is_some_and(|host| !host.is_empty()))
            .and_then(|url| DocumentUrl::from_url(&url))
    }

    fn check(text: &str) {
        let fast = canonical(text);
        if let Some(fast) = &fast {
            assert_eq!(Some(fast), parsed(text).as_ref(), "{text}");
        }
        assert_eq!(DocumentUrl::parse(text), parsed(text), "{text}");
    }

    #[test]
    fn the_shortcut_agrees_with_the_parser() {
        let cases = [
            "https://kyc-documents.example.com/uploads/2024/05/front.jpg",
            "https://cdn.your-app.com/kyc/abc123/back.jpg",
            "http://cdn.example.com/a",
            "https://cdn.example.com/",
            "https://cdn.example.com",
            "https://CDN.example.com/a",
            "HTTPS://cdn.example.com/a",
            "https://cdn.example.com:443/a",
            "https://cdn.example.com:8443/a",
            "https://user:pw@cdn.example.com/a",
            "https://cdn.example.com/a?b=c",
            "https://cdn.example.com/a#f",
            "https://cdn.example.com/a/../b",
            "https://cdn.example.com/a/./b",
            "https://cdn.example.com/a/%2e%2E/b",
            "https://cdn.example.com/a b",
            "https://cdn.example.com/a\\b",
            "https://cdn.example.com//a//b/",
            "https://cdn.example.com/~a_b-c.d!$&()*+,;=:@",
            "https://cdn.example.com/caf\u{e9}.jpg",
            "https://caf\u{e9}.example/a",
            "https://xn--caf-dma.example/a",
            "https://xn--zz.example/a",
            "https://127.0.0.1/a",
            "https://127.1/a",
            "https://example.123/a",
            "https://example.0x1f/a",
            "https://1.example.com/a",
            "https://a..b/a",
            "https://.a.b/a",
            "https://a.b./a",
            "https://-a.b/a",
            "https://a-.b/a",
            "https://a--b.c/a",
            "https://[::1]/a",
            "https:///a",
            "https://",
            "https:/cdn.example.com/a",
            "https:cdn.example.com/a",
            " https://cdn.example.com/a",
            "https://cdn.example.com/a\t",
            "https://cdn.exa\tmple.com/a",
            "ftp://cdn.example.com/a",
            "mailto:someone@example.com",
            "not a url",
            "",
            "https://files.unreachable.test/f.jpg",
            "https://CDN.Unreachable.Test./f.jpg",
            "https://cdn.example.com/a/UNREADABLE",
        ];
        for case in cases {
            check(case);
        }
        // The shortcut does take the common forms.
        for common in &cases[..4] {
            assert!(canonical(common).is_some(), "{common}");
        }
        assert!(canonical("https://cdn.example.com//a//b/").is_some());
    }

    #[test]
    fn the_shortcut_agrees_with_the_parser_on_generated_urls() {
        // Every URL built from these pieces, most of them in or near the canonical form.
        let schemes = ["https://", "http://", "Https://", "ws://"];
        let hosts = [
            "a.example",
            "a.b.c",
            "x",
            "x1",
            "1x",
            "9",
            "a.9",
            "a.0x9",
            "a-b.c",
            "a.B",
            "a_b.c",
            "a%41.c",
            "",
            "a.",
            "xn--a.b",
        ];
        let paths = [
            "/", "/a", "/a/b.jpg", "//", "/.", "/..", "/a/.", "/.a", "/a..b", "/%41", "/a?", "/a#",
            "/é", "/a'b", "/a\"b", "/a<b", "/a`b", "/a{b", "/a|b", "/a^b", "/a[b]", "",
        ];
        for scheme in schemes {
            for host in hosts {
                for path in paths {
                    check(&format!("{scheme}{host}{path}"));
                }
            }
        }
    }

    #[test]
    fn parts_are_read_off_the_text() {
        for text in [
            "https://cdn.example.com/kyc/front.jpg",
            "https://CDN.Example.com:8443/k%79c/./front.jpg?x#y",
        ] {
            let ours = DocumentUrl::parse(text).unwrap();
            let url = Url::parse(text).unwrap();
            assert_eq!(ours.as_str(), url.as_str());
            assert_eq!(ours.scheme(), url.scheme());
            assert_eq!(Some(ours.host_str()), url.host_str());
            assert_eq!(ours.path(), url.path());
        }
    }
}
