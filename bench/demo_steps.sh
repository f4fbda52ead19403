#!/usr/bin/env bash
# Time make run's demo steps on a fresh SQLite database, RUNS times: the three steps without the history
# (seed_demo, seed_demo_roadmap, create_demo_users) and then seed_demo_history on top.
# Usage: bench/demo_steps.sh [RUNS]   — prints each run's seconds and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
PY=.venv/bin/python
export SECRET_KEY=${SECRET_KEY:-bench-demo-steps-$(date +%s%N)}
base=(); history=()
for i in $(seq "$RUNS"); do
  db=$(mktemp -u /tmp/demo-steps-XXXXXX.sqlite3)
  export DATABASE_URL=sqlite:///$db
  media=$(mktemp -d /tmp/demo-steps-media-XXXXXX)
  export PRIVATE_MEDIA_ROOT=$media/private MEDIA_ROOT=$media/media
  $PY manage.py migrate --noinput -v0
  start=$(date +%s.%N)
  $PY manage.py seed_demo --if-empty >/dev/null
  $PY manage.py seed_demo_roadmap --if-empty >/dev/null
  $PY manage.py create_demo_users >/dev/null
  middle=$(date +%s.%N)
  $PY manage.py seed_demo_history --if-empty >/dev/null
  end=$(date +%s.%N)
  b=$(echo "$middle - $start" | bc); h=$(echo "$end - $middle" | bc)
  base+=("$b"); history+=("$h")
  echo "run $i: without history ${b} s, seed_demo_history ${h} s"
  rm -f "$db"
  rm -rf "$media"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "median without history: $(printf '%s\n' "${base[@]}" | median) s"
echo "median seed_demo_history: $(printf '%s\n' "${history[@]}" | median) s"
