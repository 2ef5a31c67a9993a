#!/bin/sh
# Prepares one run of the flood harness (shared/bench) with the Lua counting script:
#   ./bench.py --setup 'sh /path/to/samples/bench/setup.sh {home}' \
#     --cmd '/path/to/rustirc --connect irc://{host}:{port}/#bench --nick {nick} --data-dir {home}/data --config-dir {home}/config --script {home}/bench_count.lua' \
#     --count-file '{home}/bench_count.txt'
set -eu
home="$1"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$home/config"
sed "s|COUNT_FILE|$home/bench_count.txt|" "$here/bench_count.lua" > "$home/bench_count.lua"
# The script may write only inside the run's home folder. A grant belongs to a script file, named
# here by its path (a bare name would mean that name's file in the scripts folder).
printf '{ "modules": { "lua": { "grants": { "%s/bench_count.lua": ["file_write:%s"] } } } }\n' "$home" "$home" > "$home/config/config.json"
