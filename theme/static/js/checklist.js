// Checklist pages: deep-link highlight, „Link kopieren“, self-check kept in localStorage, scoring,
// printing. Progressive enhancement: the page is complete without this file. No data leaves the browser.
(function () {
  "use strict";
  var root = document.querySelector("[data-checklist]");
  if (!root) return;
  var slug = root.getAttribute("data-checklist");
  var storeKey = "kb-checkliste:" + slug;
  var items = Array.prototype.slice.call(root.querySelectorAll(".checklist-item"));
  var boxes = items.map(function (li) { return li.querySelector("input[type=checkbox]"); });

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "{}").ticked || []; }
    catch (e) { return []; }
  }
  function save() {
    var ticked = items.filter(function (li, i) { return boxes[i].checked; })
      .map(function (li) { return li.id; });
    try {
      if (ticked.length) localStorage.setItem(storeKey, JSON.stringify({ v: 1, ticked: ticked }));
      else localStorage.removeItem(storeKey);
    } catch (e) { /* private mode: ticking still works for this visit */ }
  }

  // Deep links: the item (or an old id kept as alias inside it) is scrolled to and highlighted.
  function highlight() {
    var id = decodeURIComponent(location.hash.slice(1));
    items.forEach(function (li) { li.classList.remove("is-target"); });
    if (!id) return;
    var el = document.getElementById(id);
    var li = el && (el.classList.contains("checklist-item") ? el : el.closest(".checklist-item"));
    if (!li) return;
    if (li !== el && history.replaceState) history.replaceState(null, "", "#" + li.id);
    li.classList.add("is-target");
    li.setAttribute("tabindex", "-1");
    li.scrollIntoView({ block: "center" });
    li.focus({ preventScroll: true });
  }

  function copyText(text, status) {
    function done(ok) {
      status.textContent = ok ? "Link kopiert" : "Kopieren nicht möglich – Link: " + text;
      setTimeout(function () { status.textContent = ""; }, 4000);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    done(ok);
  }

  items.forEach(function (li) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary copy-link";
    button.textContent = "Link kopieren";
    button.setAttribute("data-copy", li.id);
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    var anchor = li.querySelector(".item-anchor");
    var tools = document.createElement("span");
    tools.className = "item-tools";
    li.insertBefore(tools, anchor || li.querySelector("label").nextSibling);
    if (anchor) tools.appendChild(anchor);
    tools.appendChild(button);
    li.insertBefore(status, tools.nextSibling);
    button.addEventListener("click", function () {
      copyText(location.origin + location.pathname + "#" + li.id, status);
    });
  });

  // Self-check: progress „7 von 12“ and, with scoring, the weighted result and its band.
  var panel = document.querySelector("[data-selfcheck]");
  var progress = panel && panel.querySelector("progress");
  var progressText = panel && panel.querySelector("[data-progress-text]");
  var scoring = document.querySelector("[data-scoring]");
  function update() {
    var done = 0, reached = 0, total = 0;
    items.forEach(function (li, i) {
      var weight = parseFloat(li.getAttribute("data-weight") || "1");
      total += weight;
      li.classList.toggle("is-done", boxes[i].checked);
      if (boxes[i].checked) { done += 1; reached += weight; }
    });
    if (progress) { progress.value = done; }
    if (progressText) progressText.textContent = done + " von " + items.length;
    if (!scoring) return;
    var percent = total > 0 ? Math.floor(reached / total * 100 + 1e-9) : 0;
    var text = "";
    scoring.querySelectorAll("[data-low]").forEach(function (band) {
      var on = percent >= +band.getAttribute("data-low") && percent <= +band.getAttribute("data-high");
      band.classList.toggle("is-current", on);
      if (on) text = band.textContent.replace(/^[^:]*:\s*/, "");
    });
    scoring.querySelector("[data-score-result]").textContent =
      "Ihr Ergebnis: " + percent + " % (" + done + " von " + items.length + " Punkten). " + text;
  }

  var ticked = load();
  boxes.forEach(function (box, i) {
    box.checked = ticked.indexOf(items[i].id) !== -1;
    box.addEventListener("change", function () { save(); update(); });
  });
  if (panel) {
    panel.hidden = false;
    panel.querySelector("[data-reset]").addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      save();
      update();
    });
    panel.querySelector("[data-print-answers]").addEventListener("click", function () {
      document.documentElement.classList.add("print-answers");
      window.print();
    });
  }
  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("print-answers");
  });
  var handout = document.querySelector("[data-print-handout]");
  if (handout) {
    handout.hidden = false;
    handout.addEventListener("click", function () { window.print(); });
  }
  update();
  window.addEventListener("hashchange", highlight);
  highlight();
})();
