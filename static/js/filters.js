// Progressive enhancement: apply the sort order as soon as it changes.
// Without JavaScript the form's "Apply" button does the same; facets are plain links.
document.addEventListener("change", function (event) {
  var form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.tagName === "SELECT") {
    form.submit();
  }
});
