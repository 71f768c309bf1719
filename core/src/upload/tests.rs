//! The protocol's steps against the answers a tus 1.0 server gives (the spec's examples
//! and the failure answers); real HTTP runs in the platform's and the CLI's tests.

use super::headers::{self as h};
use super::*;
use std::collections::BTreeMap;

const ENDPOINT: &str = "https://bank.example/files/";

fn metadata() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("filename".to_string(), "batch-1.age".to_string()),
        ("batch_id".to_string(), "b-2024-001".to_string()),
    ])
}

fn options_answer() -> HttpResponse {
    HttpResponse::new(204)
        .with_header("Tus-Resumable", "1.0.0")
        .with_header("Tus-Version", "1.0.0,0.2.2")
        .with_header("Tus-Extension", "creation,checksum,termination")
        .with_header("Tus-Checksum-Algorithm", "md5, SHA1")
        .with_header("Tus-Max-Size", "1073741824")
}

/// An upload of 10 bytes in chunks of 4, created at `/files/abc`.
fn created() -> TusUpload {
    let mut up = TusUpload::new(ENDPOINT, 10, metadata())
        .unwrap()
        .with_chunk_size(4);
    up.handle(Action::Discover, &options_answer()).unwrap();
    let created = HttpResponse::new(201).with_header("Location", "/files/abc");
    up.handle(Action::Create, &created).unwrap();
    up
}

fn patched(offset: u64) -> HttpResponse {
    HttpResponse::new(204)
        .with_header("Tus-Resumable", "1.0.0")
        .with_header("Upload-Offset", &offset.to_string())
}

fn head_answer(offset: u64, length: u64) -> HttpResponse {
    HttpResponse::new(200)
        .with_header("Upload-Offset", &offset.to_string())
        .with_header("Upload-Length", &length.to_string())
        .with_header("Cache-Control", "no-store")
}

#[test]
fn a_fresh_upload_discovers_creates_and_sends_checksummed_chunks() {
    let mut up = TusUpload::new(ENDPOINT, 10, metadata())
        .unwrap()
        .with_chunk_size(4);
    assert_eq!(up.next(), Next::Send(Action::Discover));
    let options = up.request(Action::Discover, Vec::new());
    assert_eq!(options.method, Method::Options);
    assert_eq!(
        options.header("Tus-Resumable"),
        None,
        "OPTIONS carries no version"
    );
    assert_eq!(
        up.handle(Action::Discover, &options_answer()).unwrap(),
        Outcome::Continue
    );

    assert_eq!(up.next(), Next::Send(Action::Create));
    let post = up.request(Action::Create, Vec::new());
    assert_eq!(post.method, Method::Post);
    assert_eq!(post.url, ENDPOINT);
    assert_eq!(post.header("tus-resumable"), Some("1.0.0"));
    assert_eq!(post.header("Upload-Length"), Some("10"));
    let sent = h::decode_metadata(post.header("Upload-Metadata").unwrap()).unwrap();
    assert_eq!(sent, metadata());
    assert!(post.body.is_empty());
    let created = HttpResponse::new(201).with_header("location", "/files/abc");
    up.handle(Action::Create, &created).unwrap();
    assert_eq!(
        up.upload_url.as_deref(),
        Some("https://bank.example/files/abc")
    );

    let file = b"0123456789";
    for (offset, len) in [(0u64, 4u64), (4, 4), (8, 2)] {
        assert_eq!(up.next(), Next::Send(Action::Patch { offset, len }));
        let range = offset as usize..(offset + len) as usize;
        let patch = up.request(Action::Patch { offset, len }, file[range.clone()].to_vec());
        assert_eq!(patch.method, Method::Patch);
        assert_eq!(patch.url, "https://bank.example/files/abc");
        assert_eq!(
            patch.header("Upload-Offset"),
            Some(offset.to_string().as_str())
        );
        assert_eq!(
            patch.header("Content-Type"),
            Some("application/offset+octet-stream")
        );
        assert_eq!(
            patch.header("Upload-Checksum"),
            Some(
                ChecksumAlgorithm::Sha1
                    .header_value(&file[range.clone()])
                    .as_str()
            )
        );
        assert_eq!(patch.body, &file[range]);
        up.handle(Action::Patch { offset, len }, &patched(offset + len))
            .unwrap();
    }
    assert_eq!(up.next(), Next::Done);
    assert!(up.is_complete());
}

#[test]
fn crc32_is_taken_when_offered_and_sha1_otherwise() {
    // crc32("123456789") = cbf43926, the standard check value.
    assert_eq!(
        ChecksumAlgorithm::Crc32.header_value(b"123456789"),
        "crc32 y/Q5Jg=="
    );
    let offering = |algorithms: &[&str]| ServerCapabilities {
        extensions: vec!["creation".into(), "checksum".into()],
        checksum_algorithms: algorithms.iter().map(|a| a.to_string()).collect(),
        ..Default::default()
    };
    assert_eq!(
        offering(&["sha1", "crc32"]).checksum(),
        Some(ChecksumAlgorithm::Crc32)
    );
    assert_eq!(
        offering(&["md5", "sha1"]).checksum(),
        Some(ChecksumAlgorithm::Sha1)
    );
    assert_eq!(offering(&["md5"]).checksum(), None);
    let without_extension = ServerCapabilities {
        extensions: vec!["creation".into()],
        ..offering(&["sha1"])
    };
    assert_eq!(without_extension.checksum(), None);
}

#[test]
fn sha1_checksum_is_the_base64_of_the_digest() {
    // sha1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d
    assert_eq!(
        ChecksumAlgorithm::Sha1.header_value(b"abc"),
        "sha1 qZk+NkcGgWq6PiVxeFDCbJzQ2J0="
    );
    let (algorithm, digest) = h::parse_checksum("SHA1 qZk+NkcGgWq6PiVxeFDCbJzQ2J0=").unwrap();
    assert_eq!(algorithm, "sha1");
    assert_eq!(
        hex::encode(digest),
        "a9993e364706816aba3e25717850c26c9cd0d89d"
    );
    assert_eq!(h::parse_checksum("sha1"), None);
    assert_eq!(h::parse_checksum("sha1 not*base64"), None);
}

#[test]
fn metadata_follows_the_spec_example_and_rejects_malformed_headers() {
    // The tus spec's example header.
    let parsed =
        h::decode_metadata("filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential")
            .unwrap();
    assert_eq!(parsed["filename"], "world_domination_plan.pdf");
    assert_eq!(parsed["is_confidential"], "");
    assert_eq!(
        h::encode_metadata(&parsed),
        "filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential"
    );
    let chinese = BTreeMap::from([("village".to_string(), "石桥村".to_string())]);
    assert_eq!(
        h::decode_metadata(&h::encode_metadata(&chinese)),
        Some(chinese)
    );
    assert_eq!(h::decode_metadata("a YQ==,a YQ=="), None, "a key twice");
    assert_eq!(h::decode_metadata("a ***"), None, "not base64");
    assert_eq!(h::decode_metadata("a /w=="), None, "not UTF-8");
    assert_eq!(h::decode_metadata(""), Some(BTreeMap::new()));
    assert!(matches!(
        TusUpload::new(
            ENDPOINT,
            1,
            BTreeMap::from([("bad key".into(), "x".into())])
        ),
        Err(UploadError::BadMetadataKey(_))
    ));
}

#[test]
fn no_checksum_header_when_the_server_has_no_sha1() {
    let mut up = TusUpload::new(ENDPOINT, 10, BTreeMap::new()).unwrap();
    let plain = HttpResponse::new(204)
        .with_header("Tus-Version", "1.0.0")
        .with_header("Tus-Extension", "creation,termination");
    up.handle(Action::Discover, &plain).unwrap();
    let post = up.request(Action::Create, Vec::new());
    assert_eq!(
        post.header("Upload-Metadata"),
        None,
        "no empty metadata header"
    );
    up.handle(
        Action::Create,
        &HttpResponse::new(201).with_header("Location", "https://store.example/u/1"),
    )
    .unwrap();
    let patch = up.request(Action::Patch { offset: 0, len: 10 }, vec![0; 10]);
    assert_eq!(
        patch.url, "https://store.example/u/1",
        "an absolute Location is kept"
    );
    assert_eq!(patch.header("Upload-Checksum"), None);
}

#[test]
fn offset_conflict_asks_the_server_and_resumes_from_its_offset() {
    let mut up = created();
    up.handle(Action::Patch { offset: 0, len: 4 }, &patched(4))
        .unwrap();
    let conflict = HttpResponse::new(409);
    up.handle(Action::Patch { offset: 4, len: 4 }, &conflict)
        .unwrap();
    assert_eq!(up.next(), Next::Send(Action::Head));
    let head = up.request(Action::Head, Vec::new());
    assert_eq!(head.method, Method::Head);
    assert_eq!(head.header("Tus-Resumable"), Some("1.0.0"));
    up.handle(Action::Head, &head_answer(8, 10)).unwrap();
    assert_eq!(up.next(), Next::Send(Action::Patch { offset: 8, len: 2 }));
}

#[test]
fn a_cut_resends_only_the_chunk_in_flight() {
    let mut up = created();
    up.handle(Action::Patch { offset: 0, len: 4 }, &patched(4))
        .unwrap();
    up.interrupted(Action::Patch { offset: 4, len: 4 });
    assert_eq!(up.next(), Next::Send(Action::Head));
    // The server dropped the partial chunk.
    up.handle(Action::Head, &head_answer(4, 10)).unwrap();
    assert_eq!(up.next(), Next::Send(Action::Patch { offset: 4, len: 4 }));
}

#[test]
fn a_cut_before_creation_creates_again_without_asking() {
    let mut up = TusUpload::new(ENDPOINT, 10, metadata()).unwrap();
    up.handle(Action::Discover, &options_answer()).unwrap();
    up.interrupted(Action::Create);
    assert_eq!(up.next(), Next::Send(Action::Create));
}

#[test]
fn checksum_mismatch_resends_the_chunk_then_gives_up_after_three() {
    let mut up = created();
    let mismatch = HttpResponse::new(460);
    let action = Action::Patch { offset: 0, len: 4 };
    up.handle(action, &mismatch).unwrap();
    assert_eq!(up.next(), Next::Send(action));
    up.handle(action, &mismatch).unwrap();
    assert_eq!(up.next(), Next::Send(action));
    let err = up.handle(action, &mismatch).unwrap_err();
    assert!(matches!(err, UploadError::ChecksumRepeated(3)), "{err}");
    assert!(err.to_string().contains("damaged chunk"));
}

#[test]
fn a_good_chunk_resets_the_checksum_count() {
    let mut up = created();
    let mismatch = HttpResponse::new(460);
    up.handle(Action::Patch { offset: 0, len: 4 }, &mismatch)
        .unwrap();
    up.handle(Action::Patch { offset: 0, len: 4 }, &mismatch)
        .unwrap();
    up.handle(Action::Patch { offset: 0, len: 4 }, &patched(4))
        .unwrap();
    up.handle(Action::Patch { offset: 4, len: 4 }, &mismatch)
        .unwrap();
    up.handle(Action::Patch { offset: 4, len: 4 }, &mismatch)
        .unwrap();
    assert_eq!(up.next(), Next::Send(Action::Patch { offset: 4, len: 4 }));
}

#[test]
fn a_gone_upload_is_created_again() {
    for status in [404, 410] {
        let mut up = created();
        up.handle(Action::Patch { offset: 0, len: 4 }, &patched(4))
            .unwrap();
        up.handle(
            Action::Patch { offset: 4, len: 4 },
            &HttpResponse::new(status),
        )
        .unwrap();
        assert_eq!(up.next(), Next::Send(Action::Create));
        assert_eq!(up.offset, 0);

        let mut up = created();
        up.resume();
        up.handle(Action::Head, &HttpResponse::new(status)).unwrap();
        assert_eq!(up.next(), Next::Send(Action::Create));
    }
}

#[test]
fn a_head_for_another_file_starts_over() {
    let mut up = created();
    up.resume();
    up.handle(Action::Head, &head_answer(3, 99)).unwrap();
    assert_eq!(up.next(), Next::Send(Action::Create));
    let mut up = created();
    up.resume();
    up.handle(Action::Head, &head_answer(11, 10)).unwrap();
    assert_eq!(up.next(), Next::Send(Action::Create));
}

#[test]
fn busy_or_failing_servers_are_waited_out() {
    for status in [423, 429, 500, 502, 503] {
        let mut up = created();
        let outcome = up
            .handle(
                Action::Patch { offset: 0, len: 4 },
                &HttpResponse::new(status),
            )
            .unwrap();
        assert_eq!(outcome, Outcome::Transient { status });
        assert_eq!(up.next(), Next::Send(Action::Head));
    }
}

#[test]
fn a_patch_answer_without_a_sane_offset_is_checked_with_head() {
    let mut up = created();
    up.handle(Action::Patch { offset: 0, len: 4 }, &patched(9))
        .unwrap();
    assert_eq!(up.next(), Next::Send(Action::Head));
    let mut up = created();
    let err = up
        .handle(Action::Patch { offset: 0, len: 4 }, &HttpResponse::new(204))
        .unwrap_err();
    assert!(err.to_string().contains("Upload-Offset"), "{err}");
    let mut up = created();
    up.resume();
    let junk = HttpResponse::new(200).with_header("Upload-Offset", "-1");
    assert!(up.handle(Action::Head, &junk).is_err());
}

#[test]
fn servers_that_cannot_take_the_upload_are_refused_clearly() {
    let mut up = TusUpload::new(ENDPOINT, 10, metadata()).unwrap();
    let not_tus = HttpResponse::new(200).with_header("Allow", "GET, POST");
    let err = up.handle(Action::Discover, &not_tus).unwrap_err();
    assert!(matches!(err, UploadError::NotTus(_)), "{err}");

    let old = HttpResponse::new(204)
        .with_header("Tus-Version", "0.2.2")
        .with_header("Tus-Extension", "creation");
    assert!(matches!(
        up.handle(Action::Discover, &old),
        Err(UploadError::NotTus(_))
    ));

    let no_creation = HttpResponse::new(204)
        .with_header("Tus-Version", "1.0.0")
        .with_header("Tus-Extension", "checksum");
    assert!(matches!(
        up.handle(Action::Discover, &no_creation),
        Err(UploadError::NoCreation(_))
    ));

    let small = HttpResponse::new(204)
        .with_header("Tus-Version", "1.0.0")
        .with_header("Tus-Extension", "creation")
        .with_header("Tus-Max-Size", "5");
    let err = up.handle(Action::Discover, &small).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the file is 10 bytes but the server accepts at most 5 bytes"
    );

    let mut up = created();
    let err = up
        .handle(Action::Patch { offset: 0, len: 4 }, &HttpResponse::new(403))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the bank's upload server does not know this device (HTTP 403): have the branch register its device key (cunxin device key) and try again"
    );
    let err = up
        .handle(Action::Head, &HttpResponse::new(412))
        .unwrap_err();
    assert!(matches!(err, UploadError::NotTus(_)));
}

#[test]
fn creation_without_a_usable_location_is_an_error() {
    let mut up = TusUpload::new(ENDPOINT, 10, metadata()).unwrap();
    up.handle(Action::Discover, &options_answer()).unwrap();
    assert!(up.handle(Action::Create, &HttpResponse::new(201)).is_err());
    let ftp = HttpResponse::new(201).with_header("Location", "ftp://x/y");
    assert!(up.handle(Action::Create, &ftp).is_err());
    let err = up
        .handle(Action::Create, &HttpResponse::new(413))
        .unwrap_err();
    assert!(matches!(
        err,
        UploadError::TooLarge {
            max: 1073741824,
            ..
        }
    ));
}

#[test]
fn saved_state_resumes_with_a_head_after_a_kill() {
    let mut up = created();
    up.handle(Action::Patch { offset: 0, len: 4 }, &patched(4))
        .unwrap();
    let saved = serde_json::to_string(&up).unwrap();
    let mut loaded: TusUpload = serde_json::from_str(&saved).unwrap();
    assert_eq!(loaded, up);
    loaded.resume();
    assert_eq!(loaded.next(), Next::Send(Action::Head));
    // The server got the next chunk before the app died.
    loaded.handle(Action::Head, &head_answer(8, 10)).unwrap();
    assert_eq!(
        loaded.next(),
        Next::Send(Action::Patch { offset: 8, len: 2 })
    );

    // A state saved before creation starts by creating.
    let mut fresh = TusUpload::new(ENDPOINT, 10, metadata()).unwrap();
    fresh.resume();
    assert_eq!(fresh.next(), Next::Send(Action::Discover));
}

#[test]
fn bad_addresses_are_refused() {
    for bad in ["", "bank.example/files", "ftp://bank.example/", "http://"] {
        assert!(
            matches!(
                TusUpload::new(bad, 1, BTreeMap::new()),
                Err(UploadError::BadAddress(_))
            ),
            "{bad}"
        );
    }
}

#[test]
fn an_empty_file_is_created_and_done() {
    let mut up = TusUpload::new(ENDPOINT, 0, BTreeMap::new()).unwrap();
    up.handle(Action::Discover, &options_answer()).unwrap();
    up.handle(
        Action::Create,
        &HttpResponse::new(201).with_header("Location", "/files/e"),
    )
    .unwrap();
    assert_eq!(up.next(), Next::Done);
}

#[test]
fn a_full_server_is_not_an_unreachable_one() {
    // 507 used to count as a passing 5xx, and the upload ended as "could not reach".
    let mut up = created();
    let full = HttpResponse::new(507);
    let e = up.handle(Action::Create, &full).unwrap_err();
    assert!(matches!(e, UploadError::ServerFull), "{e:?}");
    assert!(e.to_string().contains("full"), "{e}");
    let e = up
        .handle(Action::Patch { offset: 0, len: 4 }, &full)
        .unwrap_err();
    assert!(matches!(e, UploadError::ServerFull), "{e:?}");
    let e = parse_receipt_response(&full).unwrap_err();
    assert!(matches!(e, UploadError::ServerFull), "{e:?}");
}

#[test]
fn an_unregistered_or_refused_device_is_told_so() {
    let mut up = created();
    let e = up
        .handle(Action::Head, &HttpResponse::new(403))
        .unwrap_err();
    assert!(matches!(e, UploadError::DeviceNotRegistered), "{e:?}");
    let mut refused = HttpResponse::new(401);
    refused.body = b"the request was signed 900 seconds behind the receiver's clock\n".to_vec();
    let e = up.handle(Action::Create, &refused).unwrap_err();
    match e {
        UploadError::SignatureRefused(reason) => assert_eq!(
            reason,
            "the request was signed 900 seconds behind the receiver's clock"
        ),
        other => panic!("{other:?}"),
    }
}

/// Keeps every request it is given and answers 204.
struct Recorder(std::sync::Mutex<Vec<HttpRequest>>);

impl HttpTransport for Recorder {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.0.lock().unwrap().push(request);
        Ok(HttpResponse::new(204))
    }
}

#[test]
fn the_signed_transport_signs_all_but_discovery() {
    let key = crate::batch::SigningKey::generate().unwrap();
    let recorder = Recorder(Default::default());
    let signed = SignedTransport::new(&recorder, &key);
    let up = created();
    signed
        .send(up.request(Action::Discover, Vec::new()))
        .unwrap();
    signed.send(up.request(Action::Create, Vec::new())).unwrap();
    signed.send(up.request(Action::Head, Vec::new())).unwrap();
    signed
        .send(up.request(Action::Patch { offset: 0, len: 4 }, vec![1, 2, 3, 4]))
        .unwrap();
    signed
        .send(receipt_request("https://bank.example/files/abc"))
        .unwrap();
    let sent = recorder.0.into_inner().unwrap();
    let signatures: Vec<_> = sent
        .iter()
        .map(|r| r.header(DEVICE_SIGNATURE).map(str::to_string))
        .collect();
    assert_eq!(signatures[0], None, "OPTIONS stays open");
    let headers: Vec<_> = signatures[1..]
        .iter()
        .map(|s| signature::SignatureHeader::parse(s.as_deref().unwrap()).unwrap())
        .collect();
    let lengths = [10, 0, 4, 0];
    let paths = ["/files/", "/files/abc", "/files/abc", "/files/abc/receipt"];
    for ((header, request), (length, path)) in headers
        .iter()
        .zip(&sent[1..])
        .zip(lengths.iter().zip(paths))
    {
        let message = signature::signed_message(
            request.method.as_str(),
            path,
            header.time,
            &header.nonce,
            *length,
        );
        let sig = minisign::SignatureBox::from_string(&header.minisig).unwrap();
        minisign::verify(
            key.public_key(),
            &sig,
            std::io::Cursor::new(message.as_bytes()),
            true,
            false,
            false,
        )
        .unwrap();
    }
    let mut nonces: Vec<_> = headers.iter().map(|h| h.nonce.clone()).collect();
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 4, "a new nonce for every request");
}
