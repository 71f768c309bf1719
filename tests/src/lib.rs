//! End-to-end tests live in `tests/`; fixtures in `fixtures/`. The library holds the sample
//! village's generator (`cargo run -p cunxin-e2e --bin sample-village`).

pub mod names;
pub mod rng;
pub mod sample_village;
