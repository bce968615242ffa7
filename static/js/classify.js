/* Classify page: the long multi-selects (themes, targets, goals, groups, clusters) become
   searchable lists that show what is chosen as chips (Tom Select, vendored). A plain click
   adds, a chip's × removes: nothing is lost by a click without Ctrl, and it works by touch.
   When a suggestion is accepted in the assistant panel (htmx), the server says which label
   and the recommendation's new version; the form adds the label and takes the version, so
   saving keeps both the user's own choices and the accepted suggestion.
   Without JavaScript the page keeps the plain multi-selects. */
(function () {
  "use strict";
  var widgets = {};
  function init() {
    document.querySelectorAll("select[multiple][data-chips]").forEach(function (select) {
      if (select.tomselect) { return; }
      widgets[select.name] = new TomSelect(select, {
        plugins: ["remove_button", "clear_button"],
        maxOptions: null,
        hidePlaceholder: true,
        closeAfterSelect: false,
        placeholder: select.getAttribute("data-placeholder") || ""
      });
    });
    var hint = document.getElementById("ctrl-hint");
    if (hint) { hint.hidden = true; }
  }
  document.body.addEventListener("nrtd:label-accepted", function (event) {
    var detail = event.detail || {};
    var widget = widgets[detail.field];
    if (widget) { widget.addItem(String(detail.value), true); }
    var version = document.querySelector("form#classify-form input[name=version]");
    if (version && detail.version) { version.value = detail.version; }
  });
  init();
})();
