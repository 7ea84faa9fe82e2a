#!/usr/bin/env bash
# Fetches the two larger UCI tables that the R package mlbench ships and writes them as CSV (label column last):
#   datasets/fetched/letter.csv      20000 x 16, 26 classes A..Z (Letter Recognition)
#   datasets/fetched/satellite.csv    6435 x 36, 6 classes (Statlog Landsat Satellite)
#   datasets/fetched/dna.csv          3186 x 180 binary, 3 classes (Statlog DNA: primate splice junctions)
# Source: Debian's r-cran-mlbench, downloaded with apt-get and unpacked into a temporary directory (not installed);
# if it cannot be downloaded, an installed mlbench is used instead. Needs Rscript (Debian: r-base-core).
# Idempotent: files already present are kept; FORCE=1 rebuilds them. Usage: bash datasets/scripts/fetch_mlbench.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
out=$(dirname "$here")/fetched
mkdir -p "$out"

if [ "${FORCE:-0}" != 1 ] && [ -s "$out/letter.csv" ] && [ -s "$out/satellite.csv" ] && [ -s "$out/dna.csv" ]; then
    echo "letter.csv, satellite.csv and dna.csv already in $out (FORCE=1 to rebuild)"
    check_sums "$out" letter.csv satellite.csv dna.csv
    exit 0
fi
need Rscript

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # apt-get download writes as the _apt user where it can
data=""
if command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 \
        && (cd "$work" && apt-get download r-cran-mlbench >"$work/apt.log" 2>&1); then
    dpkg -x "$work"/r-cran-mlbench_*.deb "$work/root"
    data="$work/root/usr/lib/R/site-library/mlbench/data"
    echo "source: $(basename "$work"/r-cran-mlbench_*.deb)"
else
    [ -f "$work/apt.log" ] && sed 's/^/  apt-get: /' "$work/apt.log" >&2
    installed=$(Rscript -e 'cat(system.file(package = "mlbench"))' 2>/dev/null || true)
    if [ -n "$installed" ] && [ -d "$installed/data" ]; then
        echo "apt-get download r-cran-mlbench failed; using the installed mlbench in $installed" >&2
        data="$installed/data"
    else
        die "could not get the R package mlbench: 'apt-get download r-cran-mlbench' failed (run 'apt-get update' \
first; needs Debian's package archive) and no installed mlbench was found (apt-get install r-cran-mlbench)"
    fi
fi
[ -f "$data/LetterRecognition.rda" ] || die "$data has no LetterRecognition.rda: not the mlbench package expected"
Rscript "$here/export_mlbench_fetched.R" "$data" "$out" || die "Rscript export_mlbench_fetched.R failed"
check_sums "$out" letter.csv satellite.csv dna.csv
