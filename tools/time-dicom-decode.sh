#!/bin/sh
# Decode time of hemocam's DICOM readers at a scanner's resolution, against the C toolkits that
# encoded the series (measured in the same run): a 512×512×40 synthetic head CT is compressed
# once per transfer syntax, then `hemocam info` (read, decode, stack) and the toolkit's own
# decompression of the same 40 files are timed. Needs Debian's python3-pydicom, dcmtk,
# libgdcm-tools and openjph-tools. Usage: tools/time-dicom-decode.sh [SIZE] [SLICES]
set -eu
size=${1:-512}
slices=${2:-40}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/source"
/usr/bin/python3 "$here/packages/io/test/fixtures/compressed/source.py" "$work/source" "$size" "$slices"
rm "$work/source"/ct8-* "$work/source/enhanced-ct.dcm"
now() { date +%s.%N; }
# name | compress one file ($1 → $2) | decompress one file with the toolkit ($1 → $2)
while IFS='|' read -r name compress decompress; do
  mkdir -p "$work/$name" "$work/$name.raw"
  for f in "$work"/source/*.dcm; do sh -c "$compress" _ "$f" "$work/$name/$(basename "$f")" >/dev/null 2>&1; done
  t0=$(now)
  for f in "$work/$name"/*.dcm; do sh -c "$decompress" _ "$f" "$work/$name.raw/$(basename "$f")" >/dev/null 2>&1; done
  t1=$(now)
  node "$here/packages/cli/bin/hemocam.js" info "$work/$name" >/dev/null
  t2=$(now)
  echo "$name $(echo "$t1 $t0 $t2" | awk '{ printf "toolkit %.2f s, hemocam info %.2f s, ratio %.1f", $1 - $2, $3 - $1, ($3 - $1) / ($1 - $2) }')"
done <<'LIST'
explicit-little|cp "$1" "$2"|dcmconv "$1" "$2"
rle|dcmcrle "$1" "$2"|dcmdrle "$1" "$2"
jpeg-lossless-sv1|dcmcjpeg --encode-lossless-sv1 "$1" "$2"|dcmdjpeg "$1" "$2"
jpeg-extended-12bit|dcmcjpeg --encode-extended "$1" "$2"|dcmdjpeg "$1" "$2"
jpegls-lossless|dcmcjpls --encode-lossless "$1" "$2"|dcmdjpls "$1" "$2"
j2k-lossless|gdcmconv --j2k "$1" "$2"|gdcmconv --raw "$1" "$2"
deflated|dcmconv --write-xfer-deflated "$1" "$2"|dcmconv --write-xfer-little "$1" "$2"
LIST
echo "($size×$size×$slices; hemocam info includes Node's start, ~0.5 s; $(date -u +%F), $(nproc) cores, $(node --version))"
