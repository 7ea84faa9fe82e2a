#!/usr/bin/env bash
# Fetches every data set that is too large to commit into datasets/fetched/ (git-ignored). Idempotent: what is
# already there is kept (FORCE=1 rebuilds). Usage: bash datasets/scripts/fetch_all.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/fetch_mlbench.sh"
bash "$here/fetch_spam_assassin.sh"
ls -l "$(dirname "$here")/fetched"
