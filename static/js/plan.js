// Floor plan enhancement (templates/exhibitors/includes/hall_plan.html). Without JavaScript each
// hall's SVG scales to the width of the page and every stand is a plain link.
// With it, each plan frame gets:
// - pan (drag with a mouse or one finger) and zoom (wheel, pinch, the + and − buttons) by changing
//   the SVG's viewBox, and a reset button back to the whole hall (the data-box attribute);
// - a card showing the stand's exhibitor and code while a stand is hovered or focused;
// - on ?stand=<code>, the chosen stand scrolled into view and zoomed on.
(function () {
  "use strict";
  var MIN_ZOOM = 1, MAX_ZOOM = 40;

  function parseBox(text) {
    return text.trim().split(/\s+/).map(Number);
  }

  function enhance(frame) {
    var svg = frame.querySelector("svg");
    if (!svg || !svg.getAttribute("data-box")) return;
    var home = parseBox(svg.getAttribute("data-box"));
    var box = home.slice();
    frame.classList.add("is-enhanced");

    function apply() {
      svg.setAttribute("viewBox", box.map(function (v) { return Math.round(v * 100) / 100; }).join(" "));
    }

    function clamp() {
      var w = Math.min(Math.max(box[2], home[2] / MAX_ZOOM), home[2] / MIN_ZOOM);
      var h = w * home[3] / home[2];
      box[2] = w; box[3] = h;
      box[0] = Math.min(Math.max(box[0], home[0] - w / 2), home[0] + home[2] - w / 2);
      box[1] = Math.min(Math.max(box[1], home[1] - h / 2), home[1] + home[3] - h / 2);
    }

    // A point of the frame (client pixels) in plan metres.
    function toPlan(clientX, clientY) {
      var rect = svg.getBoundingClientRect();
      return [
        box[0] + (clientX - rect.left) / rect.width * box[2],
        box[1] + (clientY - rect.top) / rect.height * box[3]
      ];
    }

    // Zoom by `factor` (> 1 zooms in) keeping the plan point under (clientX, clientY) in place.
    function zoom(factor, clientX, clientY) {
      var rect = svg.getBoundingClientRect();
      if (clientX === undefined) {
        clientX = rect.left + rect.width / 2;
        clientY = rect.top + rect.height / 2;
      }
      var p = toPlan(clientX, clientY);
      var fx = (clientX - rect.left) / rect.width, fy = (clientY - rect.top) / rect.height;
      box[2] = box[2] / factor;
      box[3] = box[3] / factor;
      clamp();
      box[0] = p[0] - fx * box[2];
      box[1] = p[1] - fy * box[3];
      clamp();
      apply();
    }

    function reset() {
      box = home.slice();
      apply();
    }

    // The buttons.
    var tools = document.createElement("div");
    tools.className = "plan-tools";
    [["+", "Zoom in", function () { zoom(1.5); }],
     ["−", "Zoom out", function () { zoom(1 / 1.5); }],
     ["⟲", "Show the whole hall", reset]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[0];
      button.setAttribute("aria-label", spec[1]);
      button.title = spec[1];
      button.addEventListener("click", spec[2]);
      tools.appendChild(button);
    });
    frame.insertBefore(tools, frame.firstChild);

    // Wheel zoom.
    frame.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoom(event.deltaY < 0 ? 1.2 : 1 / 1.2, event.clientX, event.clientY);
    }, { passive: false });

    // Drag to pan, two fingers to pinch.
    var pointers = {}, moved = false, pinch = null;
    function count() { return Object.keys(pointers).length; }
    function distance() {
      var ids = Object.keys(pointers), a = pointers[ids[0]], b = pointers[ids[1]];
      return Math.hypot(a.x - b.x, a.y - b.y);
    }
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      moved = false;
      if (count() === 2) pinch = distance();
    });
    svg.addEventListener("pointermove", function (event) {
      var last = pointers[event.pointerId];
      if (!last) return;
      var dx = event.clientX - last.x, dy = event.clientY - last.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!moved) {
        moved = true;
        try { svg.setPointerCapture(event.pointerId); } catch (e) { /* not capturable */ }
        frame.classList.add("is-dragging");
      }
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      if (count() === 2 && pinch) {
        var now = distance();
        var ids = Object.keys(pointers), a = pointers[ids[0]], b = pointers[ids[1]];
        zoom(now / pinch, (a.x + b.x) / 2, (a.y + b.y) / 2);
        pinch = now;
        return;
      }
      var rect = svg.getBoundingClientRect();
      box[0] -= dx / rect.width * box[2];
      box[1] -= dy / rect.height * box[3];
      clamp();
      apply();
    });
    function release(event) {
      delete pointers[event.pointerId];
      if (count() < 2) pinch = null;
      if (!count()) frame.classList.remove("is-dragging");
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);
    // A drag is not a click on the stand it ends on.
    svg.addEventListener("click", function (event) {
      if (moved) {
        event.preventDefault();
        moved = false;
      }
    }, true);

    // The hover and focus card.
    var card = document.createElement("div");
    card.className = "plan-card";
    card.hidden = true;
    card.setAttribute("aria-hidden", "true");
    frame.appendChild(card);
    function show(event) {
      var link = event.target.closest && event.target.closest("a");
      if (!link || !svg.contains(link)) return;
      var label = link.getAttribute("aria-label");
      if (!label) return;
      card.textContent = label;
      card.hidden = false;
    }
    function hide() { card.hidden = true; }
    svg.addEventListener("pointerover", show);
    svg.addEventListener("focusin", show);
    svg.addEventListener("pointerleave", hide);
    svg.addEventListener("focusout", hide);

    frame.planZoom = { zoom: zoom, reset: reset, home: home, focusOn: function (element) {
      var bbox = element.getBBox();
      var w = Math.max(home[2] / 2.5, bbox.width * 6);
      box[2] = w;
      box[3] = w * home[3] / home[2];
      box[0] = bbox.x + bbox.width / 2 - box[2] / 2;
      box[1] = bbox.y + bbox.height / 2 - box[3] / 2;
      clamp();
      apply();
    } };
  }

  document.querySelectorAll("[data-plan]").forEach(enhance);

  // ?stand=<code>: bring the chosen stand into view.
  var plans = document.querySelector(".plans[data-selected]");
  if (plans) {
    var chosen = document.getElementById(plans.getAttribute("data-selected"));
    if (chosen) {
      var frame = chosen.closest("[data-plan]");
      if (frame && frame.planZoom) frame.planZoom.focusOn(chosen);
      if (!window.location.hash) {
        (frame || chosen).scrollIntoView({ block: "center" });
      }
    }
  }
})();
