// Servicekultur-Wissensbasis: small progressive enhancements. The site works without this file.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 75rem)"); // TOC beside the text
  var desktop = window.matchMedia("(min-width: 48rem)"); // search filters beside the hits

  // Highlight a checklist item or glossary term reached through a deep link; open the
  // disclosure (table of contents, feedback form) that holds the target.
  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (!el) return;
    for (var box = el.parentElement; box; box = box.parentElement) {
      if (box.tagName === "DETAILS" && !box.open) box.open = true;
    }
    if (el.classList.contains("checklist-item")) {
      el.setAttribute("tabindex", "-1");
      el.focus({ preventScroll: true });
    }
  }

  // Small screens: the header's search and menu open as panels below it.
  function setupToggles(header) {
    var toggles = header.querySelectorAll("[data-toggle]");
    toggles.forEach(function (toggle) {
      var panel = document.getElementById(toggle.getAttribute("data-toggle"));
      if (!panel) return;
      var label = toggle.getAttribute("aria-label");
      toggle.setAttribute("role", "button");
      toggle.setAttribute("aria-controls", panel.id);
      toggle.setAttribute("aria-expanded", "false");
      function set(open) {
        panel.classList.toggle("is-open", open);
        toggle.setAttribute("aria-expanded", String(open));
        toggle.setAttribute("aria-label", open ? label.replace("öffnen", "schließen") : label);
      }
      function flip(event) {
        event.preventDefault();
        var open = !panel.classList.contains("is-open");
        toggles.forEach(function (other) { if (other !== toggle && other.getAttribute("aria-expanded") === "true") other.click(); });
        set(open);
        var field = open && panel.querySelector("input[type=search]");
        if (field) field.focus();
      }
      toggle.addEventListener("click", flip);
      toggle.addEventListener("keydown", function (event) { if (event.key === " ") flip(event); });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && panel.classList.contains("is-open")) { set(false); toggle.focus(); }
      });
    });
  }

  // The table of contents stays open beside the text; the entry of the section in view is marked.
  function setupToc(toc) {
    var details = toc.querySelector("details");
    var links = Array.prototype.slice.call(toc.querySelectorAll("ol a"));
    function layout() { if (wide.matches) details.open = true; }
    layout();
    wide.addEventListener("change", layout);
    details.addEventListener("toggle", function () { if (wide.matches && !details.open) details.open = true; });
    links.forEach(function (link) {
      link.addEventListener("click", function () { if (!wide.matches) details.open = false; });
    });
    if (!("IntersectionObserver" in window)) return;
    var current = null;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        var link = links.filter(function (a) { return a.hash.slice(1) === entry.target.id; })[0];
        if (!link || link === current) return;
        if (current) current.removeAttribute("aria-current");
        link.setAttribute("aria-current", "true");
        current = link;
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    links.forEach(function (link) {
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (target) observer.observe(target);
    });
  }

  // Instant search (search.js) is loaded when the reader first turns to the search box.
  function lazySearch(form) {
    var box = form.querySelector("input[name=q]");
    var events = ["focus", "pointerenter"];
    function load() {
      events.forEach(function (name) { box.removeEventListener(name, load); });
      var script = document.createElement("script");
      script.src = form.getAttribute("data-script");
      document.head.appendChild(script);
    }
    if (box && form.getAttribute("data-script")) events.forEach(function (name) { box.addEventListener(name, load); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-search][data-script]").forEach(lazySearch);
    var header = document.querySelector("[data-header]");
    if (header) setupToggles(header);
    var toc = document.querySelector("[data-toc]");
    if (toc) setupToc(toc);
    var filter = document.querySelector("[data-search-filter]");
    if (filter && desktop.matches) filter.open = true;
    focusTarget();
  });
  window.addEventListener("hashchange", focusTarget);
})();
