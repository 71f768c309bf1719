#![no_main]
//! Any bytes against the bank's batch opener: never a panic, and a refused batch leaves
//! nothing unpacked. The first byte picks the layer under attack:
//! - even: the bytes are a batch file, checked against a fixed valid signature (the
//!   signature check must refuse them);
//! - odd: the rest is the tar inside a batch, encrypted and signed with the trusted device
//!   key, so age, tar, path and manifest checks all run on hostile content.

use cunxin_core::batch::{SigningKey, open_batch_from};
use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Write};
use std::sync::OnceLock;

struct Keys {
    device: SigningKey,
    bank: age::x25519::Identity,
    signature: String,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let device = SigningKey::generate().unwrap();
        let signature = device
            .sign(&b"a batch"[..], "timestamp:0 cunxin-batch/1 batch:fuzz-1", "fuzz")
            .unwrap();
        Keys {
            device,
            bank: age::x25519::Identity::generate(),
            signature,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let k = keys();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("out");
    let (batch, signature) = if mode % 2 == 0 {
        (rest.to_vec(), k.signature.clone())
    } else {
        let recipient = k.bank.to_public();
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .unwrap();
        let mut batch = Vec::new();
        let mut writer = encryptor.wrap_output(&mut batch).unwrap();
        writer.write_all(rest).unwrap();
        writer.finish().unwrap();
        let signature = k
            .device
            .sign(&batch[..], "timestamp:0 cunxin-batch/1 batch:fuzz-1", "fuzz")
            .unwrap();
        (batch, signature)
    };
    let result = open_batch_from(
        Cursor::new(batch),
        signature.as_bytes(),
        &[k.device.public_key().clone()],
        std::slice::from_ref(&k.bank),
        &target,
    );
    if result.is_err() {
        assert!(std::fs::read_dir(&target).map_or(true, |mut d| d.next().is_none()));
    }
});
