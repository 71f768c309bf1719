//! Writes the sample village to `tests/fixtures/sample-village/` from its seed.

use cunxin_e2e::sample_village::{SEED, generate};
use std::path::Path;

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample-village");
    std::fs::create_dir_all(&dir)?;
    let village = generate(SEED);
    for (name, content) in village.files() {
        std::fs::write(dir.join(name), content)?;
    }
    println!(
        "wrote {} households, {} people to {}",
        village.households.len(),
        village.people(),
        dir.display()
    );
    Ok(())
}
