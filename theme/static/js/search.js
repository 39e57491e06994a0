// Instant search in the header box (progressive enhancement: without it the form GETs /suche).
// ARIA combobox with a listbox popup: arrows move, Enter opens the hit or /suche, Escape closes.
(function () {
  "use strict";
  var LABELS = { artikel: "Artikel", fallgeschichten: "Fallgeschichte", checklisten: "Checkliste",
    checkpunkt: "Checkpunkt", glossar: "Glossar", seiten: "Seite" };
  var DELAY = 180;

  function setup(form) {
    var input = form.querySelector("input[name=q]");
    if (!input || !window.fetch) return;
    var list = document.createElement("ul");
    list.id = "suche-vorschlaege";
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Sofort-Treffer");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(list);
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var timer = null, controller = null, active = -1, options = [];

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function option(id, href, html) {
      var li = document.createElement("li");
      li.id = id;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.href = href;
      li.innerHTML = html;
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.href = href;
      });
      return li;
    }
    function escapeText(text) {
      var div = document.createElement("div");
      div.textContent = text;
      return div.innerHTML;
    }
    function render(data, query) {
      list.innerHTML = "";
      options = [];
      data.results.forEach(function (hit, i) {
        // Snippets come HTML-escaped from the service, with <mark> around the matches.
        options.push(option("suche-opt-" + i, hit.url,
          '<span class="suggestion-title">' + escapeText(hit.title) + "</span> " +
          '<span class="suggestion-type">' + escapeText(LABELS[hit.type] || hit.type) + "</span>" +
          (hit.snippet ? '<span class="suggestion-snippet">' + hit.snippet + "</span>" : "")));
      });
      var all = "/suche?q=" + encodeURIComponent(query);
      var label = data.total ? "Alle " + data.total + " Treffer anzeigen" : "Keine Sofort-Treffer – zur Suche";
      if (data.suggestion) label += " (Meinten Sie „" + data.suggestion + "“?)";
      options.push(option("suche-opt-alle", all, '<span class="suggestion-all">' + escapeText(label) + "</span>"));
      options.forEach(function (li) { list.appendChild(li); });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
      status.textContent = data.total === 1 ? "1 Treffer" : data.total + " Treffer";
    }
    function search() {
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch("/api/search?limit=6&q=" + encodeURIComponent(query),
            controller ? { signal: controller.signal } : {})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && input.value.trim() === query) render(data, query); else if (!data) close();
        })
        .catch(function () { /* aborted or offline: the form still works */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) { if (options.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } else return; }
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next >= options.length) next = -1;
        if (next < -1) next = options.length - 1;
        highlight(next);
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); } else { input.value = ""; }
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          window.location.href = options[active].dataset.href;
        }
        // otherwise the form submits: /suche?q=…
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-search]"), setup);
  });
})();
