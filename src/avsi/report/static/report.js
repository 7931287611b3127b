// avsi report: render every chart of the page with vega-embed (loaded from vega-bundle.js, no network).
// Each chart is a <script type="application/json" data-chart="ID"> block holding a Vega-Lite spec and a
// <div id="chart-ID"> to draw into. window.avsiCharts records what rendered, for the browser test.
(function () {
  "use strict";
  var state = { total: 0, rendered: 0, failed: 0, errors: [], done: false };
  window.avsiCharts = state;
  var blocks = document.querySelectorAll('script[type="application/json"][data-chart]');
  state.total = blocks.length;
  var jobs = Array.prototype.map.call(blocks, function (block) {
    var id = block.getAttribute("data-chart");
    var target = document.getElementById("chart-" + id);
    try {
      var spec = JSON.parse(block.textContent);
      return window.vegaEmbed(target, spec, { actions: false, renderer: "svg" }).then(
        function () {
          target.setAttribute("data-rendered", "true");
          state.rendered += 1;
        },
        function (error) {
          target.setAttribute("data-rendered", "error");
          state.failed += 1;
          state.errors.push(id + ": " + error);
          console.error("chart " + id + " failed: " + error);
        }
      );
    } catch (error) {
      target.setAttribute("data-rendered", "error");
      state.failed += 1;
      state.errors.push(id + ": " + error);
      console.error("chart " + id + " failed: " + error);
      return Promise.resolve();
    }
  });
  Promise.all(jobs).then(function () {
    state.done = true;
    document.documentElement.setAttribute("data-charts-done", "true");
  });
})();
