// Trainer pages: the Workshop-Set builder (selection → shareable URL) and the set handout, which
// shows only the selection in ?auswahl=slug,slug:punkt-id (without JS: every checklist, printable).
(function () {
  "use strict";
  function parse(values) {
    var chosen = {};
    values.join(",").split(",").forEach(function (raw) {
      var entry = raw.trim();
      if (!/^[a-z0-9][a-z0-9-]*(:[a-z0-9][a-z0-9-]*)?$/.test(entry)) return;
      var parts = entry.split(":");
      if (!parts[1]) chosen[parts[0]] = "all";
      else if (chosen[parts[0]] !== "all") (chosen[parts[0]] = chosen[parts[0]] || []).push(parts[1]);
    });
    return chosen;
  }

  // A live round (/workshop/neu, served by the service) on the same selection.
  var roundLink = document.querySelector("[data-set-round]");
  function roundUrl(selection, title) {
    return roundLink.getAttribute("href").split("?")[0] + "?auswahl=" + encodeURIComponent(selection) +
      (title ? "&titel=" + encodeURIComponent(title) : "");
  }

  var form = document.querySelector("[data-set-builder]");
  if (form) {
    var share = form.querySelector("[data-set-share]");
    var link = form.querySelector("[data-set-link]");
    var status = form.querySelector("[data-copy-status]");
    var refresh = function () {
      var values = [];
      form.querySelectorAll("input[name=auswahl]:checked").forEach(function (box) {
        var slug = box.value.split(":")[0];
        var whole = form.querySelector("input[name=auswahl][value='" + slug + "']");
        if (box.value.indexOf(":") !== -1 && whole && whole.checked) return;
        values.push(box.value);
      });
      var title = form.querySelector("[name=titel]").value.trim();
      var url = new URL(form.getAttribute("action"), location.href);
      url.search = values.length ? "?auswahl=" + values.join(",") +
        (title ? "&titel=" + encodeURIComponent(title) : "") : "";
      link.value = values.length ? url.href : "";
      share.hidden = !values.length;
      if (roundLink) roundLink.href = roundUrl(values.join(","), title);
      return values;
    };
    form.addEventListener("change", refresh);
    form.addEventListener("input", refresh);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (refresh().length) location.href = link.value;
    });
    form.querySelector("[data-copy-set]").addEventListener("click", function () {
      link.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(link.value);
      status.textContent = ok || navigator.clipboard ? "Link kopiert" : "Bitte den Link markieren und kopieren";
    });
    refresh();
  }

  var parts = document.querySelectorAll("[data-set-checklist]");
  var params = new URLSearchParams(location.search);
  if (parts.length && params.getAll("auswahl").length) {
    var chosen = parse(params.getAll("auswahl"));
    var shown = 0;
    parts.forEach(function (part) {
      var pick = chosen[part.getAttribute("data-set-checklist")];
      part.hidden = !pick;
      if (pick) shown += 1;
      part.querySelectorAll("[data-set-item]").forEach(function (item) {
        var id = item.getAttribute("data-set-item").split(":")[1];
        item.hidden = !pick || (pick !== "all" && pick.indexOf(id) === -1);
      });
    });
    var title = (params.get("titel") || "").trim().slice(0, 80);
    if (roundLink) roundLink.href = roundUrl(params.getAll("auswahl").join(","), title);
    if (title) {
      document.querySelector("[data-set-title]").textContent = title;
      document.title = title + " – " + document.title.split(" – ").slice(1).join(" – ");
    }
    var summary = document.querySelector("[data-set-summary]");
    if (summary) {
      summary.textContent = shown ? "Ihr Workshop-Set aus " + shown + (shown === 1 ? " Checkliste." : " Checklisten.")
        : "Diese Auswahl enthält keine (mehr) vorhandenen Checklisten – bitte im Baukasten neu zusammenstellen.";
    }
  }
  var printButton = document.querySelector("[data-print-handout]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
})();
