#!/usr/bin/env bash
# Frames and CPU per keystroke in the real window, rendered in software as on an office PC or a
# virtual desktop: the release app under Xvfb (Mesa's software GL), typed into by xdotool.
#
#   scripts/measure-typing.sh [RUNS]        (default 3; prints medians)
#
# For each text (the bundled sample, and a speech of over 100 000 字 made from it) and each rate
# (10 and 25 keys/s), it starts the app at 1280 × 800, puts the caret in the first body
# paragraph, types 60 keys, and reads:
#   - frames per key: the frames the app logs (JIANGGAO_FRAME_LOG) while typing, divided by
#     the keys (a key press and its release);
#   - CPU per key: user + system time from /proc/PID/stat over the typing, divided by the keys;
#   - idle: CPU over 3 s with nothing happening, after the typing has settled.
# Then, for each text, 念稿排练 running for 10 s (F5, Space): frames and CPU per second.
# Needs: xvfb, xdotool (.ci/run installs them). Builds the release binary if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-3}
keys=60
target=${CARGO_TARGET_DIR:-target}
bin="$target/release/jianggao"
[ -x "$bin" ] || cargo build --release
work=$(mktemp -d)
trap 'kill "${xvfb:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# Xvfb picks a free display and writes its number once it accepts connections.
Xvfb -displayfd 3 -screen 0 1280x800x24 3>"$work/display" >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 1 600); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "Xvfb did not start" >&2; exit 1; }
export DISPLAY=:$(head -n 1 "$work/display")
export LIBGL_ALWAYS_SOFTWARE=1

# The long speech: the sample's body repeated, imported back as one draft.
"$bin" export assets/sample-speech.ron -o "$work/sample.txt" --force >/dev/null 2>&1
{
  head -n 3 "$work/sample.txt"
  for _ in $(seq 1 32); do tail -n +4 "$work/sample.txt"; done
} >"$work/long.txt"
"$bin" import "$work/long.txt" -o "$work/long.ron" --force >/dev/null
han=$("$bin" stats "$work/long.ron" | grep -o '字数[^0-9]*[0-9]*' | grep -o '[0-9]*$' || true)

ticks=$(getconf CLK_TCK)
cpu_ms() { # utime + stime of a process, in ms
  awk -v t="$ticks" '{ print ($14 + $15) * 1000 / t }' "/proc/$1/stat"
}
window_of() {
  for _ in $(seq 1 100); do
    for w in $(xdotool search --pid "$1" 2>/dev/null); do
      if xdotool getwindowname "$w" 2>/dev/null | grep -q 讲稿; then echo "$w"; return; fi
    done
    sleep 0.1
  done
}

# One run: prints "frames_per_key cpu_ms_per_key idle_ms_per_s".
# Starts the app on a file at 1280 × 800, logging its frames to $log, and focuses it: sets pid.
log="$work/frames.log"
start_app() {
  JIANGGAO_DATA_DIR="$work/data" JIANGGAO_FRAME_LOG=1 "$bin" "$1" 2>"$log" &
  pid=$!
  local wid
  wid=$(window_of "$pid")
  xdotool windowsize "$wid" 1280 800
  sleep 2
  xdotool windowfocus --sync "$wid"
}
stop_app() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work/data"
}

run_once() {
  local file=$1 rate=$2
  start_app "$file"
  # Into the first body paragraph, at its end.
  xdotool mousemove 600 300 click 1
  xdotool key End
  sleep 1.5
  local f0 c0 f1 c1
  f0=$(grep -c '^帧' "$log" || true)
  c0=$(cpu_ms "$pid")
  xdotool type --delay $((1000 / rate)) "$(head -c "$keys" /dev/zero | tr '\0' a)"
  sleep 0.5
  f1=$(grep -c '^帧' "$log" || true)
  c1=$(cpu_ms "$pid")
  # Idle, once the autosave (2 s after typing) has come and gone.
  sleep 3
  local i0 i1
  i0=$(cpu_ms "$pid")
  sleep 3
  i1=$(cpu_ms "$pid")
  stop_app
  awk -v f=$((f1 - f0)) -v c0="$c0" -v c1="$c1" -v i0="$i0" -v i1="$i1" -v k="$keys" \
    'BEGIN { printf "%.2f %.1f %.1f\n", f / k, (c1 - c0) / k, (i1 - i0) / 3 }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

printf '%-22s %6s %14s %14s %12s\n' text keys/s frames/key "CPU ms/key" "idle ms/s"
for text in sample long; do
  file=assets/sample-speech.ron
  label="sample"
  if [ "$text" = long ]; then file="$work/long.ron"; label="long (${han:-?} 字)"; fi
  for rate in 10 25; do
    results=()
    for _ in $(seq 1 "$runs"); do results+=("$(run_once "$file" "$rate")"); done
    frames=$(printf '%s\n' "${results[@]}" | awk '{ print $1 }' | median)
    cpu=$(printf '%s\n' "${results[@]}" | awk '{ print $2 }' | median)
    idle=$(printf '%s\n' "${results[@]}" | awk '{ print $3 }' | median)
    printf '%-22s %6s %14s %14s %12s\n' "$label" "$rate" "$frames" "$cpu" "$idle"
  done
done

# 念稿 running: prints "frames_per_s cpu_ms_per_s".
rehearse_once() {
  start_app "$1"
  xdotool key F5
  sleep 1
  xdotool key space
  sleep 1
  local f0 c0 f1 c1
  f0=$(grep -c '^帧' "$log" || true)
  c0=$(cpu_ms "$pid")
  sleep 10
  f1=$(grep -c '^帧' "$log" || true)
  c1=$(cpu_ms "$pid")
  stop_app
  awk -v f=$((f1 - f0)) -v c0="$c0" -v c1="$c1" 'BEGIN { printf "%.1f %.1f\n", f / 10, (c1 - c0) / 10 }'
}

printf '\n%-22s %14s %14s\n' "念稿 running" frames/s "CPU ms/s"
for text in sample long; do
  file=assets/sample-speech.ron
  label="sample"
  if [ "$text" = long ]; then file="$work/long.ron"; label="long (${han:-?} 字)"; fi
  results=()
  for _ in $(seq 1 "$runs"); do results+=("$(rehearse_once "$file")"); done
  frames=$(printf '%s\n' "${results[@]}" | awk '{ print $1 }' | median)
  cpu=$(printf '%s\n' "${results[@]}" | awk '{ print $2 }' | median)
  printf '%-22s %14s %14s\n' "$label" "$frames" "$cpu"
done
