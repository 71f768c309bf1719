//! Calls that exist only in test builds of the library (feature `testing`).

/// Panics inside Rust, so the JVM tests can prove a panic arrives as an exception.
#[uniffi::export]
pub fn testing_panic(message: String) -> u32 {
    panic!("deliberate test panic: {message}")
}
