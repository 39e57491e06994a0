// Servicekultur-Wissensbasis: small progressive enhancements. The site works without this file.
(function () {
  "use strict";
  // Highlight a checklist item or glossary term reached through a deep link.
  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (el && el.classList.contains("checklist-item")) {
      el.setAttribute("tabindex", "-1");
      el.focus({ preventScroll: true });
    }
  }
  window.addEventListener("hashchange", focusTarget);
  document.addEventListener("DOMContentLoaded", focusTarget);
})();
