//! A chunk of the file read, and checksummed, ready to send.

use super::ChecksumAlgorithm;
use super::UploadError;
use std::io::{Read, Seek, SeekFrom};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub offset: u64,
    pub bytes: Vec<u8>,
    /// The `Upload-Checksum` value, when the server checks chunks.
    pub checksum: Option<String>,
}

impl Chunk {
    /// Reads `len` bytes at `offset`, and their checksum with `checksum`.
    pub fn read<R: Read + Seek + ?Sized>(
        file: &mut R,
        offset: u64,
        len: u64,
        checksum: Option<ChecksumAlgorithm>,
    ) -> Result<Chunk, UploadError> {
        let len =
            usize::try_from(len).map_err(|_| UploadError::FileChanged("a chunk is too big"))?;
        let mut bytes = vec![0; len];
        file.seek(SeekFrom::Start(offset))
            .and_then(|_| file.read_exact(&mut bytes))
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::UnexpectedEof => UploadError::FileChanged("it is shorter"),
                _ => UploadError::Read(e),
            })?;
        let checksum = checksum.map(|a| a.header_value(&bytes));
        Ok(Chunk {
            offset,
            bytes,
            checksum,
        })
    }

    pub fn len(&self) -> u64 {
        self.bytes.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}
