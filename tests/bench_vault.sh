#!/bin/bash
# bench_vault.sh - `make bench`: the cost of one passphrase guess with the
# Argon2id parameters of a new event (issue 14) and the time to search
# passphrase spaces at that rate on this machine (bench_vault).
set -u
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/$BUILD/tests/bench_vault" "${VAULT_ROUNDS:-5}"
