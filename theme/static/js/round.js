// Live rounds: a participant's ticks are saved at once (the form works without this file), and
// the projector asks every second for the count per item (without this file it reloads itself).
(function () {
  "use strict";
  var form = document.querySelector("[data-round-vote]");
  if (form && window.fetch && window.URLSearchParams) {
    var status = form.querySelector("[data-round-status]");
    var busy = false, again = false;
    var say = function (text, ok) {
      if (!status) return;
      status.textContent = text;
      status.className = "round-status" + (ok ? " is-ok" : " is-error");
    };
    var send = function () {
      if (busy) { again = true; return; }
      busy = true;
      again = false;
      say("Wird gespeichert …", true);
      fetch(form.getAttribute("data-round-vote"), {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json" },
        body: new URLSearchParams(new FormData(form)).toString(),
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) throw new Error(body.error || "Nicht gespeichert. Bitte noch einmal versuchen.");
          say("Gespeichert ✓", true);
        });
      }).catch(function (error) {
        say(error.message || "Keine Verbindung. Bitte noch einmal versuchen.", false);
      }).then(function () {
        busy = false;
        if (again) send();
      });
    };
    form.addEventListener("change", function (event) {
      if (event.target.name === "punkt") send();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send();
    });
  }

  var board = document.querySelector("[data-round-projector]");
  if (!board || !window.fetch) return;
  var list = board.querySelector("[data-round-items]");
  var teams = board.querySelector("[data-round-teams]");
  var note = board.querySelector("[data-round-status]");
  var version = board.getAttribute("data-version");
  var every = +board.getAttribute("data-poll") || 1000;

  function row(entry) {
    var li = document.createElement("li");
    var text = document.createElement("span");
    var bar = document.createElement("span");
    var fill = document.createElement("span");
    var label = document.createElement("span");
    text.className = "projector-text";
    text.textContent = entry.text;
    bar.className = "projector-bar";
    bar.setAttribute("aria-hidden", "true");
    fill.style.width = entry.percent + "%";
    bar.appendChild(fill);
    label.className = "projector-label";
    label.textContent = entry.label;
    li.appendChild(text);
    li.appendChild(bar);
    li.appendChild(label);
    return li;
  }
  function show(data) {
    version = String(data.version);
    board.setAttribute("data-version", version);
    teams.textContent = data.teams_label + (data.open ? "" : " Die Runde ist beendet.");
    var fresh = document.createDocumentFragment();
    data.items.forEach(function (entry) { fresh.appendChild(row(entry)); });
    list.textContent = "";
    list.appendChild(fresh);
  }
  function poll() {
    fetch(board.getAttribute("data-round-projector") + "?v=" + encodeURIComponent(version), {
      headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store"
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (data) {
      note.textContent = "";
      if (!data.unchanged) show(data);
    }).catch(function () {
      note.textContent = "Verbindung zum Server unterbrochen – der Stand wird gleich wieder aktuell.";
    }).then(function () { setTimeout(poll, every); });
  }
  setTimeout(poll, every);
})();
