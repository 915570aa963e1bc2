#!/usr/bin/env bash
# Kept for habit: the same as bash bench/run.sh trace (make bench BENCH=trace).
exec bash "$(dirname "${BASH_SOURCE[0]}")/run.sh" trace "$@"
