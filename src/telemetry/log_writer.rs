//! Log lines to standard output from a background thread, written in batches, so that request
//! handlers never wait on the terminal (or on whatever reads the sandbox's output).
//!
//! tracing-appender's non-blocking writer, used before, sent each line as its own allocation
//! through a channel, and its thread woke for every line and wrote it with its own `write(2)`:
//! by the time it had written one line its queue was empty again. Under load that was, per
//! request, a `write`, a wake-up and a few `sched_yield`s from the thread's spinning: 2 µs of
//! system time per request on this machine, as much as a third of the server's CPU per enroll.
//!
//! Here a line is appended to one shared buffer. The thread is woken when the buffer stops
//! being empty, lets the batch gather for [`BATCH_WINDOW`], and writes it with one call. A lone
//! line still appears within that moment. Lines keep their order and none is dropped: while the
//! buffer holds more than [`BUFFER_LIMIT`] bytes (nothing reads the output), a line waits for room.

use std::io::{self, Write};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use parking_lot::{Condvar, Mutex};
use tracing_subscriber::fmt::MakeWriter;

/// How long a batch gathers after its first line before it is written.
pub const BATCH_WINDOW: Duration = Duration::from_millis(5);

/// Bytes of lines waiting for the thread before a new line must wait for room.
pub const BUFFER_LIMIT: usize = 1024 * 1024;

/// The writer given to `tracing_subscriber::fmt`; cheap to clone.
#[derive(Clone)]
pub struct LogWriter {
    shared: Arc<Shared>,
}

/// Stops the thread once every line is written; keep it until the process ends.
pub struct LogGuard {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    state: Mutex<State>,
    /// The buffer stopped being empty, or the guard was dropped.
    lines_waiting: Condvar,
    /// The thread took the buffer.
    room: Condvar,
}

#[derive(Default)]
struct State {
    lines: Vec<u8>,
    closed: bool,
}

/// Starts the thread writing to `output` (standard output, in the sandbox).
pub fn spawn(output: impl Write + Send + 'static) -> io::Result<(LogWriter, LogGuard)> {
    let shared = Arc::new(Shared {
        state: Mutex::new(State::default()),
        lines_waiting: Condvar::new(),
        room: Condvar::new(),
    });
    let thread = std::thread::Builder::new()
        .name("log-writer".into())
        .spawn({
            let shared = shared.clone();
            move || write_batches(&shared, output)
        })?;
    Ok((
        LogWriter {
            shared: shared.clone(),
        },
        LogGuard {
            shared,
            thread: Some(thread),
        },
    ))
}

fn write_batches(shared: &Shared, mut output: impl Write) {
    let mut batch = Vec::new();
    loop {
        {
            let mut state = shared.state.lock();
            while state.lines.is_empty() && !state.closed {
                shared.lines_waiting.wait(&mut state);
            }
            if state.lines.is_empty() {
                return;
            }
            if !state.closed {
                drop(state);
                std::thread::sleep(BATCH_WINDOW);
                state = shared.state.lock();
            }
            std::mem::swap(&mut state.lines, &mut batch);
        }
        shared.room.notify_all();
        // Nothing to do about a closed or failing output but to go on without it.
        let _ = output.write_all(&batch).and_then(|()| output.flush());
        batch.clear();
    }
}

impl Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut state = self.shared.state.lock();
        while state.lines.len() >= BUFFER_LIMIT && !state.closed {
            self.shared.room.wait(&mut state);
        }
        let was_empty = state.lines.is_empty();
        state.lines.extend_from_slice(bytes);
        drop(state);
        if was_empty {
            self.shared.lines_waiting.notify_one();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for LogWriter {
    type Writer = LogWriter;

    fn make_writer(&'a self) -> LogWriter {
        self.clone()
    }
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        self.shared.state.lock().closed = true;
        self.shared.lines_waiting.notify_one();
        self.shared.room.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex as StdMutex;

    use super::*;

    #[derive(Clone, Default)]
    struct Output {
        bytes: Arc<StdMutex<Vec<u8>>>,
        writes: Arc<StdMutex<usize>>,
    }

    impl Write for Output {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.bytes
                .lock()
                .map_err(|_| io::Error::other("poisoned"))?
                .extend_from_slice(bytes);
            *self
                .writes
                .lock()
                .map_err(|_| io::Error::other("poisoned"))? += 1;
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_line_is_written_in_order_in_few_writes() {
        let output = Output::default();
        let (writer, guard) = spawn(output.clone()).unwrap();
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let mut writer = writer.clone();
                std::thread::spawn(move || {
                    // As the fmt layer does: one write per formatted line.
                    for n in 0..2_000 {
                        let line = format!("thread {t} line {n}\n");
                        writer.write_all(line.as_bytes()).unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        drop(guard);
        let text = String::from_utf8(output.bytes.lock().unwrap().clone()).unwrap();
        let mut next = [0; 4];
        for line in text.lines() {
            let words: Vec<_> = line.split(' ').collect();
            let (t, n): (usize, usize) = (words[1].parse().unwrap(), words[3].parse().unwrap());
            assert_eq!(n, next[t], "{line}");
            next[t] += 1;
        }
        assert_eq!(next, [2_000; 4]);
        assert!(*output.writes.lock().unwrap() < 8_000);
    }

    #[test]
    fn a_lone_line_is_written_without_waiting_for_more() {
        let output = Output::default();
        let (mut writer, _guard) = spawn(output.clone()).unwrap();
        writer.write_all(b"hello\n").unwrap();
        for _ in 0..200 {
            if !output.bytes.lock().unwrap().is_empty() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(&*output.bytes.lock().unwrap(), b"hello\n");
    }
}
