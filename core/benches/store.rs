//! Store speed on this machine. Targets: open an existing store ≤ 10 ms, import a checked
//! 5,000-person roster ≤ 1 s, save a draft edit ≤ 2 ms.

#[path = "../tests/store_support/mod.rs"]
mod store_support;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use cunxin_core::intake::roster::check_roster;
use cunxin_core::model::HouseholdId;
use cunxin_core::store::{PhotoKind, Store, StoreKey};
use std::hint::black_box;
use std::time::{Duration, Instant};
use store_support::*;

fn bench(c: &mut Criterion) {
    let work = tempfile::tempdir().unwrap();
    let roster_path = work.path().join("roster.csv");
    std::fs::write(&roster_path, roster_csv(5_000)).unwrap();
    let roster = check_roster(&roster_path).unwrap();
    assert_eq!(
        (roster.members, roster.errors.len()),
        (5_000, 0),
        "the roster is clean"
    );

    // A village store as a grid manager carries it: 5,000 people, 100 households visited
    // with two photos (300 KB + thumbnail) and a consent each.
    let key = StoreKey::generate().unwrap();
    let village = work.path().join("village");
    {
        let mut store = Store::create(&village, &key).unwrap();
        store.import_roster(&roster).unwrap();
        let photo = jpeg_like("bench", 300_000, 1);
        for n in 0..100 {
            let id = HouseholdId(format!("H{n:05}"));
            store.save_draft(&id, &facts(n)).unwrap();
            for kind in [PhotoKind::House, PhotoKind::IdFront] {
                store
                    .add_photo(&id, &photo_meta(kind, n as u64), &photo, &photo[..20_000])
                    .unwrap();
            }
            store
                .add_consent(
                    &id,
                    &consent(cunxin_core::store::ConsentKind::PersonalInfo, "户主"),
                    &mut &b"sig"[..],
                )
                .unwrap();
        }
    }

    let mut group = c.benchmark_group("store");
    group.bench_function("open existing store (5,000 people, 200 photos)", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let start = Instant::now();
                let store = Store::open(black_box(&village), &key).unwrap();
                total += start.elapsed();
                drop(store);
            }
            total
        })
    });

    let mut store = Store::open(&village, &key).unwrap();
    let id = HouseholdId("H00500".into());
    let mut income = 10_000;
    group.bench_function("save a draft edit", |b| {
        b.iter(|| {
            income += 1;
            let mut f = facts(income);
            f.insert("house_area_m2".into(), 120.into());
            store.save_draft(&id, black_box(&f)).unwrap()
        })
    });
    drop(store);
    group.finish();

    let mut group = c.benchmark_group("store import");
    group.sample_size(10);
    group.bench_function("import checked 5,000-person roster", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::create(&dir.path().join("s"), &key).unwrap();
                (dir, store)
            },
            |(dir, mut store)| {
                let summary = store.import_roster(black_box(&roster)).unwrap();
                assert_eq!(summary.inserted, 1_250);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
