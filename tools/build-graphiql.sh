#!/bin/sh
# Build the GraphiQL page's assets from the pinned npm packages of
# tools/graphiql/ (package.json + package-lock.json) and copy
# them beside the page, with the licences of every package they contain.
# Run it after changing a version there; commit what it writes.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/tools/graphiql"
out="$here/graph/api/static/graphiql"

npm ci --prefix "$build" --no-audit --no-fund --ignore-scripts
modules="$build/node_modules"
cp "$modules/graphiql/graphiql.min.js" "$out/graphiql.min.js"
cp "$modules/graphiql/graphiql.min.css" "$out/graphiql.min.css"
cp "$modules/react/umd/react.production.min.js" "$out/react.production.min.js"
cp "$modules/react-dom/umd/react-dom.production.min.js" "$out/react-dom.production.min.js"
# The bundles carry no source maps here: the .map files are not shipped.
sed -i '/^\/\/# sourceMappingURL=/d' "$out"/*.min.js
sed -i 's|/\*# sourceMappingURL=[^*]*\*/||' "$out/graphiql.min.css"

node - "$modules" "$out/LICENSES.txt" <<'JS'
// One file with the name, version, licence and licence text of every package installed.
const fs = require("fs"), path = require("path");
const [modules, target] = process.argv.slice(2);
const dirs = [];
for (const name of fs.readdirSync(modules).sort()) {
  if (name.startsWith(".")) continue;
  if (name.startsWith("@")) for (const sub of fs.readdirSync(path.join(modules, name)).sort()) dirs.push(path.join(name, sub));
  else dirs.push(name);
}
const parts = [];
for (const dir of dirs) {
  const meta = JSON.parse(fs.readFileSync(path.join(modules, dir, "package.json"), "utf8"));
  const file = fs.readdirSync(path.join(modules, dir)).find((f) => /^(licen[cs]e|copying)/i.test(f));
  const text = file ? fs.readFileSync(path.join(modules, dir, file), "utf8").trim() : "(no licence file in the package)";
  parts.push(`${meta.name}@${meta.version} (${meta.license || "see text"})\n\n${text}\n`);
}
fs.writeFileSync(target, parts.join("\n" + "-".repeat(72) + "\n\n"));
JS
echo "wrote $out: graphiql.min.js graphiql.min.css react*.min.js LICENSES.txt"
