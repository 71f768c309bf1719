//! Intake speed: checking a 5,000-person roster (target ≤ 0.5 s on one core) and searching
//! 20,000 people (target ≤ 10 ms per query): the bare index, and `Store::search` over a real
//! SQLCipher store (masked lines, filters), warm and right after a write. Each store figure
//! is printed beside the 10 ms anchor with its ratio.

use criterion::{Criterion, criterion_group, criterion_main};
use cunxin_core::intake::resident_id::check_character;
use cunxin_core::intake::roster::check_roster;
use cunxin_core::intake::search::{SearchEntry, SearchIndex};
use std::hint::black_box;

const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "单", "曾",
];
const GIVEN: [&str; 12] = [
    "长明", "秀英", "建国", "丽", "国强", "桂兰", "志刚", "海燕", "小明", "春生", "乐", "重阳",
];

/// A valid ID number, unique for every `n` below 15,000,000: birth date and sequence from `n`.
fn id(n: u32) -> String {
    let birth = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap()
        + chrono::Duration::days((n % 15_000) as i64);
    let first17 = format!("410303{}{:03}", birth.format("%Y%m%d"), n / 15_000);
    format!("{first17}{}", check_character(&first17))
}

fn name(n: u32) -> String {
    format!(
        "{}{}",
        SURNAMES[(n % 12) as usize],
        GIVEN[(n / 12 % 12) as usize]
    )
}

/// A roster of `people` persons in households of four, with unique IDs.
fn roster_csv(people: u32) -> String {
    let mut csv = String::from(
        "乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息\n",
    );
    for n in 0..people {
        let household = n / 4;
        let relation = ["户主", "配偶", "子", "女"][(n % 4) as usize];
        csv.push_str(&format!(
            "城关镇,王庄村,{}组,{},{},,H{household:05},王庄村{household}号,138{n:08},,{relation},汉,,\n",
            household % 9 + 1,
            id(n),
            name(n)
        ));
    }
    csv
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.csv");
    std::fs::write(&path, roster_csv(5_000)).unwrap();
    let report = check_roster(&path).unwrap();
    assert_eq!(
        (report.members, report.errors.len()),
        (5_000, 0),
        "the generated roster is clean"
    );
    let mut group = c.benchmark_group("roster");
    group.sample_size(20);
    group.bench_function("check 5,000-person roster", |b| {
        b.iter(|| check_roster(black_box(&path)).unwrap().members)
    });
    group.finish();

    let entries: Vec<SearchEntry> = (0..20_000)
        .map(|n| {
            SearchEntry::new(
                &format!("H{:05}", n / 4),
                &name(n),
                &id(n),
                Some(&format!("138{n:08}")),
            )
        })
        .collect();
    let index = SearchIndex::new(entries);
    for query in ["wcm", "王长明", "1234", "H00042"] {
        c.bench_function(&format!("search 20,000 people for {query}"), |b| {
            b.iter(|| index.search(black_box(query), 20).len())
        });
    }
    store_search(c, &dir);
}

/// Mean time of `f` over `runs` calls.
fn mean(runs: u32, mut f: impl FnMut()) -> std::time::Duration {
    let start = std::time::Instant::now();
    for _ in 0..runs {
        f();
    }
    start.elapsed() / runs
}

const TARGET: std::time::Duration = std::time::Duration::from_millis(10);

fn against_target(what: &str, took: std::time::Duration) {
    println!(
        "{what:<58} {:>9.3} ms   target {:>5.1} ms   ratio {:.2}",
        took.as_secs_f64() * 1e3,
        TARGET.as_secs_f64() * 1e3,
        took.as_secs_f64() / TARGET.as_secs_f64()
    );
}

fn store_search(c: &mut Criterion, dir: &tempfile::TempDir) {
    use cunxin_core::model::HouseholdId;
    use cunxin_core::store::{SearchQuery, Store, StoreKey};
    let path = dir.path().join("roster-20000.csv");
    std::fs::write(&path, roster_csv(20_000)).unwrap();
    let mut store =
        Store::create(&dir.path().join("store"), &StoreKey::generate().unwrap()).unwrap();
    let imported = store.import_roster_file(&path).unwrap();
    assert_eq!(imported.imported.inserted, 5_000);
    let query = |text: &str| SearchQuery {
        text: text.into(),
        limit: 20,
        ..Default::default()
    };
    let cold = mean(1, || {
        store.search(&query("wcm")).unwrap();
    });
    println!("\nStore::search over 20,000 people in a SQLCipher store (mean of 200 runs):");
    against_target("first search after opening (builds the index)", cold);
    for text in ["wcm", "王长明", "1234", "H00042"] {
        let took = mean(200, || {
            black_box(store.search(&query(text)).unwrap().len());
        });
        against_target(&format!("query {text}"), took);
    }
    let filtered = SearchQuery {
        text: "w".into(),
        group: Some("3组".into()),
        states: vec!["imported".into()],
        limit: 20,
        ..Default::default()
    };
    against_target(
        "query w, group 3, state imported",
        mean(200, || {
            black_box(store.search(&filtered).unwrap().len());
        }),
    );
    let listing = SearchQuery {
        group: Some("3组".into()),
        limit: 50,
        ..Default::default()
    };
    against_target(
        "no text: households of group 3",
        mean(200, || {
            black_box(store.search(&listing).unwrap().len());
        }),
    );
    // After a draft save the facets are read again (the people index stays).
    let id = HouseholdId("H00007".into());
    let mut n = 0;
    let after_write = mean(20, || {
        n += 1;
        let facts = serde_json::json!({ "n": n }).as_object().unwrap().clone();
        store.save_draft(&id, &facts).unwrap();
        let start = std::time::Instant::now();
        black_box(store.search(&query("wcm")).unwrap().len());
        black_box(start.elapsed());
    });
    against_target("draft save + the search after it", after_write);
    c.bench_function("Store::search 20,000 people for wcm", |b| {
        b.iter(|| store.search(&query(black_box("wcm"))).unwrap().len())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
