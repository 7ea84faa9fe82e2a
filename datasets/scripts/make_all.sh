#!/bin/sh
# Rebuilds every file in datasets/ from Debian packages (bookworm): python3-sklearn, r-cran-kernlab, r-cran-mlbench.
# The packages are only downloaded and unpacked into a temporary directory, not installed. Needs apt-get, dpkg,
# python3 and Rscript (Debian package r-base-core). Run from anywhere: sh datasets/scripts/make_all.sh
# The larger data sets are not committed: datasets/scripts/fetch_all.sh fetches them into datasets/fetched/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(dirname "$here")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download python3-sklearn r-cran-kernlab r-cran-mlbench
for deb in *.deb; do
    dpkg -x "$deb" root
done
python3 "$here/make_sklearn_datasets.py" root/usr/lib/python3/dist-packages/sklearn/datasets/data "$out"
Rscript "$here/export_r_datasets.R" root/usr/lib/R/site-library "$out"
ls -l "$out"
