#!/usr/bin/env bash
# Time `seed_demo` on a fresh SQLite database (or on DATABASE_URL's server when given), RUNS times.
# Usage: bench/seed_demo.sh [RUNS]   — prints each run's seconds and the median.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
PY=.venv/bin/python
export SECRET_KEY=${SECRET_KEY:-bench-seed-demo-$(date +%s%N)}  # DEBUG off: settings refuse to start without a key
times=()
for i in $(seq "$RUNS"); do
  db=$(mktemp -u /tmp/seed-demo-XXXXXX.sqlite3)
  export DATABASE_URL=${BENCH_DATABASE_URL:-sqlite:///$db}
  $PY manage.py migrate --noinput -v0
  start=$(date +%s.%N)
  $PY manage.py seed_demo >/dev/null
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  times+=("$t")
  echo "run $i: ${t} s"
  rm -f "$db"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median:", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2), "s"}'
