#!/usr/bin/env bash
# The performance benches (sealing, photos, upload over loopback and over emulated branch
# links) in one run, their ratios and targets side by side at the end. Run it on a quiet
# machine: `bash core/benches/all.sh`. Environment knobs are each bench's own (see the top
# of core/benches/batch.rs, core/benches/photo.rs, cli/benches/upload.rs, cli/benches/link.rs).
set -euo pipefail
cd "$(dirname "$0")/../.."
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
cargo bench -p cunxin-core --bench batch 2>&1 | tee -a "$log"
cargo bench -p cunxin-core --bench photo 2>&1 | tee -a "$log"
cargo bench -p cunxin-cli --bench upload 2>&1 | tee -a "$log"
# The link bench runs Toxiproxy: `cargo xtask tools` builds it with go (without go the bench
# says it skipped, and why).
if [ -z "${CUNXIN_TOXIPROXY:-}" ]; then
    CUNXIN_TOXIPROXY="$(cargo xtask tools | awk '$1 == "toxiproxy-server" { print $2 }')" || true
    export CUNXIN_TOXIPROXY
fi
cargo bench -p cunxin-cli --bench link 2>&1 | tee -a "$log"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
echo
echo "== ratios and targets, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
grep -E '^(RESULT|== load)' "$log"
