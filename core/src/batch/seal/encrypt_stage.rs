//! Sealing's second stage, on its own thread: age encryption to the bank's recipients. The
//! ciphertext goes to the batch's temporary file (asking for writeback as it goes, so the
//! final sync finds little left) and, through a second bounded pipe, to the signature stage.

use crate::batch::error::BatchError;
use crate::batch::pipe::{PipeReader, PipeWriter};
use crate::batch::writeback::WritebackFile;
use std::fs::File;
use std::io::{self, BufWriter, Write};

/// Writes the ciphertext to the file and hands a copy to the signature's hash.
struct Tee {
    file: BufWriter<WritebackFile>,
    sign: PipeWriter,
    written: u64,
}

impl Write for Tee {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.file.write_all(data)?;
        self.sign.write_all(data)?;
        self.written += data.len() as u64;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

pub(super) fn encrypt_stage(
    mut input: PipeReader,
    encryptor: age::Encryptor,
    file: File,
    sign: PipeWriter,
) -> Result<(u64, u64), BatchError> {
    let write_err = |e| BatchError::io("could not write the batch file", e);
    let tee = Tee {
        file: BufWriter::with_capacity(512 * 1024, WritebackFile::new(file)),
        sign,
        written: 0,
    };
    let mut stream = encryptor.wrap_output(tee).map_err(write_err)?;
    let mut plaintext = 0u64;
    while let Some(buffer) = input
        .next_buffer()
        .map_err(|e| BatchError::io("sealing stopped", e))?
    {
        stream.write_all(&buffer).map_err(write_err)?;
        plaintext += buffer.len() as u64;
        input.recycle(buffer);
    }
    let Tee {
        file,
        sign,
        written,
    } = stream.finish().map_err(write_err)?;
    let file = file
        .into_inner()
        .map_err(|e| write_err(e.into_error()))?
        .into_inner();
    file.sync_all().map_err(write_err)?;
    sign.finish()
        .map_err(|e| BatchError::io("the batch could not be signed", e))?;
    Ok((plaintext, written))
}
