//! Lets go of the start-up code's pages once the server is up, so that an idle sandbox's resident
//! memory is what it uses rather than what it used once.
//!
//! Resident memory counts the pages of the executable mapped into the process. Start-up
//! (argument parsing, YAML fixtures and scenarios, route tables for every worker) runs code
//! spread over the whole 10 MB binary, and Linux maps file pages around each one touched
//! (fault-around; `MADV_RANDOM` no longer turns that off), so an idle sandbox kept some 6 MB of
//! code mapped that it would not run again. Once start-up is over, the executable's read-only
//! mappings are dropped from the page tables (`MADV_DONTNEED`); the pages stay in the page
//! cache, and whatever code runs next (the first request) is mapped again by an ordinary minor
//! fault, without disk I/O.
//!
//! Only mappings the process never wrote are released: private pages a process has written
//! (relocated data, even where it is read-only afterwards) would be lost, so any mapping with
//! anonymous pages is left alone.

use std::fs;

/// Releases the executable's unmodified read-only mappings. Best effort: anything unexpected
/// (no `/proc`, a format it does not know, a refused `madvise`) leaves memory as it was.
pub fn release_startup_code() {
    let (Ok(exe), Ok(smaps)) = (
        fs::read_link("/proc/self/exe"),
        fs::read_to_string("/proc/self/smaps"),
    ) else {
        return;
    };
    let Some(exe) = exe.to_str() else {
        return;
    };
    for (start, end) in clean_read_only_mappings(&smaps, exe) {
        // SAFETY: the range is one of our own read-only file mappings without a written
        // (anonymous) page, so dropping its page-table entries loses nothing: the next access
        // maps the same file page again.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
        }
    }
}

/// The address ranges of `path`'s mappings in `smaps` that are not writable and hold no
/// anonymous (written) page.
fn clean_read_only_mappings(smaps: &str, path: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for line in smaps.lines() {
        let mut words = line.split_whitespace();
        let (Some(first), Some(second)) = (words.next(), words.next()) else {
            continue;
        };
        if let Some((start, end)) = first.split_once('-') {
            // A mapping's header: "start-end perms offset dev inode [path]".
            let range = usize::from_str_radix(start, 16)
                .ok()
                .zip(usize::from_str_radix(end, 16).ok());
            let ours = line.ends_with(path) && !second.contains('w');
            current = range.filter(|(start, end)| ours && start < end);
        } else if first == "Anonymous:"
            && let Some(range) = current.take().filter(|_| second == "0")
        {
            ranges.push(range);
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMAPS: &str = "\
5600-5700 r--p 00000000 fe:00 12 /opt/sandbox
Rss:                1128 kB
Anonymous:             0 kB
VmFlags: rd mr mw me
5700-5900 r-xp 00250000 fe:00 12 /opt/sandbox
Rss:                5760 kB
Anonymous:             0 kB
5900-5950 r--p 009d0000 fe:00 12 /opt/sandbox
Rss:                 320 kB
Anonymous:           320 kB
5950-5960 rw-p 00a20000 fe:00 12 /opt/sandbox
Anonymous:             0 kB
7f00-7f10 r-xp 00000000 fe:00 99 /usr/lib/libc.so.6
Anonymous:             0 kB
7f20-7f30 rw-p 00000000 00:00 0
Anonymous:            64 kB
";

    #[test]
    fn only_unwritten_read_only_mappings_of_the_executable_are_released() {
        assert_eq!(
            clean_read_only_mappings(SMAPS, "/opt/sandbox"),
            [(0x5600, 0x5700), (0x5700, 0x5900)]
        );
    }

    #[test]
    fn the_running_process_s_own_mappings_are_found() {
        let smaps = fs::read_to_string("/proc/self/smaps").unwrap_or_default();
        let exe = fs::read_link("/proc/self/exe").unwrap_or_default();
        if smaps.is_empty() {
            return;
        }
        assert!(!clean_read_only_mappings(&smaps, exe.to_str().unwrap_or("-")).is_empty());
        // Releasing code that is running is harmless: it is mapped again on use.
        release_startup_code();
        release_startup_code();
    }
}
