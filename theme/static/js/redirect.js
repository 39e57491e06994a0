// Static redirect pages: go to the new address at once and keep the #fragment of the old one.
(function () {
  "use strict";
  var target = document.documentElement.getAttribute("data-redirect");
  if (!target) return;
  if (location.hash && target.indexOf("#") < 0) target += location.hash;
  location.replace(target);
})();
