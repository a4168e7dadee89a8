"use strict";
(function () {
  var data = JSON.parse(document.getElementById("cc-data").textContent);
  var STATUSES = ["present", "weak", "missing"];
  var byIndex = {};
  data.contracts.forEach(function (c) { byIndex[c.i] = c; });
  var $ = function (id) { return document.getElementById(id); };

  function matches(c, rel, type, cp) {
    if (rel && c.relationship !== rel) return false;
    if (type && c.contract_type !== type) return false;
    if (cp) {
      var hit = c.parties.concat([c.counterparty]).some(function (n) { return n.toLowerCase().indexOf(cp) >= 0; });
      if (!hit) return false;
    }
    return true;
  }

  function regroup(key, visible) {
    var tbody = document.querySelector("table.heat tbody");
    var rows = Array.prototype.slice.call(tbody.querySelectorAll("tr.contract"));
    tbody.querySelectorAll("tr.group").forEach(function (g) { g.remove(); });
    var label = function (tr) { return String(byIndex[tr.dataset.c][key]); };
    rows.sort(function (a, b) { return label(a).localeCompare(label(b)) || (a.dataset.c - b.dataset.c); });
    var current = null, header = null, count = 0;
    var close = function () { if (header) { header.firstChild.textContent += " (" + count + ")"; header.hidden = count === 0; } };
    rows.forEach(function (tr) {
      var g = label(tr);
      if (g !== current) {
        close();
        current = g; count = 0;
        header = document.createElement("tr");
        header.className = "group";
        var th = document.createElement("th");
        th.colSpan = data.provisions.length + 1;
        th.textContent = g.replace(/_/g, " ");
        header.appendChild(th);
        tbody.appendChild(header);
      }
      if (visible[tr.dataset.c]) count++;
      tbody.appendChild(tr);
    });
    close();
  }

  function redrawBars(visible) {
    var shareRows = document.querySelectorAll("#shares tr[data-p]");
    data.provisions.forEach(function (p, k) {
      var row = shareRows[k];
      if (!row) return;
      var counts = {present: 0, weak: 0, missing: 0}, total = 0;
      data.contracts.forEach(function (c) {
        var s = c.statuses[k];
        if (visible[c.i] && counts.hasOwnProperty(s)) { counts[s]++; total++; }
      });
      var x = 0, rects = row.querySelectorAll("rect"), spans = row.querySelectorAll(".pct span");
      STATUSES.forEach(function (s, j) {
        var w = total ? 100 * counts[s] / total : 0;
        rects[j].setAttribute("x", x.toFixed(2));
        rects[j].setAttribute("width", w.toFixed(2));
        spans[j].textContent = Math.round(w) + "% " + s;
        x += w;
      });
    });
  }

  function recountGaps(showAll) {
    document.querySelectorAll("#gaps tr.gap").forEach(function (tr) {
      var n = tr.querySelectorAll(".chip:not([hidden])").length;
      tr.querySelector("td.n").textContent = n;
      tr.hidden = n === 0 || (!showAll && tr.classList.contains("more"));
    });
  }

  function showHorizons(limit) {
    [30, 90, 365].forEach(function (h) {
      var table = document.querySelector('table.cal[data-h="' + h + '"]');
      var shown = h <= limit;
      document.querySelector('#calendar h3[data-h="' + h + '"]').hidden = !shown;
      table.hidden = !shown;
      var rows = table.querySelectorAll("tr.event:not([hidden])").length;
      document.querySelector('#calendar p[data-h="' + h + '"]').classList.toggle("none", !shown || rows > 0);
    });
  }

  function apply() {
    var rel = $("f-rel").value, type = $("f-type").value, cp = $("f-cp").value.trim().toLowerCase();
    var visible = {}, n = 0;
    data.contracts.forEach(function (c) { visible[c.i] = matches(c, rel, type, cp); if (visible[c.i]) n++; });
    document.querySelectorAll("[data-c]").forEach(function (el) { el.hidden = !visible[el.dataset.c]; });
    regroup($("f-group").value, visible);
    redrawBars(visible);
    var more = $("more-gaps");
    recountGaps(more ? more.checked : true);
    showHorizons(parseInt($("f-h").value, 10));
    $("f-count").textContent = n + " of " + data.contracts.length + " contracts";
  }

  ["f-rel", "f-type", "f-group", "f-h", "more-gaps"].forEach(function (id) {
    var el = $(id);
    if (el) el.addEventListener("change", apply);
  });
  $("f-cp").addEventListener("input", apply);
  $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  apply();
})();
