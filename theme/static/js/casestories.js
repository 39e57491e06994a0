// Case-story overview: filter the cards by Branche, Phase and Kanal; the choice is kept in the URL
// (?branche=…&phase=…&kanal=…) so a filtered list can be shared. Without JS the facet pages serve.
(function () {
  "use strict";
  var form = document.querySelector("[data-story-filter]");
  if (!form) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".cards .card[data-phase]"));
  var count = form.querySelector("[data-filter-count]");
  var fields = ["branche", "phase", "kanal"];
  var params = new URLSearchParams(location.search);

  function apply() {
    var want = {};
    fields.forEach(function (name) { want[name] = form.elements[name].value; });
    var shown = 0;
    cards.forEach(function (card) {
      var ok = (!want.branche || card.getAttribute("data-branche") === want.branche) &&
        (!want.phase || card.getAttribute("data-phase") === want.phase) &&
        (!want.kanal || card.getAttribute("data-kanal").split("|").indexOf(want.kanal) !== -1);
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown + " von " + cards.length + " Fallgeschichten";
    var query = new URLSearchParams();
    fields.forEach(function (name) { if (want[name]) query.set(name, want[name]); });
    var search = query.toString();
    if (history.replaceState) history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  fields.forEach(function (name) {
    var select = form.elements[name];
    var value = params.get(name);
    if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
    }
  });
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
