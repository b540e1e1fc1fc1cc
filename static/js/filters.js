// Progressive enhancement for the directory lists. Without JavaScript everything still works:
// the "Apply" button submits the form, facets are plain links and the filter panel stays open.

// Apply the sort order as soon as it changes.
document.addEventListener("change", function (event) {
  var form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.tagName === "SELECT") {
    form.submit();
  }
});

// On a phone, fold the facet panel so the results come first; the visitor opens it when needed.
if (window.matchMedia && window.matchMedia("(max-width: 48rem)").matches) {
  document.querySelectorAll("details[data-collapse-on-phone]").forEach(function (details) {
    details.removeAttribute("open");
  });
}
