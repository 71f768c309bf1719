//! Why a work package was refused: one sentence each, naming what to do, never the
//! package's contents (which are people's records).

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    /// The device's own keys in the store could not be read.
    #[error("{0}")]
    DeviceKey(String),
    #[error(
        "the platform's key is not in this device's settings; enter it (the platform's .pub) before importing a package"
    )]
    NoPlatformKey,
    #[error(
        "the package's signature file is not a minisign signature; copy the package's .minisig file again"
    )]
    SignatureUnreadable,
    #[error(
        "the package was signed by key {key_id}, not by the platform key in this device's settings; ask the branch which platform made it"
    )]
    UnknownSigner { key_id: String },
    #[error(
        "the package's signature does not match its content: it was altered or damaged after the platform signed it; copy it again"
    )]
    BadSignature,
    #[error(
        "the package is encrypted for another device; ask the branch for the package made for this device"
    )]
    NotForThisDevice,
    #[error("the package could not be decrypted: {0}; copy it again")]
    Damaged(String),
    #[error("the package's contents are invalid: {0}; ask the branch to make it again")]
    Invalid(String),
    #[error("package {package_id} was already imported on this device; nothing was changed")]
    Replayed { package_id: String },
    #[error(
        "package {package_id} follows {follows}, but the last package imported here is {last}; import the branch's packages in order"
    )]
    OutOfChain {
        package_id: String,
        follows: String,
        last: String,
    },
    #[error(
        "the package's roster has {0} row(s) with problems; the branch corrects them on the platform and sends a new package"
    )]
    RosterProblems(usize),
}

impl PackageError {
    pub(crate) fn io(what: impl Into<String>, source: std::io::Error) -> PackageError {
        PackageError::Io {
            what: what.into(),
            source,
        }
    }
}
