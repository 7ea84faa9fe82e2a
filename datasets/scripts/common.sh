# Shared helpers of the fetch scripts (sourced, not run).
die() {
    echo "error: $*" >&2
    exit 1
}

need() {
    for cmd in "$@"; do
        command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is needed but not installed ($(hint "$cmd"))"
    done
}

hint() {
    case "$1" in
        Rscript) echo "Debian: apt-get install r-base-core" ;;
        npm) echo "Debian: apt-get install npm" ;;
        python3) echo "Debian: apt-get install python3" ;;
        apt-get|dpkg) echo "a Debian or Ubuntu system is needed" ;;
        *) echo "install it with your package manager" ;;
    esac
}

# check_sums DIR FILE...: compares the sha256 of each FILE in DIR with the one recorded in fetched.sha256 (lines
# "sum  name"); warns on a mismatch (the source package changed), never fails.
check_sums() {
    local dir=$1 sum name actual
    shift
    for name in "$@"; do
        sum=$(awk -v n="$name" '$2 == n {print $1}' "$(dirname "${BASH_SOURCE[0]}")/fetched.sha256")
        actual=$(sha256sum "$dir/$name" | cut -d' ' -f1)
        if [ "$actual" = "$sum" ]; then
            echo "  $name: sha256 as recorded in datasets/scripts/fetched.sha256"
        else
            echo "  warning: $name: sha256 $actual differs from the recorded $sum (another package version?)" >&2
        fi
    done
}
