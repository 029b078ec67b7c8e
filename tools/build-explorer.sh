#!/bin/sh
# Bundle the explorer's graph drawing (graphology, sigma.js, ForceAtlas2) and the
# SPARQL page's editor (CodeMirror 6) from the pinned npm packages of
# tools/explorer/ into graph/api/static/explorer/graph-bundle.js
# and editor-bundle.js, each with the licences of every package it contains beside it.
# Run it after changing a version there; commit what it writes.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/tools/explorer"
out="$here/graph/api/static/explorer"

npm ci --prefix "$build" --no-audit --no-fund --ignore-scripts
bundle() {  # bundle ENTRY OUTPUT-NAME: the script and, beside it, the licences of what it contains
  "$build/node_modules/.bin/esbuild" "$build/$1" --bundle --minify --format=iife --target=es2019 \
    --legal-comments=none --metafile="$build/meta.json" --outfile="$out/$2.js"
  node - "$build" "$out/$2.LICENSES.txt" <<'JS'
// The name, version, licence and licence text of every package the bundle contains.
const fs = require("fs"), path = require("path");
const [build, target] = process.argv.slice(2);
const meta = JSON.parse(fs.readFileSync(path.join(build, "meta.json"), "utf8"));
const packages = new Set();
for (const input of Object.keys(meta.inputs)) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match) packages.add(match[1]);
}
const parts = [];
for (const name of [...packages].sort()) {
  const dir = path.join(build, "node_modules", name);
  const info = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  const text = file ? fs.readFileSync(path.join(dir, file), "utf8").trim() : `(no licence file in the package; licence: ${info.license})`;
  parts.push(`${info.name}@${info.version} (${info.license || "see text"})\n\n${text}\n`);
}
fs.writeFileSync(target, parts.join("\n" + "-".repeat(72) + "\n\n"));
fs.unlinkSync(path.join(build, "meta.json"));
JS
}

bundle entry.js graph-bundle
bundle editor-entry.js editor-bundle
echo "wrote $out: graph-bundle.js, editor-bundle.js and their LICENSES.txt"
