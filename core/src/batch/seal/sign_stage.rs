//! Sealing's third stage, on its own thread: the minisign signature of the batch file, taken
//! from its encrypted bytes as they are written (the file is never read back).
//!
//! A prehashed minisign signature (algorithm `ED`, what `minisign -S` writes) is Ed25519 over
//! the BLAKE2b-512 of the file, and a second Ed25519 signature over that signature and the
//! trusted comment. The minisign crate hashes with a portable BLAKE2b, sealing's slowest
//! pass; here the hash is blake2b_simd's (AVX2 where the CPU has it, about twice as fast),
//! the signatures ed25519-dalek's, and the text is the one `minisign -S` writes, so stock
//! `minisign -V` and the minisign crate both verify it (tested).

use crate::batch::error::BatchError;
use crate::batch::keys::SigningKey;
use crate::batch::pipe::PipeReader;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::Signer;
use zeroize::Zeroizing;

/// The prehash: BLAKE2b with a 64-byte output, unkeyed, as minisign (libsodium) takes it.
fn prehash_state() -> blake2b_simd::State {
    blake2b_simd::Params::new().hash_length(64).to_state()
}

/// Hashes everything the pipe brings, then signs. Returns the `.minisig` text.
pub(super) fn sign_stage(
    mut input: PipeReader,
    key: &SigningKey,
    trusted_comment: &str,
    untrusted_comment: &str,
) -> Result<String, BatchError> {
    let mut state = prehash_state();
    while let Some(buffer) = input
        .next_buffer()
        .map_err(|e| BatchError::io("the batch could not be signed", e))?
    {
        state.update(&buffer);
        input.recycle(buffer);
    }
    sign_prehashed(
        key,
        state.finalize().as_bytes(),
        trusted_comment,
        untrusted_comment,
    )
}

/// Layout of minisign's secret key bytes (`SecretKey::to_bytes`): algorithm ids (6), salt
/// (32), KDF limits (16), then the key number (8) and libsodium's secret key (seed ‖ public).
const KEYNUM_AT: usize = 54;
const SEED_AT: usize = KEYNUM_AT + 8;

/// The `.minisig` text for a file whose BLAKE2b-512 is `prehash`.
fn sign_prehashed(
    key: &SigningKey,
    prehash: &[u8],
    trusted_comment: &str,
    untrusted_comment: &str,
) -> Result<String, BatchError> {
    let unusable = || BatchError::InvalidKey("the batch could not be signed with this key".into());
    let clean = |c: &str| c.replace(['\n', '\r'], " ");
    let (trusted_comment, untrusted_comment) = (clean(trusted_comment), clean(untrusted_comment));
    let secret = Zeroizing::new(key.secret_key().to_bytes());
    let (Some(keynum), Some(seed)) = (
        secret.get(KEYNUM_AT..SEED_AT),
        secret
            .get(SEED_AT..SEED_AT + 32)
            .and_then(|s| <[u8; 32]>::try_from(s).ok()),
    ) else {
        return Err(unusable());
    };
    let signer = ed25519_dalek::SigningKey::from_bytes(&seed);
    // The public key the batch names must be this key's (as minisign checks when it signs).
    let public = key.public_key().to_bytes();
    if public.get(10..42) != Some(signer.verifying_key().as_bytes().as_slice())
        || public.get(2..10) != Some(keynum)
    {
        return Err(unusable());
    }
    let signature = signer.sign(prehash).to_bytes();
    let mut signature_line = Vec::with_capacity(2 + 8 + 64);
    signature_line.extend_from_slice(b"ED");
    signature_line.extend_from_slice(keynum);
    signature_line.extend_from_slice(&signature);
    let mut signed_comment = signature.to_vec();
    signed_comment.extend_from_slice(trusted_comment.as_bytes());
    let global = signer.sign(&signed_comment).to_bytes();
    Ok(format!(
        "untrusted comment: {untrusted_comment}\n{}\ntrusted comment: {trusted_comment}\n{}\n",
        BASE64.encode(&signature_line),
        BASE64.encode(global)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn sign_bytes(key: &SigningKey, data: &[u8]) -> String {
        let mut state = prehash_state();
        state.update(data);
        sign_prehashed(key, state.finalize().as_bytes(), "tc", "uc").unwrap()
    }

    #[test]
    fn the_minisign_crate_verifies_the_signature_and_refuses_other_bytes() {
        let key = SigningKey::generate().unwrap();
        let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let text = sign_bytes(&key, &data);
        let parsed = minisign::SignatureBox::from_string(&text).unwrap();
        assert!(parsed.is_prehashed());
        assert_eq!(parsed.trusted_comment().unwrap(), "tc");
        minisign::verify(
            key.public_key(),
            &parsed,
            Cursor::new(&data),
            true,
            false,
            false,
        )
        .unwrap();
        let mut other = data.clone();
        other[1234] ^= 1;
        assert!(
            minisign::verify(
                key.public_key(),
                &parsed,
                Cursor::new(&other),
                true,
                false,
                false
            )
            .is_err()
        );
        // A changed trusted comment breaks the global signature.
        let forged = text.replace("trusted comment: tc", "trusted comment: tX");
        let forged = minisign::SignatureBox::from_string(&forged).unwrap();
        assert!(
            minisign::verify(
                key.public_key(),
                &forged,
                Cursor::new(&data),
                true,
                false,
                false
            )
            .is_err()
        );
    }

    /// Stock `minisign -V` (Debian's, libsodium's BLAKE2b) accepts the signature.
    #[test]
    fn stock_minisign_verifies_the_signature() {
        if std::process::Command::new("minisign")
            .arg("-v")
            .output()
            .is_err()
        {
            eprintln!(
                "skipped: the stock minisign command is not installed (apt-get install minisign)"
            );
            return;
        }
        let key = SigningKey::generate().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let data: Vec<u8> = (0..1_000_003u32).map(|i| (i * 31 % 253) as u8).collect();
        let file = dir.path().join("batch.tar.age");
        std::fs::write(&file, &data).unwrap();
        std::fs::write(
            dir.path().join("batch.tar.age.minisig"),
            sign_bytes(&key, &data),
        )
        .unwrap();
        let public = dir.path().join("device.pub");
        std::fs::write(
            &public,
            crate::batch::public_key_text(key.public_key(), "test"),
        )
        .unwrap();
        let out = std::process::Command::new("minisign")
            .arg("-Vm")
            .arg(&file)
            .arg("-p")
            .arg(&public)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "minisign -V refused: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
