/* Registry list: the bulk-action bar shows only the fields the chosen action needs (the
   cluster for "Add to cluster", the institution and role for "Assign", nothing for
   "Publish"). Without JavaScript every field stays visible and the server ignores the ones
   the action does not use. Delegated, so it survives htmx replacing the list. */
(function () {
  "use strict";
  function sync() {
    var action = document.getElementById("bulk-action");
    if (!action) { return; }
    document.querySelectorAll("[data-bulk-for]").forEach(function (field) {
      field.hidden = field.getAttribute("data-bulk-for") !== action.value;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.id === "bulk-action") { sync(); }
  });
  document.addEventListener("htmx:afterSwap", sync);
  sync();
})();
