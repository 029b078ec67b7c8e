// The newsgraph query page: no framework, no assets from elsewhere.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("config").textContent);
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const picker = document.getElementById("example");
  const statusLine = document.getElementById("status");
  const downloads = document.getElementById("downloads");
  const results = document.getElementById("results");
  document.getElementById("ontology-link").href = config.ontology;

  config.examples.forEach(function (example, index) {
    const option = document.createElement("option");
    option.value = String(index);
    option.textContent = example.title;
    picker.appendChild(option);
  });
  picker.addEventListener("change", function () {
    if (picker.value !== "") editor.value = config.examples[Number(picker.value)].query;
  });
  if (config.examples.length) { editor.value = config.examples[0].query; picker.value = "0"; }

  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
    if (event.key === "Tab") {
      event.preventDefault();
      const start = editor.selectionStart;
      editor.setRangeText("  ", start, editor.selectionEnd, "end");
    }
  });

  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.className = isError ? "error" : "";
  }

  function downloadLinks(query, kind) {
    downloads.textContent = "";
    const names = kind === "graph" ? config.formats.graph : config.formats.solutions;
    downloads.appendChild(document.createTextNode("Download: "));
    names.forEach(function (name) {
      const link = document.createElement("a");
      link.href = config.endpoint + "?" + new URLSearchParams({ query: query, format: name }).toString();
      link.textContent = name;
      link.setAttribute("download", "results." + name);
      downloads.appendChild(link);
    });
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const span = document.createElement("span");
      span.className = "iri";
      span.textContent = term.value;
      td.appendChild(span);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
      if (term.datatype) td.title = term.datatype;
    }
    return td;
  }

  function showSolutions(data) {
    results.textContent = "";
    if (typeof data.boolean === "boolean") {
      const p = document.createElement("p");
      p.textContent = "Answer: " + (data.boolean ? "yes" : "no");
      results.appendChild(p);
      return 1;
    }
    const vars = data.head.vars;
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    vars.forEach(function (name) {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    });
    const body = table.createTBody();
    data.results.bindings.forEach(function (binding) {
      const row = body.insertRow();
      vars.forEach(function (name) { row.appendChild(cell(binding[name])); });
    });
    results.appendChild(table);
    return data.results.bindings.length;
  }

  function showGraph(text) {
    results.textContent = "";
    const pre = document.createElement("pre");
    pre.className = "graph";
    pre.textContent = text;
    results.appendChild(pre);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const query = editor.value;
    setStatus("Running…", false);
    downloads.textContent = "";
    const started = performance.now();
    fetch(config.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9"
      },
      body: new URLSearchParams({ query: query })
    }).then(function (response) {
      const type = response.headers.get("Content-Type") || "";
      return response.text().then(function (text) { return { response: response, type: type, text: text }; });
    }).then(function (answer) {
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (!answer.response.ok) {
        results.textContent = "";
        setStatus("Error " + answer.response.status + ": " + answer.text, true);
        return;
      }
      if (answer.type.indexOf("sparql-results+json") !== -1) {
        const rows = showSolutions(JSON.parse(answer.text));
        setStatus(rows + " result" + (rows === 1 ? "" : "s") + " in " + seconds + " s", false);
        downloadLinks(query, "solutions");
      } else {
        showGraph(answer.text);
        setStatus("Graph in " + seconds + " s", false);
        downloadLinks(query, "graph");
      }
    }).catch(function (error) {
      setStatus("Request failed: " + error, true);
    });
  });
})();
