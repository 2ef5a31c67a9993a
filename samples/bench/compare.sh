#!/bin/sh
# Runs the flood harness (shared/bench) on two builds of rustirc in turns, one run at a time, so that the
# machine's swings hit both alike; the harness's own ceiling (sink-raw) opens every round.
#   samples/bench/compare.sh OUT_DIR ROUNDS N KINDS CHECKOUT...
# KINDS is a comma list of plain, nolog (plain with the chat logger off), tui (plain in the full-screen UI in tmux,
# showing #bench), lua, python, native; each CHECKOUT is
# a clone whose ./rustirc is built.
# Raw runs go to OUT_DIR/<checkout name>-<kind>.jsonl and OUT_DIR/sink-raw.jsonl; summarise them with
#   shared/bench/bench.py --report OUT_DIR/*.jsonl
set -eu
out="$1"; rounds="$2"; n="$3"; kinds="$4"; shift 4
here="$(cd "$(dirname "$0")" && pwd)"
bench="${BENCH_DIR:-$here/../../../shared/bench}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$bench"
round=1
while [ "$round" -le "$rounds" ]; do
  ./bench.py -v sink-raw --n "$n" --runs 1 --out "$out/sink-raw.jsonl" >/dev/null
  for kind in $(echo "$kinds" | tr ',' ' '); do
    for checkout in "$@"; do
      name="$(basename "$checkout")-$kind"
      run="$checkout/rustirc --connect irc://{host}:{port}/#bench --nick {nick} --data-dir {home}/data --config-dir {home}/config"
      case "$kind" in
        plain) ./bench.py --name "$name" --cmd "$run" --n "$n" --runs 1 --out "$out/$name.jsonl" >/dev/null ;;
        tui) ./bench.py --name "$name" --tmux --cmd "$run --tui" --n "$n" --runs 1 --out "$out/$name.jsonl" >/dev/null ;;
        nolog) ./bench.py --name "$name" --setup "sh $here/setup.sh {home} nolog" --cmd "$run" --n "$n" --runs 1 --out "$out/$name.jsonl" >/dev/null ;;
        lua|python)
          extension=lua; [ "$kind" = python ] && extension=py
          ./bench.py --name "$name" --setup "sh $here/setup.sh {home} $kind" --cmd "$run --script {home}/bench_count.$extension" \
            --count-file '{home}/bench_count.txt' --n "$n" --runs 1 --out "$out/$name.jsonl" >/dev/null ;;
        native)
          ./bench.py --name "$name" --setup "sh $here/setup.sh {home} native" --cmd "$run --script {home}/highlights.so" \
            --n "$n" --runs 1 --out "$out/$name.jsonl" >/dev/null ;;
        *) echo "compare.sh: unknown kind $kind (plain, nolog, tui, lua, python, native)" >&2; exit 2 ;;
      esac
    done
  done
  round=$((round + 1))
done
./bench.py --report "$out"/*.jsonl
