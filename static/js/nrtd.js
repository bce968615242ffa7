// Behaviour every page shares, kept out of the templates: the Content-Security-Policy
// allows no inline script or event handler.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change")) {
    field.form.submit();
  }
});
