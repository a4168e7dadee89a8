/* clausecheck HTML report: table filters and Copy buttons. No network access, no eval. */
(function () {
  "use strict";
  // Search text per provision (evidence, reasons, candidates), filled in by the writer.
  var INDEX = /*DATA*/null || {};

  function byId(id) { return document.getElementById(id); }
  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }

  var table = byId("provision-table");
  var rows = table ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
  var status = byId("filter-status");
  var priority = byId("filter-priority");
  var text = byId("filter-text");
  var count = byId("filter-count");

  function haystack(row) {
    var extra = Object.prototype.hasOwnProperty.call(INDEX, row.dataset.provision) ? INDEX[row.dataset.provision] : "";
    return (row.textContent + " " + extra).toLowerCase();
  }

  function apply() {
    var st = status.value, pr = priority.value, q = text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!st || row.dataset.status === st) && (!pr || row.dataset.priority === pr) &&
               (!q || haystack(row).indexOf(q) !== -1);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = "Showing " + shown + " of " + rows.length + " provisions";
  }

  if (table && status && priority && text && count) {
    byId("filters").hidden = false;
    status.addEventListener("change", apply);
    priority.addEventListener("change", apply);
    text.addEventListener("input", apply);
    byId("filter-reset").addEventListener("click", function () {
      status.value = ""; priority.value = ""; text.value = ""; apply();
    });
    all("button[data-filter-status]").forEach(function (button) {
      button.disabled = false;
      button.addEventListener("click", function () {
        status.value = button.dataset.filterStatus; priority.value = ""; text.value = "";
        apply();
        table.scrollIntoView({block: "start"});
      });
    });
    apply();
  }

  function fallbackCopy(value) {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copy(value) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(value).then(function () { return true; },
                                                       function () { return fallbackCopy(value); });
    }
    return Promise.resolve(fallbackCopy(value));
  }

  // Printing shows every collapsed part of the report.
  window.addEventListener("beforeprint", function () {
    all("details").forEach(function (d) { d.open = true; });
  });

  all("button.copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = byId(button.dataset.target);
      copy(source ? source.textContent : "").then(function (ok) {
        button.textContent = ok ? "Copied" : "Select and copy by hand";
        window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
      });
    });
  });
}());
