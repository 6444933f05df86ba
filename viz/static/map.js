(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pk-data").textContent);
  var view = document.getElementById("pk-view");
  var pick = document.getElementById("pk-pick");
  var pickLabel = document.getElementById("pk-pick-label");
  var panel = document.getElementById("pk-panel");
  var legend = document.getElementById("pk-legend");
  var paths = Array.prototype.slice.call(document.querySelectorAll("#pk-map path[data-code]"));
  var COLOURS = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  var HAS = "#e6550d", HAS_PROVINCE = "#fdd0a2";

  function el(tag, text) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }

  function choices() {
    pick.textContent = "";
    var mode = view.value;
    pickLabel.style.display = mode === "plans" ? "none" : "";
    var groups = mode === "target" ? [["indicator", data.indicators]] :
      [["indicator", data.indicators], ["instrument", data.instruments]];
    groups.forEach(function (group) {
      var box = el("optgroup"); box.label = group[0];
      group[1].forEach(function (item, i) {
        if (mode === "target" && !Object.keys(item.values).length) return;
        var o = el("option", item.label + (item.unit ? " (" + item.unit + ")" : "") +
          " · " + Object.keys(mode === "target" ? item.values : item.first).length);
        o.value = group[0] + ":" + i; box.appendChild(o);
      });
      if (box.childNodes.length) pick.appendChild(box);
    });
  }

  function chosen() {
    var parts = (pick.value || "").split(":");
    var list = parts[0] === "instrument" ? data.instruments : data.indicators;
    return list[Number(parts[1])] || null;
  }

  function bins(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var cuts = [];
    for (var i = 1; i < COLOURS.length; i++) cuts.push(sorted[Math.floor(i * sorted.length / COLOURS.length)]);
    return function (v) { var k = 0; while (k < cuts.length && v >= cuts[k] && cuts[k] !== sorted[0]) k++; return COLOURS[Math.min(k, COLOURS.length - 1)]; };
  }

  function paint() {
    var mode = view.value, item = chosen(), value = {};
    if (mode === "plans") {
      Object.keys(data.places).forEach(function (c) { value[c] = data.places[c].plans.length; });
    } else if (item) {
      var table = mode === "target" ? item.values : item.first;
      Object.keys(table).forEach(function (c) { value[c] = mode === "target" ? table[c][0] : Number(table[c]); });
    }
    var numbers = Object.keys(value).map(function (c) { return value[c]; });
    var colour = mode === "plans" ? null : bins(numbers);
    paths.forEach(function (p) {
      var c = p.getAttribute("data-code");
      var has = Object.prototype.hasOwnProperty.call(value, c);
      p.style.fill = !has ? "" : colour ? colour(value[c]) : (/0000$/.test(c) ? HAS_PROVINCE : HAS);
      p.classList.toggle("pk-has", has);
      var title = p.querySelector("title");
      if (title) title.textContent = p.getAttribute("data-name") + (has ? " · " + value[c] : "");
    });
    legend.textContent = "";
    if (mode === "plans") {
      var s = el("span", "a prefecture's plans"); s.style.background = HAS; legend.appendChild(s);
      var t = el("span", "a province's plans"); t.style.background = HAS_PROVINCE; legend.appendChild(t);
    } else if (numbers.length) {
      var lo = Math.min.apply(null, numbers), hi = Math.max.apply(null, numbers);
      legend.appendChild(el("b", (mode === "first" ? "first year " : "target ") + lo + " – " + hi + " "));
      COLOURS.forEach(function (c) { var b = el("span", "\u00a0"); b.style.background = c; legend.appendChild(b); });
    }
  }

  function list(title, plans) {
    panel.appendChild(el("h3", title));
    var ul = el("ul");
    plans.forEach(function (plan) {
      var li = el("li"), a = el("a", plan.title);
      a.setAttribute("href", plan.href); li.appendChild(a);
      if (plan.year) li.appendChild(el("span", " (" + plan.year + ")"));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }

  function open(code, name) {
    panel.textContent = "";
    paths.forEach(function (p) { p.classList.toggle("pk-picked", p.getAttribute("data-code") === code); });
    panel.appendChild(el("h2", name + " (" + code + ")"));
    var own = data.places[code], province = code.slice(0, 2) + "0000";
    if (own) list("plans", own.plans);
    if (code !== province && data.places[province]) list(data.places[province].name + " (provincial plans)", data.places[province].plans);
    if (!own && !(code !== province && data.places[province])) panel.appendChild(el("p", "no plans here"));
    var item = chosen(), mode = view.value;
    if (item && mode !== "plans") {
      var v = mode === "target" ? item.values[code] : item.first[code];
      panel.appendChild(el("p", item.label + ": " + (v === undefined ? "—" : (mode === "target" ? v[0] + (item.unit || "") + (v[1] ? " by " + v[1] : "") : "first in " + v))));
    }
    var search = el("a", "search this place's facts");
    search.setAttribute("href", "/search?city=" + encodeURIComponent(code) + "&q=" + encodeURIComponent("质量"));
    panel.appendChild(search);
  }

  document.getElementById("pk-map").addEventListener("click", function (event) {
    var p = event.target.closest ? event.target.closest("path[data-code]") : null;
    if (p) open(p.getAttribute("data-code"), p.getAttribute("data-name"));
  });
  view.addEventListener("change", function () { choices(); paint(); });
  pick.addEventListener("change", paint);
  choices();
  paint();
  document.body.setAttribute("data-ready", "1");
})();
