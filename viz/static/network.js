/* policykg network page: reads its data from the JSON block and puts text on screen only through
   textContent (never innerHTML), so nothing from a document can become markup or script. */
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("pk-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("pk-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var state = { network: network, nodes: nodes, edges: edges, ready: false, readyAt: null, started: started };
  window.policykg = state;

  function ready() {
    if (state.ready) { return; }
    state.ready = true;
    state.readyAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  }
  if (data.nodes.length === 0) {
    ready();
  } else if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      ready();
    });
  } else {
    network.once("afterDrawing", ready);
  }

  function safeHref(href) {
    return typeof href === "string" && /^(\/(?!\/)|https?:\/\/)[^\s"'<>`\\]*$/.test(href) ? href : null;
  }
  function clear(element) {
    while (element.firstChild) { element.removeChild(element.firstChild); }
  }
  var panel = document.getElementById("pk-panel");
  function show(info) {
    document.getElementById("pk-panel-kind").textContent = info.kind || "";
    document.getElementById("pk-panel-name").textContent = info.name || "";
    var values = document.getElementById("pk-panel-values");
    clear(values);
    (info.values || []).forEach(function (pair) {
      var dt = document.createElement("dt");
      dt.textContent = pair[0];
      var dd = document.createElement("dd");
      dd.textContent = pair[1];
      values.appendChild(dt);
      values.appendChild(dd);
    });
    var quote = document.getElementById("pk-panel-quote");
    quote.textContent = info.quote || "";
    quote.hidden = !info.quote;
    var links = document.getElementById("pk-panel-links");
    clear(links);
    (info.links || []).forEach(function (pair) {
      var href = safeHref(pair[1]);
      if (!href) { return; }
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.textContent = pair[0];
      a.setAttribute("href", href);
      li.appendChild(a);
      links.appendChild(li);
    });
    panel.hidden = false;
  }
  network.on("click", function (event) {
    var item = null;
    if (event.nodes.length) { item = nodes.get(event.nodes[0]); }
    else if (event.edges.length) { item = edges.get(event.edges[0]); }
    if (item && item.info) { show(item.info); } else { panel.hidden = true; }
  });
  document.getElementById("pk-close").addEventListener("click", function () { panel.hidden = true; });

  // find a node by (part of) its full label: each Enter moves to the next match
  var search = document.getElementById("pk-search");
  var found = document.getElementById("pk-search-result");
  var matches = [];
  var at = -1;
  search.addEventListener("input", function () { matches = []; at = -1; found.textContent = ""; });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") { return; }
    var text = search.value.trim().toLowerCase();
    if (!text) { return; }
    if (at < 0) {
      matches = nodes.get({ filter: function (n) {
        return n.info && String(n.info.name).toLowerCase().indexOf(text) >= 0;
      } });
    }
    if (!matches.length) { found.textContent = "no match"; return; }
    at = (at + 1) % matches.length;
    var node = matches[at];
    network.selectNodes([node.id]);
    network.focus(node.id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    found.textContent = (at + 1) + " / " + matches.length;
    show(node.info);
  });
})();
