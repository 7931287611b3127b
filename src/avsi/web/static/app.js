/* avsi dashboard: renders the Vega-Lite charts embedded as JSON and tidies GET forms. No inline script anywhere. */
(function () {
  "use strict";

  var EMBED_OPTIONS = {
    actions: false,
    ast: true, // Vega's expression interpreter: no eval, so the CSP needs no 'unsafe-eval'
    renderer: "svg",
    defaultStyle: false, // its <style> element would break the CSP; app.css styles the charts
    tooltip: { disableDefaultStyle: true }
  };

  function renderCharts() {
    var targets = document.querySelectorAll("div.vl[data-spec]");
    if (!targets.length || typeof window.vegaEmbed !== "function") {
      return;
    }
    targets.forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-spec"));
      if (!source) {
        return;
      }
      var spec = JSON.parse(source.textContent);
      window.vegaEmbed(el, spec, EMBED_OPTIONS).then(function () {
        el.setAttribute("data-rendered", "true");
      }).catch(function (error) {
        el.setAttribute("data-error", String(error));
        el.textContent = "The chart could not be drawn: " + error;
      });
    });
  }

  // Leave empty fields out of GET forms so that the URL only carries what was chosen.
  function tidyForms() {
    document.querySelectorAll("form.filters").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("input, select").forEach(function (field) {
          if (field.name && field.type !== "checkbox" && field.value === "") {
            field.disabled = true;
          }
        });
      });
    });
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("form.filters [disabled]").forEach(function (field) {
        field.disabled = false;
      });
    });
  }

  tidyForms();
  renderCharts();
})();
