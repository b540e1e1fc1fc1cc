// Progressive enhancement for the directory lists. Without JavaScript everything still works:
// the "Apply" button submits the form, facets are plain links and the filter panel stays open.

// A sort order chosen with the mouse or a finger applies at once. One chosen with the keyboard waits
// for "Apply" (or Enter): arrow keys step through the options, and a page that reloaded on each step
// would change the context under the visitor's hands (WCAG 3.2.2).
(function () {
  var pointerChoice = false;
  document.addEventListener("pointerdown", function (event) {
    pointerChoice = !!event.target.closest(".filters__search select");
  });
  document.addEventListener("keydown", function () {
    pointerChoice = false;
  });
  document.addEventListener("change", function (event) {
    var select = event.target.closest(".filters__search select");
    if (select && pointerChoice) {
      select.form.submit();
    }
  });
})();

// On a phone, fold the search and filter panel so the results come first; the visitor opens it when
// needed. A panel with an error or an active filter stays as it is: its summary says what is active.
if (window.matchMedia && window.matchMedia("(max-width: 48rem)").matches) {
  document.querySelectorAll("details[data-collapse-on-phone]").forEach(function (details) {
    details.removeAttribute("open");
  });
}
