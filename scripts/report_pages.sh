#!/usr/bin/env bash
# The Excel report as its printed pages: REPORT.xlsx -> OUTDIR/REPORT.pdf and OUTDIR/page-NN.png (LibreOffice
# headless, then pdftoppm), to look at what an official prints. `make sysdeps-report` installs the tools.
# Usage: scripts/report_pages.sh REPORT.xlsx OUTDIR [DPI]
set -euo pipefail
report=${1:?usage: scripts/report_pages.sh REPORT.xlsx OUTDIR [DPI]}
out=${2:?usage: scripts/report_pages.sh REPORT.xlsx OUTDIR [DPI]}
dpi=${3:-80}
for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "report_pages: $tool is missing; run make sysdeps-report" >&2; exit 1; }
done
mkdir -p "$out"
# A profile folder of its own: a LibreOffice already running (or its lock) would make the conversion a no-op.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$report" >/dev/null
pdf="$out/$(basename "${report%.*}").pdf"
[ -s "$pdf" ] || { echo "report_pages: LibreOffice wrote no PDF for $report" >&2; exit 1; }
rm -f "$out"/page-*.png
pdftoppm -r "$dpi" -png "$pdf" "$out/page"
echo "$pdf: $(ls "$out"/page-*.png | wc -l) pages in $out/page-*.png"
