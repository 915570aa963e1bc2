#!/usr/bin/env bash
# Kept for habit: the same as bash bench/run.sh scorecard (make bench BENCH=scorecard).
exec bash "$(dirname "${BASH_SOURCE[0]}")/run.sh" scorecard "$@"
