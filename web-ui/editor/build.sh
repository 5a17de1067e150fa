#!/bin/sh
# Rebuilds the committed PromQL editor bundle. Dev-only: Maven never runs this, so neither the
# build nor users need Node.js. Needs node >= 18 and network access to the npm registry.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npx esbuild entry.js --bundle --minify --format=iife --global-name=PromQLEditor \
  --legal-comments=eof --target=es2020 \
  --banner:js="/*! PromQL editor bundle: codemirror@6.0.2 (MIT), @codemirror/* (MIT), @lezer/* (MIT), @prometheus-io/codemirror-promql@0.314.0 + lezer-promql (Apache-2.0), lru-cache (BlueOak-1.0.0). Built from web-ui/editor (entry.js, package-lock.json); licence texts in LICENSES.txt */" \
  --outfile=../src/main/resources/webroot/assets/vendor/promql-editor.min.js
ls -l ../src/main/resources/webroot/assets/vendor/promql-editor.min.js
# Licence texts of everything in the bundle, next to it.
{
  for d in node_modules/codemirror node_modules/@codemirror/* node_modules/@lezer/* node_modules/@marijn/* \
           node_modules/@prometheus-io/* node_modules/crelt node_modules/style-mod node_modules/w3c-keyname node_modules/lru-cache; do
    printf '==== %s %s\n' "$(node -p "require('./$d/package.json').name")" "$(node -p "require('./$d/package.json').version + ' (' + require('./$d/package.json').license + ')'")"
    cat "$d"/LICENSE* 2>/dev/null || echo "(no licence file in the package; licence per package.json)"
    echo
  done
} > ../src/main/resources/webroot/assets/vendor/LICENSES.txt
# uPlot is vendored as-is from npm uplot@1.6.32 (dist/uPlot.iife.min.js, dist/uPlot.min.css); not bundled here.
{ printf '==== uplot 1.6.32 (MIT)\n'; cat uplot-1.6.32.LICENSE; } >> ../src/main/resources/webroot/assets/vendor/LICENSES.txt
