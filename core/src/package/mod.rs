//! Work packages: what the bank's platform sends one tablet — its grid's roster, the
//! scorecard in force, the bank's recipient keys — as a tar file encrypted with age to the
//! device's own package key and signed with the platform key (minisign), each naming the
//! package before it for that device. A bank engineer can make one with stock tools:
//!
//! ```sh
//! tar -cf pkg.tar package.json roster.csv [departments.csv] [scorecard.toml] [bank.recipients]
//! age -R keys/devices/tablet-017.age -o pkg.tar.age pkg.tar
//! minisign -S -s keys/platform.key -m pkg.tar.age      # writes pkg.tar.age.minisig
//! ```
//!
//! The device opens a package only when the signature verifies with the platform key in its
//! settings, it decrypts with the device's own key, its manifest names this device and
//! continues the chain of packages imported before, and every file matches the manifest;
//! then it applies it in one transaction (see [`import`]).

mod departments;
mod error;
pub mod import;
mod manifest;
mod open;

pub use error::PackageError;
pub use import::{PackageImported, import_package};
pub use manifest::{FORMAT, KNOWN_FILES, MANIFEST_FILE, PackageManifest};
pub use open::{OpenedPackage, open_package};
