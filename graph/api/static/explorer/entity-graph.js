// The entity page's neighbourhood graph: graphology + sigma.js (graph-bundle.js), ForceAtlas2 layout,
// nodes coloured by entity type and edges by category as in the GEXF export; a click opens a node's page.
(function () {
  "use strict";
  const container = document.getElementById("graph");
  const controls = document.getElementById("graph-controls");
  const statusLine = document.getElementById("graph-status");
  if (!container || !window.NewsgraphDraw) return;
  const { Graph, Sigma, forceAtlas2 } = window.NewsgraphDraw;
  let renderer = null;

  function source() {
    const params = new URLSearchParams();
    params.set("depth", controls.elements.depth.value);
    if (controls.elements.category.value) params.set("category", controls.elements.category.value);
    return container.dataset.src + "?" + params.toString();
  }

  function build(data) {
    const graph = new Graph({ type: "directed", multi: true });
    const count = data.nodes.length;
    data.nodes.forEach(function (node, index) {
      const angle = (2 * Math.PI * index) / Math.max(count, 1);
      const radius = node.distance === 0 ? 0 : 10 * node.distance;
      graph.addNode(node.key, {
        label: node.label,
        x: radius * Math.cos(angle) + Math.random(),
        y: radius * Math.sin(angle) + Math.random(),
        size: node.size,
        color: node.color,
        forceLabel: node.distance === 0,
        entityType: node.type
      });
    });
    data.edges.forEach(function (edge) {
      graph.addDirectedEdgeWithKey(edge.key, edge.source, edge.target, {
        color: edge.color, size: 1.5, label: edge.predicate, category: edge.category, type: "arrow"
      });
    });
    if (graph.order > 1) {
      const settings = forceAtlas2.inferSettings(graph);
      settings.gravity = 1;
      forceAtlas2.assign(graph, { iterations: 300, settings: settings });
    }
    return graph;
  }

  function draw() {
    statusLine.textContent = "loading…";
    fetch(source(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        const graph = build(data);
        if (renderer) renderer.kill();
        try {
          renderer = new Sigma(graph, container, { renderEdgeLabels: false, labelRenderedSizeThreshold: 6, defaultEdgeType: "arrow" });
        } catch (error) {
          statusLine.textContent = "The graph can't be drawn here (" + error.message + ").";
          return;
        }
        renderer.on("clickNode", function (event) {
          if (event.node !== container.dataset.centre) window.location.href = "/entity/" + encodeURIComponent(event.node);
        });
        renderer.on("enterNode", function () { container.style.cursor = "pointer"; });
        renderer.on("leaveNode", function () { container.style.cursor = ""; });
        window.newsgraphDrawing = { graph: graph, renderer: renderer };
        statusLine.textContent = graph.order + " entities, " + graph.size + " relations" + (data.truncated ? " (cut at the size limit)" : "");
        container.dataset.drawn = String(graph.order);
      })
      .catch(function (error) { statusLine.textContent = "Could not load the graph: " + error; });
  }

  controls.addEventListener("change", draw);
  draw();
})();
