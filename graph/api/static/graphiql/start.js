// Start GraphiQL on the element #graphiql: its endpoint and example query come as data attributes.
// ?query=… in the address opens that query instead (a link reproduces a query).
(function () {
  "use strict";
  var element = document.getElementById("graphiql");
  var params = new URLSearchParams(window.location.search);
  var fetcher = GraphiQL.createFetcher({ url: element.dataset.endpoint });
  var props = { fetcher: fetcher, defaultQuery: element.dataset.example, defaultEditorToolsVisibility: true };
  if (params.get("query")) {
    props.query = params.get("query");
  }
  if (params.get("variables")) {
    props.variables = params.get("variables");
  }
  element.textContent = "";
  ReactDOM.createRoot(element).render(React.createElement(GraphiQL, props));
})();
