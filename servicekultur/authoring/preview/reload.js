// Live preview only (injected by `invoke livereload`, never part of the built site):
// asks the preview server whether this page changed and reloads it, keeping the scroll position.
(function () {
  "use strict";
  var path = location.pathname;
  var key = "kb-preview-scroll:" + path;
  var version = -1;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, Number(saved)); });
  }
  function poll() {
    fetch("/__preview/state?since=" + version + "&path=" + encodeURIComponent(path),
          { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.reload) {
          sessionStorage.setItem(key, String(window.scrollY));
          location.reload();
          return;
        }
        version = state.version;
        setTimeout(poll, 200);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
