//! A batch file that starts going to disk while it is still being written. Sealing must sync
//! the batch before it marks households sealed; left to the kernel, writeback starts late and
//! the final sync waits for the whole file. Asking for writeback of each few megabytes as
//! they are written overlaps the disk with the encryption, so the final sync finds little
//! left to do. Only a hint: where the call is missing, or fails, the final sync does it all.

use std::fs::File;
use std::io::{self, Write};

/// Bytes between writeback requests.
const STEP: u64 = 8 * 1024 * 1024;

pub(crate) struct WritebackFile {
    file: File,
    written: u64,
    requested: u64,
}

impl WritebackFile {
    pub(crate) fn new(file: File) -> Self {
        WritebackFile {
            file,
            written: 0,
            requested: 0,
        }
    }

    pub(crate) fn into_inner(self) -> File {
        self.file
    }

    fn request_writeback(&mut self) {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            use std::os::fd::AsRawFd;
            let length = self.written - self.requested;
            // SAFETY: a plain syscall on a descriptor this struct owns; it reads no memory.
            unsafe {
                libc::sync_file_range(
                    self.file.as_raw_fd(),
                    self.requested as libc::off64_t,
                    length as libc::off64_t,
                    libc::SYNC_FILE_RANGE_WRITE,
                );
            }
        }
        self.requested = self.written;
    }
}

impl Write for WritebackFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.requested >= STEP {
            self.request_writeback();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}
