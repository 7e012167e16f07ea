# Sourced by the .ci/*-check.sh scripts, after setting CHECK to their name.
# A check that cannot run (a tool that cannot be installed) is skipped with
# a message on a developer's machine, and fails the run in CI (CI=true).
skip() {
    if [ "${CI:-}" = true ]; then
        echo "$CHECK: FAIL: $* (CI=true: the check may not be skipped)"
        exit 1
    fi
    echo "$CHECK: SKIP: $*"
    exit 0
}
