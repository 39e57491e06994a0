// Instant search in the header box (progressive enhancement; without it the form GETs /suche).
// ARIA combobox + listbox: arrows move, Enter opens the hit (or /suche), Escape closes.
(function () {
  "use strict";
  var LABELS = { artikel: "Artikel", fallgeschichten: "Fallgeschichte", checklisten: "Checkliste",
    checkpunkt: "Checkpunkt", glossar: "Glossar", seiten: "Seite" };

  function esc(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function setup(form) {
    var input = form.querySelector("input[name=q]");
    if (!input || !window.fetch) return;
    var list = document.createElement("ul"), status = document.createElement("div");
    var timer, controller, active = -1, options = [];
    list.id = "suche-vorschlaege";
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Sofort-Treffer");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.append(list, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function open(yes) {
      list.hidden = !yes;
      input.setAttribute("aria-expanded", String(yes));
      if (!yes) highlight(-1);
    }
    function highlight(index) {
      active = index;
      options.forEach(function (li, i) { li.setAttribute("aria-selected", String(i === index)); });
      if (index < 0) return input.removeAttribute("aria-activedescendant");
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
    function option(id, href, html) {
      var li = document.createElement("li");
      li.id = id;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.href = href;
      li.innerHTML = html;
      li.addEventListener("mousedown", function (e) { e.preventDefault(); location.href = href; });
      return li;
    }
    function render(data, query) {
      // Snippets come HTML-escaped from the service, with <mark> around the matches.
      options = data.results.map(function (hit, i) {
        return option("suche-opt-" + i, hit.url, '<span class="suggestion-title">' +
          esc(hit.title) + '</span> <span class="suggestion-type">' +
          esc(LABELS[hit.type] || hit.type) + "</span>" +
          (hit.snippet ? '<span class="suggestion-snippet">' + hit.snippet + "</span>" : ""));
      });
      var label = data.total ? "Alle " + data.total + " Treffer anzeigen" : "Keine Sofort-Treffer – zur Suche";
      if (data.suggestion) label += " (Meinten Sie „" + data.suggestion + "“?)";
      if (data.hint) label = data.hint;
      options.push(option("suche-opt-alle", "/suche?q=" + encodeURIComponent(query),
        '<span class="suggestion-all">' + esc(label) + "</span>"));
      list.replaceChildren.apply(list, options);
      open(true);
      status.textContent = data.hint || data.total + " Treffer";
    }
    function search() {
      var query = input.value.trim();
      if (query.length < 2) return open(false);
      if (controller) controller.abort();
      controller = new AbortController();
      fetch("/api/search?limit=6&q=" + encodeURIComponent(query), { signal: controller.signal })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) open(false); else if (input.value.trim() === query) render(data, query);
        })
        .catch(function () { /* aborted or offline: the form still works */ });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 180); });
    input.addEventListener("keydown", function (e) {
      if ((e.key === "ArrowDown" || e.key === "ArrowUp") && options.length) {
        e.preventDefault();
        if (list.hidden) open(true);
        var next = active + (e.key === "ArrowDown" ? 1 : -1);
        highlight(next >= options.length ? -1 : next < -1 ? options.length - 1 : next);
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); open(false); } else input.value = "";
      } else if (e.key === "Enter" && !list.hidden && active >= 0) {
        e.preventDefault(); // otherwise the form submits: /suche?q=…
        location.href = options[active].dataset.href;
      }
    });
    input.addEventListener("blur", function () { setTimeout(function () { open(false); }, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-search]").forEach(setup);
  });
})();
