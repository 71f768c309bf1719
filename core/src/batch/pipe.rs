//! Bounded in-memory pipes between the stages of sealing, which run on their own threads:
//! tar framing and hashing → age encryption and writing → the signature's hash. At most a
//! few buffers are in flight, so memory stays flat whatever the batch size, and the stages
//! use the CPU's cores at the same time. A pipe that ends without [`PipeWriter::finish`]
//! (its stage failed) is an error at the other end, never a quiet end of data.

use std::io::{self, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};

/// Bytes per message.
const BUFFER: usize = 256 * 1024;
/// Messages in flight per pipe.
const IN_FLIGHT: usize = 8;

enum Message {
    Data(Vec<u8>),
    End,
}

pub(crate) fn pipe() -> (PipeWriter, PipeReader) {
    let (tx, rx) = sync_channel(IN_FLIGHT);
    let (spare_tx, spare_rx) = sync_channel(IN_FLIGHT + 2);
    (
        PipeWriter {
            tx,
            spare: spare_rx,
            buf: Vec::with_capacity(BUFFER),
        },
        PipeReader {
            rx,
            spare: spare_tx,
            current: Vec::new(),
            position: 0,
            ended: false,
        },
    )
}

fn stopped() -> io::Error {
    io::Error::new(
        io::ErrorKind::BrokenPipe,
        "the next stage of sealing stopped",
    )
}

pub(crate) struct PipeWriter {
    tx: SyncSender<Message>,
    spare: Receiver<Vec<u8>>,
    buf: Vec<u8>,
}

impl PipeWriter {
    fn send_buffer(&mut self) -> io::Result<()> {
        let next = match self.spare.try_recv() {
            Ok(mut spare) => {
                spare.clear();
                spare
            }
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => Vec::with_capacity(BUFFER),
        };
        let full = std::mem::replace(&mut self.buf, next);
        self.tx.send(Message::Data(full)).map_err(|_| stopped())
    }

    /// Sends what is buffered and marks the end of the data.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.send_buffer()?;
        }
        self.tx.send(Message::End).map_err(|_| stopped())
    }
}

impl Write for PipeWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let room = BUFFER - self.buf.len();
        let n = data.len().min(room);
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() == BUFFER {
            self.send_buffer()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub(crate) struct PipeReader {
    rx: Receiver<Message>,
    spare: SyncSender<Vec<u8>>,
    current: Vec<u8>,
    position: usize,
    ended: bool,
}

impl PipeReader {
    /// The next whole buffer, None at the end; hand it back with [`PipeReader::recycle`].
    pub(crate) fn next_buffer(&mut self) -> io::Result<Option<Vec<u8>>> {
        if self.ended {
            return Ok(None);
        }
        match self.rx.recv() {
            Ok(Message::Data(data)) => Ok(Some(data)),
            Ok(Message::End) => {
                self.ended = true;
                Ok(None)
            }
            Err(_) => Err(io::Error::other(
                "the previous stage of sealing stopped before the end",
            )),
        }
    }

    pub(crate) fn recycle(&self, buffer: Vec<u8>) {
        let _ = self.spare.try_send(buffer);
    }
}

impl Read for PipeReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.position == self.current.len() {
            match self.next_buffer()? {
                Some(next) => {
                    let done = std::mem::replace(&mut self.current, next);
                    self.recycle(done);
                    self.position = 0;
                }
                None => return Ok(0),
            }
        }
        let n = out.len().min(self.current.len() - self.position);
        out[..n].copy_from_slice(&self.current[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_arrive_in_order_and_an_unfinished_pipe_is_an_error() {
        let (mut w, mut r) = pipe();
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        let expected = data.clone();
        let writer = std::thread::spawn(move || {
            for chunk in data.chunks(10_000) {
                w.write_all(chunk).unwrap();
            }
            w.finish().unwrap();
        });
        let mut got = Vec::new();
        r.read_to_end(&mut got).unwrap();
        writer.join().unwrap();
        assert_eq!(got, expected);

        let (mut w, mut r) = pipe();
        w.write_all(&[1u8; BUFFER + 10]).unwrap();
        drop(w);
        let mut got = Vec::new();
        assert!(r.read_to_end(&mut got).is_err());
    }
}
