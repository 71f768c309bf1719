//! A bank engineer with no Cunxin code: Debian's stock `minisign`, `age`, `tar` and
//! `sha256sum` verify and open a batch sealed from a real store, exactly as the README says.

mod batch_support;
mod store_support;

use batch_support::*;
use cunxin_core::batch::{export_batches, export_public_key, parse_identities, seal};
use std::path::Path;
use std::process::Command;

/// `age-keygen -o FILE` writes the bank's identity; `age-keygen -y` gives its recipient.
fn stock_bank_key(dir: &Path, name: &str) -> (std::path::PathBuf, age::x25519::Recipient) {
    let key = dir.join(name);
    run(Command::new("age-keygen").arg("-o").arg(&key));
    let public = run(Command::new("age-keygen").arg("-y").arg(&key));
    let recipient = String::from_utf8(public.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // Cunxin reads the same file (the CLI's --identity).
    parse_identities(&std::fs::read_to_string(&key).unwrap(), name).unwrap();
    (key, recipient)
}

#[test]
fn stock_minisign_age_tar_and_sha256sum_verify_and_open_a_batch() {
    let work = tempfile::tempdir().unwrap();
    let (mut store, _, expected) = village(&work.path().join("store"), 3, 3);
    let (head_office_key, head_office) = stock_bank_key(work.path(), "head-office.key");
    let (branch_key, branch) = stock_bank_key(work.path(), "branch.key");
    let sealed = seal(
        &mut store,
        &[head_office, branch],
        &work.path().join("batches"),
    )
    .unwrap();
    let usb = work.path().join("usb");
    export_batches(&mut store, &work.path().join("batches"), &usb, None).unwrap();
    assert_eq!(
        std::fs::read_to_string(usb.join("device.pub")).unwrap(),
        export_public_key(&mut store).unwrap()
    );
    let batch = usb.join(cunxin_core::batch::batch_file_name(&sealed.batch_id));

    // minisign -Vm BATCH -p device.pub (the signature beside it, BATCH.minisig).
    let verified = run(Command::new("minisign")
        .arg("-Vm")
        .arg(&batch)
        .arg("-p")
        .arg(usb.join("device.pub")));
    let said = String::from_utf8_lossy(&verified.stdout).to_string()
        + &String::from_utf8_lossy(&verified.stderr);
    assert!(
        said.contains(&format!("batch:{}", sealed.batch_id)),
        "{said}"
    );

    for key in [&head_office_key, &branch_key] {
        let out = work.path().join(format!(
            "open-{}",
            key.file_name().unwrap().to_string_lossy()
        ));
        std::fs::create_dir(&out).unwrap();
        // age -d -i bank.key BATCH | tar -x -C DIR
        run(Command::new("bash")
            .args(["-o", "pipefail", "-c"])
            .arg(format!(
                "age -d -i '{}' '{}' | tar -x -C '{}'",
                key.display(),
                batch.display(),
                out.display()
            )));
        // sha256sum -c SHA256SUMS
        let checked = run(Command::new("sha256sum")
            .arg("-c")
            .arg("--strict")
            .arg("SHA256SUMS")
            .current_dir(&out));
        let report = String::from_utf8(checked.stdout).unwrap();
        assert_eq!(report.lines().count(), sealed.files - 1, "{report}");
        assert!(report.lines().all(|l| l.ends_with(": OK")), "{report}");

        let files = files_under(&out);
        assert_eq!(files.len(), sealed.files);
        for bytes in expected.files.values() {
            assert!(
                files.values().any(|f| f == bytes),
                "every stored photo and signature comes out byte for byte"
            );
        }
        let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
        assert_eq!(manifest["batch_id"], sealed.batch_id.as_str());
        assert_eq!(manifest["households"].as_array().unwrap().len(), 3);
    }

    // tar lists only regular files with plain relative paths.
    let listing = run(Command::new("bash")
        .args(["-o", "pipefail", "-c"])
        .arg(format!(
            "age -d -i '{}' '{}' | tar -tv",
            head_office_key.display(),
            batch.display()
        )));
    let listing = String::from_utf8(listing.stdout).unwrap();
    assert_eq!(listing.lines().count(), sealed.files);
    for line in listing.lines() {
        assert!(line.starts_with("-rw-r--r--"), "{line}");
        assert!(!line.contains(" /") && !line.contains(".."), "{line}");
    }

    // A flipped byte: stock minisign refuses it too.
    let mut bytes = std::fs::read(&batch).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    let tampered = work.path().join("tampered.tar.age");
    std::fs::write(&tampered, &bytes).unwrap();
    std::fs::copy(
        usb.join(format!(
            "{}.minisig",
            batch.file_name().unwrap().to_string_lossy()
        )),
        work.path().join("tampered.tar.age.minisig"),
    )
    .unwrap();
    let refused = Command::new("minisign")
        .arg("-Vm")
        .arg(&tampered)
        .arg("-p")
        .arg(usb.join("device.pub"))
        .output()
        .unwrap();
    assert!(!refused.status.success());
}

#[test]
fn a_batch_encrypted_by_stock_age_from_a_stock_tar_is_not_mistaken_for_a_cunxin_batch() {
    // The other direction: Cunxin's opener reads stock age output, and stock minisign
    // signatures, but refuses content that is not a Cunxin batch with a clear sentence.
    let work = tempfile::tempdir().unwrap();
    let (bank_key, _) = stock_bank_key(work.path(), "bank.key");
    let src = work.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("hello.txt"), "hello").unwrap();
    let batch = work.path().join("x.tar.age");
    let recipient =
        String::from_utf8(run(Command::new("age-keygen").arg("-y").arg(&bank_key)).stdout).unwrap();
    run(Command::new("bash")
        .args(["-o", "pipefail", "-c"])
        .arg(format!(
            "tar -c -C '{}' hello.txt | age -r {} > '{}'",
            src.display(),
            recipient.trim(),
            batch.display()
        )));
    // minisign -G needs a password prompt unless -W: an unencrypted key.
    let sk = work.path().join("k.key");
    let pk = work.path().join("k.pub");
    run(Command::new("minisign")
        .arg("-GW")
        .arg("-p")
        .arg(&pk)
        .arg("-s")
        .arg(&sk));
    run(Command::new("minisign")
        .arg("-Sm")
        .arg(&batch)
        .arg("-s")
        .arg(&sk)
        .arg("-t")
        .arg("cunxin-batch/1 batch:x-1"));
    let device =
        cunxin_core::batch::parse_public_key(&std::fs::read_to_string(&pk).unwrap()).unwrap();
    let identities =
        parse_identities(&std::fs::read_to_string(&bank_key).unwrap(), "bank.key").unwrap();
    let out = work.path().join("out");
    let e = cunxin_core::batch::open_batch(
        &batch,
        &work.path().join("x.tar.age.minisig"),
        &[device],
        &identities,
        &out,
    )
    .unwrap_err();
    assert!(e.to_string().contains("manifest.json"), "{e}");
    assert_eq!(dir_names(&out), Vec::<String>::new());
}

#[test]
fn a_stock_minisign_key_signs_like_one_of_ours() {
    // The bank may make its receipt key with stock `minisign -G -W` (an all-zero checksum,
    // which the minisign crate alone refuses as corrupted).
    let work = tempfile::tempdir().unwrap();
    let sk = work.path().join("platform.key");
    let pk = work.path().join("platform.pub");
    run(Command::new("minisign")
        .arg("-GW")
        .arg("-p")
        .arg(&pk)
        .arg("-s")
        .arg(&sk));
    let text = std::fs::read_to_string(&sk).unwrap();
    let key = cunxin_core::batch::SigningKey::from_secret_key_text(&text).unwrap();
    let public =
        cunxin_core::batch::parse_public_key(&std::fs::read_to_string(&pk).unwrap()).unwrap();
    assert_eq!(key.key_id(), cunxin_core::batch::key_id(&public));

    // What it signs, stock minisign verifies with the stock public key.
    let data = work.path().join("receipt.json");
    std::fs::write(&data, b"{\"accepted\": 1}").unwrap();
    let signature = key
        .sign(std::fs::File::open(&data).unwrap(), "receipt", "receipt")
        .unwrap();
    std::fs::write(work.path().join("receipt.json.minisig"), signature).unwrap();
    run(Command::new("minisign")
        .arg("-Vm")
        .arg(&data)
        .arg("-p")
        .arg(&pk));

    // A damaged stock key (its public half altered) is refused, not used to sign nonsense.
    use base64::Engine;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut bytes = base64::engine::general_purpose::STANDARD
        .decode(&lines[1])
        .unwrap();
    let at = bytes.len() - 32 - 5;
    bytes[at] ^= 0x40;
    lines[1] = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let err = cunxin_core::batch::SigningKey::from_secret_key_text(&lines.join("\n")).unwrap_err();
    assert!(
        err.to_string()
            .contains("not an unencrypted minisign secret key"),
        "{err}"
    );
}
