// Workshop mode: one slide per screen; ←/→, space, PageUp/PageDown, Home/End, F for full screen.
// The slide is kept in the URL (#folie-3), so a reload or a shared link opens the same slide.
(function () {
  "use strict";
  var main = document.querySelector("[data-workshop]");
  if (!main) return;
  var slides = Array.prototype.slice.call(main.querySelectorAll(".slide"));
  var controls = document.querySelector(".workshop-controls");
  var counter = controls.querySelector("[data-counter]");
  var total = +main.getAttribute("data-total");
  var current = 0;

  function label(i) {
    if (i === 0) return "Start";
    if (i === slides.length - 1) return "Zum Weiterdenken";
    return "Punkt " + i + " von " + total;
  }
  function show(i, focus) {
    current = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach(function (slide, n) { slide.classList.toggle("is-current", n === current); });
    counter.textContent = label(current);
    controls.querySelector("[data-prev]").disabled = current === 0;
    controls.querySelector("[data-next]").disabled = current === slides.length - 1;
    if (history.replaceState) history.replaceState(null, "", "#" + slides[current].id);
    if (focus) {
      slides[current].setAttribute("tabindex", "-1");
      slides[current].focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }

  document.documentElement.classList.add("js-slides");
  main.classList.add("js-slides");
  controls.hidden = false;
  controls.querySelector("[data-prev]").addEventListener("click", function () { show(current - 1); });
  controls.querySelector("[data-next]").addEventListener("click", function () { show(current + 1); });
  var fullscreen = controls.querySelector("[data-fullscreen]");
  if (!document.documentElement.requestFullscreen) fullscreen.hidden = true;
  fullscreen.addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(function () {});
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    var key = event.key;
    var onButton = tag === "button" || tag === "a";
    if (key === "ArrowRight" || key === "PageDown" || (key === " " && !event.shiftKey && !onButton)) {
      show(current + 1, true);
    } else if (key === "ArrowLeft" || key === "PageUp" || (key === " " && event.shiftKey && !onButton)) {
      show(current - 1, true);
    } else if (key === "Home") {
      show(0, true);
    } else if (key === "End") {
      show(slides.length - 1, true);
    } else if ((key === "f" || key === "F") && !fullscreen.hidden) {
      fullscreen.click();
    } else {
      return;
    }
    event.preventDefault();
  });

  var start = slides.findIndex(function (slide) { return "#" + slide.id === location.hash; });
  show(start > 0 ? start : 0);
})();
