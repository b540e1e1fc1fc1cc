// My visit: the save buttons of cards, profiles and sessions. Without JavaScript each is a plain form
// that opens the page that saves (with a POST); the pages are cached and the same for everyone, so
// this script reads the visitor's own saved items and a CSRF token from /my-visit/state.json, shows
// which items are saved, and saves or removes them with a POST, without leaving the page.
(function () {
  var forms = document.querySelectorAll("form[data-visit-item]");
  var counters = document.querySelectorAll(".visit-count");
  if (!forms.length && !counters.length) return;
  // The labels in the page's language, from <body data-...> (templates/base.html).
  var labels = document.body.dataset;
  var state = null;

  function endpoint(form, name) {
    // The form's own action (/my-visit/save/ or /ru/my-visit/save/) gives the language's root.
    return form.getAttribute("action").replace(/save\/$/, name);
  }

  function showCount(count) {
    counters.forEach(function (el) {
      el.textContent = count ? String(count) : "";
    });
  }

  function show(form, saved) {
    var button = form.querySelector("button");
    var label = form.querySelector(".save-button__label");
    button.setAttribute("aria-pressed", saved ? "true" : "false");
    if (label) label.textContent = saved ? labels.savedLabel : labels.saveLabel;
  }

  function say(form, text) {
    var note = form.querySelector(".save-note");
    if (!note) {
      note = document.createElement("span");
      note.className = "save-note visually-hidden";
      note.setAttribute("role", "status");
      form.appendChild(note);
    }
    note.textContent = text;
  }

  var first = forms[0];
  var stateUrl = first ? endpoint(first, "state.json") : "/my-visit/state.json";
  fetch(stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data) return;
      state = { token: data.csrfToken, items: new Set(data.items) };
      forms.forEach(function (form) { show(form, state.items.has(form.dataset.visitItem)); });
      showCount(data.count);
    })
    .catch(function () {});

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-visit-item]");
    if (!form || !state) return; // no state yet: the plain form opens the save page
    event.preventDefault();
    var key = form.dataset.visitItem;
    var saved = state.items.has(key);
    var body = new FormData();
    body.append("kind", form.elements.kind.value);
    body.append("slug", form.elements.slug.value);
    fetch(endpoint(form, saved ? "remove/" : "save/"), {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": state.token },
      body: body,
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (!result.ok) {
          say(form, result.data.error || labels.notSavedNote);
          window.alert(result.data.error || labels.notSavedNote);
          return;
        }
        if (result.data.saved) state.items.add(key); else state.items.delete(key);
        document.querySelectorAll("form[data-visit-item]").forEach(function (other) {
          if (other.dataset.visitItem === key) show(other, result.data.saved);
        });
        showCount(result.data.count);
        say(form, result.data.saved ? labels.savedNote : labels.removedNote);
      })
      .catch(function () { form.submit(); });
  });
})();
