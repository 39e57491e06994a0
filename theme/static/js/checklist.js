// Checklist page: deep-link highlight, item tools (link, „Link kopieren“, feedback on this item),
// self-check in localStorage (nothing is sent), weighted score, printing. The page is complete
// without this file: its one feedback form asks which item the feedback is about.
(function () {
  "use strict";
  var root = document.querySelector("[data-checklist]");
  if (!root) return;
  var key = "kb-checkliste:" + root.getAttribute("data-checklist");
  var items = [].slice.call(root.querySelectorAll(".checklist-item"));
  var boxes = items.map(function (li) { return li.querySelector("input[type=checkbox]"); });
  var panel = document.querySelector("[data-selfcheck]");
  var scoring = document.querySelector("[data-scoring]");
  var form = document.querySelector("form[data-feedback-form]");
  var choice = form && form.querySelector("select[name=item]");
  var home = form && { parent: form.parentNode, next: form.nextSibling };

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "{}").ticked || []; } catch (e) { return []; }
  }
  function save() {
    var ticked = items.filter(function (li, i) { return boxes[i].checked; }).map(function (li) { return li.id; });
    try {
      if (ticked.length) localStorage.setItem(key, JSON.stringify({ v: 1, ticked: ticked }));
      else localStorage.removeItem(key);
    } catch (e) { /* private mode: ticks last for this visit */ }
  }

  // The item of #id, or of an old id kept as an alias anchor inside it, is scrolled to and marked.
  function highlight() {
    items.forEach(function (li) { li.classList.remove("is-target"); });
    var el = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var li = el && el.closest(".checklist-item");
    if (!li) return;
    if (li !== el && history.replaceState) history.replaceState(null, "", "#" + li.id);
    li.classList.add("is-target");
    li.setAttribute("tabindex", "-1");
    li.scrollIntoView({ block: "center" });
    li.focus({ preventScroll: true });
  }

  function copy(text, status) {
    function done(ok) {
      status.textContent = ok ? "Link kopiert" : "Bitte kopieren: " + text;
      setTimeout(function () { status.textContent = ""; }, 4000);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    var area = document.createElement("textarea");  // http:// in a workshop LAN: no Clipboard API
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    done(ok);
  }

  // The page's one feedback form moves to the item it is about (and home for the whole page).
  function attach(li) {
    if (!form) return;
    if (li) li.appendChild(form);
    else home.parent.insertBefore(form, home.next);
    var fold = !li && form.closest("details");
    if (fold) fold.open = true; // back on the page while writing: keep it in view
    form.classList.toggle("is-attached", !!li);
    if (choice) choice.value = li ? li.id : "";
  }
  if (choice) {
    choice.addEventListener("change", function () {
      attach(choice.value ? document.getElementById(choice.value) : null);
      choice.focus();
    });
    form.addEventListener("reset", function () {  // after sending: the form stays with its item
      var li = form.closest(".checklist-item");
      setTimeout(function () { if (li) choice.value = li.id; });
    });
  }

  function button(label, name) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary " + name;
    b.textContent = label;
    return b;
  }
  items.forEach(function (li, n) {
    var tools = document.createElement("span");
    var anchor = document.createElement("a");
    var status = document.createElement("span");
    var link = button("Link kopieren", "copy-link");
    tools.className = "item-tools";
    anchor.className = "item-anchor";
    anchor.href = "#" + li.id;
    anchor.textContent = "#";
    anchor.setAttribute("aria-label", "Link zu Punkt " + (n + 1));
    status.className = "copy-status";
    status.setAttribute("role", "status");
    tools.appendChild(anchor);
    tools.appendChild(link);
    link.addEventListener("click", function () {
      copy(location.origin + location.pathname + "#" + li.id, status);
    });
    if (choice) {
      var talk = button("Rückmeldung", "item-fb-button");
      talk.setAttribute("aria-label", "Rückmeldung zu Punkt " + (n + 1));
      talk.addEventListener("click", function () {
        attach(li);
        form.querySelector("textarea").focus();
      });
      tools.appendChild(talk);
    }
    var label = li.querySelector("label");
    li.insertBefore(tools, label.nextSibling);
    li.insertBefore(status, tools.nextSibling);
  });

  // Progress „7 von 12“ and, with scoring, the result: the share of the weighted points.
  function number(value) { return (Math.round(value * 10) / 10).toLocaleString("de-DE"); }
  function update() {
    var done = 0, reached = 0, total = 0, text = "";
    items.forEach(function (li, i) {
      var weight = parseFloat(li.getAttribute("data-weight") || "1");
      total += weight;
      li.classList.toggle("is-done", boxes[i].checked);
      if (boxes[i].checked) { done += 1; reached += weight; }
    });
    if (panel) {
      panel.querySelector("progress").value = done;
      panel.querySelector("[data-progress-text]").textContent = done + " von " + items.length;
    }
    if (!scoring) return;
    var percent = total > 0 ? Math.floor(reached / total * 100 + 1e-9) : 0;
    scoring.querySelectorAll("[data-low]").forEach(function (band) {
      var on = percent >= +band.getAttribute("data-low") && percent <= +band.getAttribute("data-high");
      band.classList.toggle("is-current", on);
      if (on) text = band.textContent.replace(/^[^:]*:\s*/, "");
    });
    var points = total === items.length ? " Punkten). " : " Gewichtspunkten). ";
    scoring.querySelector("[data-score-result]").textContent = "Ihr Ergebnis: " + percent + " % (" +
      number(reached) + " von " + number(total) + points + text;
  }

  var ticked = load();
  boxes.forEach(function (box, i) {
    box.checked = ticked.indexOf(items[i].id) !== -1;
    box.addEventListener("change", function () { save(); update(); });
  });
  if (panel) {
    panel.hidden = false;
    panel.querySelector("[data-reset]").addEventListener("click", function () {
      if (!boxes.some(function (box) { return box.checked; })) return;
      if (!window.confirm("Alle Häkchen dieser Checkliste löschen?")) return;
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
    handout.addEventListener("click", function () {
      document.documentElement.classList.remove("print-answers");
      window.print();
    });
  }
  update();
  window.addEventListener("hashchange", highlight);
  highlight();
})();
