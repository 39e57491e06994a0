// Feedback: send the form inline (no reload) and show items published after the last build.
// Without this file the forms still work (plain POST, confirmation page).
(function () {
  "use strict";
  var section = document.getElementById("feedback");
  if (!section || !window.fetch) return;

  function text(el, value) { el.textContent = value; return el; }

  function formData(form) {
    var data = {};
    new FormData(form).forEach(function (value, key) { data[key] = value; });
    data.consent = form.querySelector("input[name=consent]").checked;
    return data;
  }

  function send(event) {
    var form = event.target;
    if (!form.matches("form[data-feedback-form]")) return;
    event.preventDefault();
    var result = form.querySelector(".fb-result");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    text(result, "Wird gesendet …");
    result.className = "fb-result";
    fetch(form.getAttribute("action").replace("/feedback/senden", "/api/feedback"), {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(formData(form)),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) throw new Error(body.error || "Die Rückmeldung konnte nicht gesendet werden.");
        return body;
      });
    }).then(function (body) {
      form.reset();
      // Each form token counts once; the answer brings the token for the next submission.
      var token = form.querySelector("input[name=form_token]");
      if (token && body.form_token) token.value = body.form_token;
      result.className = "fb-result fb-ok";
      text(result, body.message + " ");
      var link = document.createElement("a");
      link.href = body.status_url;
      text(link, "Ihr persönlicher Link zu Stand und Löschung");
      result.appendChild(link);
    }).catch(function (error) {
      result.className = "fb-result fb-error";
      text(result, error.message);
    }).then(function () { button.disabled = false; });
  }

  function render(item) {
    var li = document.createElement("li");
    li.className = "fb-item fb-type-" + item.type + " fb-fresh";
    li.id = "feedback-" + item.id;
    li.setAttribute("data-feedback-id", String(item.id));
    var meta = document.createElement("p");
    meta.className = "fb-meta";
    var badge = text(document.createElement("span"), item.type_label);
    badge.className = "fb-badge";
    meta.appendChild(badge);
    meta.appendChild(document.createTextNode(" " + (item.name || "Anonym") + " · neu seit dem letzten Stand der Seite"));
    li.appendChild(meta);
    var body = document.createElement("div");
    body.className = "fb-text";
    body.innerHTML = item.html; // sanitised by the service (nh3 allow-list)
    li.appendChild(body);
    if (item.answer_html) {
      var answer = document.createElement("div");
      answer.className = "fb-answer";
      answer.appendChild(text(document.createElement("p"), "Antwort der Redaktion (" + item.answer_author + ")")).className = "fb-answer-label";
      var answerBody = document.createElement("div");
      answerBody.innerHTML = item.answer_html; // sanitised by the service
      answer.appendChild(answerBody);
      li.appendChild(answer);
    }
    return li;
  }

  function fresh() {
    var page = section.getAttribute("data-page");
    var built = section.getAttribute("data-built");
    if (!page) return;
    var url = "/api/feedback?page=" + encodeURIComponent(page) + (built ? "&since=" + encodeURIComponent(built) : "");
    fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      return r.ok ? r.json() : { items: [] };
    }).then(function (data) {
      (data.items || []).forEach(function (item) {
        var shown = document.getElementById("feedback-" + Number(item.id));
        if (shown) { // already in the page: only an answer may be new
          if (item.answer_html && !shown.querySelector(".fb-answer")) {
            shown.parentNode.replaceChild(render(item), shown);
          }
          return;
        }
        var list = document.getElementById(item.item ? "feedback-liste-" + item.item : "feedback-liste");
        var owner = !list && item.item && document.querySelector("[data-item=\"" + CSS.escape(item.item) + "\"]");
        if (owner) { // a checklist item without published feedback yet: its list is made here
          list = document.createElement("ol");
          list.className = "fb-list";
          list.id = "feedback-liste-" + item.item;
          owner.appendChild(list);
        }
        if (list) list.appendChild(render(item));
      });
    }).catch(function () { /* the static page is complete without it */ });
  }

  document.addEventListener("submit", send);
  fresh();
})();
