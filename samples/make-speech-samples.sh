#!/bin/sh
# Synthesises the eight Mini Speech Commands words in several voices so the audio domain works
# without a download. Output layout matches mini_speech_commands: samples/speech-commands/<word>/*.wav,
# 16 kHz mono 16-bit PCM, exactly 1 s (leading/trailing silence trimmed, word placed 0.1 s in,
# zero-padded to 1 s; a word longer than 0.9 s is sped up to fit).
# Needs espeak-ng, flite and sox (Debian: apt-get install espeak-ng flite sox). Deterministic.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/speech-commands"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
words="down go left no right stop up yes"
# espeak-ng voice+variant and speaking rate (words per minute)
espeak_voices="en-us+m3:150 en-us+f2:170 en-gb+m1:140 en-gb+f4:160 en-gb-scotland+m2:150 en-gb-x-rp+f1:155 en-029+m4:145 en-gb-x-gbcwmd+f3:165"
flite_voices="kal awb rms slt"
rm -rf "$out"
for w in $words; do
  mkdir -p "$out/$w"
  i=0
  for v in $espeak_voices; do
    voice=${v%%:*}; rate=${v##*:}
    espeak-ng -v "$voice" -s "$rate" -w "$tmp/raw.wav" "$w"
    i=$((i + 1)); name=$(printf 'espeak-%02d' "$i")
    "$here/fit-one-second.sh" "$tmp/raw.wav" "$out/$w/$name.wav" "$tmp"
  done
  for v in $flite_voices; do
    flite -voice "$v" -t "$w" -o "$tmp/raw.wav"
    "$here/fit-one-second.sh" "$tmp/raw.wav" "$out/$w/flite-$v.wav" "$tmp"
  done
done
echo "wrote $(find "$out" -name '*.wav' | wc -l) clips under $out ($(du -sh "$out" | cut -f1))"
