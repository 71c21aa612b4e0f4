//! The raw TCP socket under an HTTP request, for faults that must be real at the TCP level
//! (a reset, a close without an answer, bytes that are not HTTP). Linux semantics; other Unixes
//! behave the same except where noted in `docs/scenarios.md`.
//!
//! `HttpServer::on_connect(connection::capture)` records each connection's file descriptor in
//! its extensions; a request finds it with `conn_data::<ConnectionSocket>()`.

use std::any::Any;
use std::io;
use std::mem::MaybeUninit;
use std::net::Shutdown;
use std::os::fd::{AsRawFd, BorrowedFd, RawFd};

use actix_web::dev::Extensions;
use socket2::SockRef;

/// The descriptor of the connection a request arrived on.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionSocket(RawFd);

/// `HttpServer::on_connect` callback: remembers plain TCP connections' descriptors.
pub fn capture(connection: &dyn Any, data: &mut Extensions) {
    if let Some(stream) = connection.downcast_ref::<actix_web::rt::net::TcpStream>() {
        data.insert(ConnectionSocket(stream.as_raw_fd()));
    }
}

impl ConnectionSocket {
    /// Uses the descriptor for the length of `action`.
    fn with<T>(&self, action: impl FnOnce(SockRef<'_>) -> T) -> T {
        // SAFETY: the descriptor belongs to the connection the current request arrived on. actix's
        // HTTP/1 dispatcher owns both that stream and the future handling the request, and drops
        // them together, so while a request is being handled (the only time this type is
        // reachable, through the request's `conn_data`) the descriptor is open and is this socket.
        let fd = unsafe { BorrowedFd::borrow_raw(self.0) };
        action(SockRef::from(&fd))
    }

    /// Sends a TCP RST now: the client sees "connection reset by peer".
    ///
    /// `connect(AF_UNSPEC)` on a connected TCP socket runs the kernel's `tcp_disconnect`, which
    /// resets an established connection without closing the descriptor actix still owns (closing
    /// it with `SO_LINGER {1, 0}` is not ours to do).
    pub fn reset(&self) -> io::Result<()> {
        let unspecified = libc::sockaddr {
            sa_family: libc::AF_UNSPEC as libc::sa_family_t,
            sa_data: [0; 14],
        };
        // SAFETY: `unspecified` is a valid `sockaddr` that outlives the call, its size is passed
        // alongside it, and the descriptor is open (see `with`).
        let result = unsafe {
            libc::connect(
                self.0,
                &unspecified,
                std::mem::size_of::<libc::sockaddr>() as libc::socklen_t,
            )
        };
        if result == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    /// Closes both directions without a byte sent: the client sees EOF instead of an answer.
    /// Later writes by actix fail on the shut socket, so nothing else reaches the client.
    pub fn close(&self) -> io::Result<()> {
        self.with(|socket| socket.shutdown(Shutdown::Both))
    }

    /// Writes `bytes` (best effort: the socket is non-blocking and the payloads are small),
    /// then closes both directions.
    pub fn write_then_close(&self, bytes: &[u8]) -> io::Result<()> {
        self.with(|socket| {
            let mut rest = bytes;
            while !rest.is_empty() {
                match socket.send_with_flags(rest, libc::MSG_NOSIGNAL) {
                    Ok(0) => break,
                    Ok(sent) => rest = &rest[sent..],
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
            socket.shutdown(Shutdown::Both)
        })
    }

    /// Whether the client has closed its side (EOF pending) or the connection failed.
    pub fn peer_gone(&self) -> bool {
        self.with(|socket| {
            let mut byte = [MaybeUninit::<u8>::uninit()];
            // The socket is non-blocking (tokio's), so a peek never waits.
            match socket.peek(&mut byte) {
                Ok(0) => true,
                Ok(_) => false,
                Err(error) => error.kind() != io::ErrorKind::WouldBlock,
            }
        })
    }
}
