#!/bin/sh
# Prepares one run of the flood harness (shared/bench) with a counting script, in Lua (the default) or Python:
#   ./bench.py --setup 'sh /path/to/samples/bench/setup.sh {home} [lua|python]' \
#     --cmd '/path/to/rustirc --connect irc://{host}:{port}/#bench --nick {nick} --data-dir {home}/data --config-dir {home}/config --script {home}/bench_count.lua' \
#     --count-file '{home}/bench_count.txt'
# (with python, --script {home}/bench_count.py; with native, --script {home}/highlights.so and no --count-file;
# nolog writes only a config that turns the chat logger off, for the plain client without logs).
set -eu
home="$1"
language="${2:-lua}"
case "$language" in
  lua) extension=lua ;;
  python) extension=py ;;
  native|nolog) ;;
  *) echo "setup.sh: the language is lua, python, native or nolog, not $language" >&2; exit 2 ;;
esac
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$home/config"
if [ "$language" = nolog ]; then
  printf '{ "modules": { "logger": { "enabled": false } } }\n' > "$home/config/config.json"
  exit 0
fi
if [ "$language" = native ]; then
  # The C highlight counter of samples/plugins/native, built as a user would (no count file: it keeps its counts).
  gcc -std=c99 -O2 -shared -fPIC -I"$here/../../sdk/native/include" -o "$home/highlights.so" "$here/../plugins/native/highlights/highlights.c"
  exit 0
fi
sed "s|COUNT_FILE|$home/bench_count.txt|" "$here/bench_count.$extension" > "$home/bench_count.$extension"
# The script may write only inside the run's home folder. A grant belongs to a script file, named
# here by its path (a bare name would mean that name's file in the scripts folder).
printf '{ "modules": { "%s": { "grants": { "%s/bench_count.%s": ["file_write:%s"] } } } }\n' "$language" "$home" "$extension" "$home" > "$home/config/config.json"
