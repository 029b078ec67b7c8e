// Parse a GEXF file with graphology-gexf (the parser Gephi Lite uses) and print
// what it read as JSON: graph type, counts, every node's and edge's attributes.
// Usage: node parse_gexf.js FILE.gexf
'use strict';
const fs = require('fs');
const {MultiGraph} = require('graphology');
const gexf = require('graphology-gexf');

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: node parse_gexf.js FILE.gexf\n');
  process.exit(2);
}
const graph = gexf.parse(MultiGraph, fs.readFileSync(path, 'utf-8'));
const nodes = {};
graph.forEachNode((key, attributes) => {
  nodes[key] = attributes;
});
const edges = [];
graph.forEachEdge((key, attributes, source, target) => {
  edges.push({key, source, target, directed: graph.isDirected(key), attributes});
});
process.stdout.write(
  JSON.stringify({
    type: graph.type,
    multi: graph.multi,
    order: graph.order,
    size: graph.size,
    meta: graph.getAttributes(),
    nodes,
    edges,
  }) + '\n'
);
