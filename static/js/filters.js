// Progressive enhancement: apply a directory filter as soon as a select changes.
// Without JavaScript the form's "Apply" button does the same.
document.addEventListener("change", function (event) {
  var form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.tagName === "SELECT") {
    form.submit();
  }
});
