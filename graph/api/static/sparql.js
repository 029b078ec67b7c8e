// The newsgraph query page: no framework, no assets from elsewhere.
// The query lives in the address (#query=…), so a link reproduces it and a reload keeps it;
// results are shown a page at a time, and at most MAX_ROWS of them are kept for browsing.
(function () {
  "use strict";
  const PAGE_SIZE = 100;
  const MAX_ROWS = 10000;
  const config = JSON.parse(document.getElementById("config").textContent);
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const picker = document.getElementById("example");
  const statusLine = document.getElementById("status");
  const downloads = document.getElementById("downloads");
  const results = document.getElementById("results");
  const pager = document.getElementById("pager");
  const note = document.getElementById("note");
  document.getElementById("ontology-link").href = config.ontology;

  config.examples.forEach(function (example, index) {
    const option = document.createElement("option");
    option.value = String(index);
    option.textContent = example.title;
    picker.appendChild(option);
  });
  picker.addEventListener("change", function () {
    if (picker.value !== "") code.set(config.examples[Number(picker.value)].query);
  });

  function queryFromAddress() {
    const hash = window.location.hash.replace(/^#/, "");
    return new URLSearchParams(hash).get("query");
  }

  // A real editor (CodeMirror: line numbers, highlighting) when its bundle loaded; the textarea otherwise.
  const code = window.NewsgraphEditor
    ? window.NewsgraphEditor.create(editor, function () { form.requestSubmit(); })
    : { get: function () { return editor.value; }, set: function (text) { editor.value = text; } };
  window.newsgraphQueryEditor = code;

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

  // An IRI of this server's base opens its page here (entities, articles…); others are shown as text.
  function localPath(iri) {
    if (config.base && iri.indexOf(config.base) === 0) return "/" + iri.slice(config.base.length);
    return null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const path = localPath(term.value);
      const node = document.createElement(path ? "a" : "span");
      node.className = "iri";
      node.textContent = term.value;
      if (path) node.href = path;
      td.appendChild(node);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
      if (term.datatype) td.title = term.datatype;
    }
    return td;
  }

  // Columns in the order the query names them (SELECT * included), not the engine's.
  function orderColumns(vars, query) {
    function position(name) {
      const match = new RegExp("[?$]" + name + "(?![A-Za-z0-9_])").exec(query);
      return match ? match.index : Number.MAX_SAFE_INTEGER;
    }
    return vars.slice().sort(function (a, b) { return position(a) - position(b); });
  }

  let shown = null; // { vars, rows, total }

  function renderPage(page) {
    results.textContent = "";
    const vars = shown.vars;
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    vars.forEach(function (name) {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    });
    const body = table.createTBody();
    shown.rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).forEach(function (binding) {
      const row = body.insertRow();
      vars.forEach(function (name) { row.appendChild(cell(binding[name])); });
    });
    results.appendChild(table);
    renderPager(page);
  }

  function renderPager(page) {
    pager.textContent = "";
    const pages = Math.max(1, Math.ceil(shown.rows.length / PAGE_SIZE));
    if (pages === 1) return;
    function button(label, target, name) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.name = name;
      b.disabled = target < 0 || target >= pages || target === page;
      b.addEventListener("click", function () { renderPage(target); });
      pager.appendChild(b);
    }
    button("« first", 0, "first");
    button("‹ previous", page - 1, "previous");
    const where = document.createElement("span");
    where.className = "where";
    const first = page * PAGE_SIZE + 1;
    const last = Math.min((page + 1) * PAGE_SIZE, shown.rows.length);
    where.textContent = "rows " + first + "–" + last + " of " + shown.rows.length + " (page " + (page + 1) + " of " + pages + ")";
    pager.appendChild(where);
    button("next ›", page + 1, "next");
    button("last »", pages - 1, "last");
  }

  function showSolutions(data, query) {
    results.textContent = "";
    pager.textContent = "";
    note.textContent = "";
    if (typeof data.boolean === "boolean") {
      const p = document.createElement("p");
      p.textContent = "Answer: " + (data.boolean ? "yes" : "no");
      results.appendChild(p);
      return 1;
    }
    const bindings = data.results.bindings;
    shown = { vars: orderColumns(data.head.vars, query), rows: bindings.slice(0, MAX_ROWS), total: bindings.length };
    if (bindings.length > MAX_ROWS) {
      note.textContent = "Showing the first " + MAX_ROWS.toLocaleString("en") + " of " + bindings.length.toLocaleString("en") +
        " rows; download the results for all of them, or narrow the query (LIMIT, FILTER).";
    }
    renderPage(0);
    return bindings.length;
  }

  function showGraph(text) {
    results.textContent = "";
    pager.textContent = "";
    note.textContent = "";
    const pre = document.createElement("pre");
    pre.className = "graph";
    pre.textContent = text;
    results.appendChild(pre);
  }

  // The parser's message, readable: "unknown prefix" named, long character-class lists left out.
  function readableError(text, query) {
    const at = /error at (\d+):(\d+)/.exec(text);
    let where = "";
    let token = "";
    if (at) {
      const line = query.split("\n")[Number(at[1]) - 1] || "";
      const column = Number(at[2]) - 1;
      where = " at line " + at[1] + ", column " + at[2];
      const before = line.slice(0, column + 1).trimEnd();
      const name = /([A-Za-z][\w.-]*):[\w-]*$/.exec(before);
      token = name ? name[1] : "";
    }
    if (text.indexOf("Prefix not found") !== -1) {
      const prefix = token;
      return "Unknown prefix" + (prefix ? " '" + prefix + ":'" : "") + where +
        ". Declare it first: PREFIX " + (prefix || "ex") + ": <…>";
    }
    if (text.length > 300 && text.indexOf("expected one of") !== -1) {
      return "Syntax error" + where + ": the query does not parse there.";
    }
    return text.trim();
  }

  function run(query) {
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
        pager.textContent = "";
        note.textContent = "";
        setStatus("Error " + answer.response.status + ": " + readableError(answer.text, query), true);
        return;
      }
      if (answer.type.indexOf("sparql-results+json") !== -1) {
        const rows = showSolutions(JSON.parse(answer.text), query);
        setStatus(rows.toLocaleString("en") + " result" + (rows === 1 ? "" : "s") + " in " + seconds + " s", false);
        downloadLinks(query, "solutions");
      } else {
        showGraph(answer.text);
        setStatus("Graph in " + seconds + " s", false);
        downloadLinks(query, "graph");
      }
    }).catch(function (error) {
      setStatus("Request failed: " + error, true);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const query = code.get();
    history.replaceState(null, "", "#" + new URLSearchParams({ query: query }).toString());
    run(query);
  });

  const linked = queryFromAddress();
  if (linked) {
    code.set(linked);
    run(linked);
  } else if (config.examples.length) {
    code.set(config.examples[0].query);
    picker.value = "0";
  }
})();
