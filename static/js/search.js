/* Search page on a phone: the facets fold under one "Filters" toggle, so the results come
   first; on a wider screen they stay open beside the results. The page is served with them
   open (so it works without JavaScript); this script, loaded at the end of the page, folds
   them on a narrow screen before the first interaction, and keeps them as the visitor left
   them when a choice replaces the results (htmx swaps the whole search block). */
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 992px)");
  var open = wide.matches;
  function apply() {
    var panels = document.getElementById("facet-panels");
    if (panels) { panels.open = wide.matches || open; }
  }
  document.addEventListener("toggle", function (event) {
    if (event.target.id === "facet-panels" && !wide.matches) { open = event.target.open; }
  }, true);
  document.addEventListener("htmx:afterSwap", apply);
  wide.addEventListener("change", apply);
  apply();
})();
