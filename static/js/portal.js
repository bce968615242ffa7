/* Portal charts: horizontal bar charts drawn from the figures the page carries as JSON
   (<script type="application/json">); the same figures are in a table for screen readers
   and for browsers without JavaScript. */
(function () {
  "use strict";
  // Chart.js cuts a label longer than the room beside the bars at the canvas edge (a phone):
  // shortened with an ellipsis instead; the table below the chart has the full names.
  function shortLabel(value) {
    var label = String(this.getLabelForValue(value));
    var room = Math.max(12, Math.floor(this.chart.width / 16));
    return label.length > room ? label.slice(0, room - 1) + "\u2026" : label;
  }
  function draw() {
    if (!window.Chart) { return; }
    var rtl = document.documentElement.dir === "rtl";
    var style = getComputedStyle(document.body);
    var colour = style.getPropertyValue("--bs-primary").trim() || "#0d6efd";
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) { return; }
      var rows = JSON.parse(source.textContent);
      canvas.parentElement.style.blockSize = Math.max(160, rows.length * 24 + 40) + "px";
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: rows.map(function (r) { return r.label; }),
          datasets: [{ data: rows.map(function (r) { return r.count; }), backgroundColor: colour }]
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { x: { reverse: rtl, beginAtZero: true, ticks: { precision: 0 } },
                    y: { position: rtl ? "right" : "left", ticks: { callback: shortLabel } } }
        }
      });
      canvas.dataset.drawn = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
