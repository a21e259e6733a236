#!/bin/sh
# fit-one-second.sh IN OUT TMPDIR: 16 kHz mono 16-bit, silence trimmed, 0.1 s lead-in, exactly 1 s.
set -eu
in=$1; out=$2; tmp=$3
sox -R "$in" -r 16000 -c 1 -b 16 "$tmp/trim.wav" silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse
len=$(soxi -D "$tmp/trim.wav")
# speed up words longer than 0.85 s so the whole word fits after the 0.1 s lead-in
fit=$(awk -v l="$len" 'BEGIN { if (l > 0.85) printf "%.4f", l / 0.85; else print "1" }')
if [ "$fit" != "1" ]; then
  sox -R "$tmp/trim.wav" "$tmp/fit.wav" tempo -s "$fit"
  mv "$tmp/fit.wav" "$tmp/trim.wav"
fi
sox -R -V1 "$tmp/trim.wav" -r 16000 -c 1 -b 16 "$out" pad 0.1 1 trim 0 1
