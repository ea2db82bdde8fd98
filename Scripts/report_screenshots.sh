#!/bin/sh
# Looks at a study report as a person does: headless Chromium screenshots of the report and one
# explanation page at desktop width (1280 px) and at single-column journal width (85 mm = 321 px
# at 96 dpi), and of each figure type as its exported SVG file (figures/*.svg) alone.
#
#   sh Scripts/report_screenshots.sh STUDY_DIR OUT_DIR [TARGET]
#
# STUDY_DIR: a study folder with report.html (e.g. studies/chapman-sample/study after
# `ecglens study Samples/chapman/study.json`); TARGET: whose per-target figures to shoot (default:
# the first ROC figure's target). Needs chromium (Debian package `chromium`).
set -eu
study=$1
out=$2
mkdir -p "$out"
shoot() {  # URL WIDTH HEIGHT PNG
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$2,$3" \
    --screenshot="$4" "$1" > /dev/null 2>&1
  echo "$4"
}
abs=$(cd "$study" && pwd)
shoot "file://$abs/report.html" 1280 2400 "$out/report-desktop.png"
shoot "file://$abs/report.html" 321 2400 "$out/report-85mm.png"
page=$(ls "$abs"/explanations/*.html 2> /dev/null | head -1 || true)
if [ -n "$page" ]; then
  shoot "file://$page" 1280 2400 "$out/explanation-desktop.png"
  shoot "file://$page" 321 2400 "$out/explanation-85mm.png"
fi
target=${3:-$(ls "$abs/figures" | sed -n 's/^roc-\(.*\)\.svg$/\1/p' | head -1)}
for kind in forest-auroc roc-$target precision-recall-$target calibration-$target feature-elimination-$target \
  shap-importance-$target shap-beeswarm-$target; do
  svg="$abs/figures/$kind.svg"
  [ -f "$svg" ] || continue
  # The SVG's own size is the window, so the screenshot is the figure as a journal would print it.
  size=$(sed -n 's/.*<svg[^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1,\2/p' "$svg" | head -1)
  shoot "file://$svg" "${size%,*}" "${size#*,}" "$out/figure-${kind%-$target}.png"
done
