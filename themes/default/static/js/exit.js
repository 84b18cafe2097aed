/* placard quick exit. Our own code; no dependencies; no network requests.
   Without this script the exit controls are plain links to config.quick_exit_url.
   With it: a click on any [data-exit] link, or Shift pressed on its own 3 times
   within 5 seconds, hides the page at once and replaces this history entry, so Back
   does not return here. */
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  var WINDOW_MS = 5000;
  var PRESSES = 3;
  var presses = [];

  root.classList.add("js-enabled");

  function exitLink() {
    return doc.querySelector("a[data-exit]");
  }

  function leave(link) {
    var url = link.href;
    root.classList.add("is-exiting");
    doc.title = link.getAttribute("data-exit-title") || "Loading";
    try {
      window.location.replace(url);
    } catch (e) {
      window.location.href = url;
    }
  }

  doc.addEventListener("click", function (event) {
    var target = event.target;
    var link = target && target.closest ? target.closest("a[data-exit]") : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    leave(link);
  });

  /* Count Shift only when pressed on its own: Shift+Tab or a capital letter starts
     the count again. Key repeat is ignored. Works in text fields too. */
  var shiftAlone = false;

  doc.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      shiftAlone = false;
      presses = [];
      return;
    }
    if (!event.repeat) {
      shiftAlone = true;
    }
  }, true);

  doc.addEventListener("keyup", function (event) {
    if (event.key !== "Shift" || !shiftAlone) {
      return;
    }
    shiftAlone = false;
    var link = exitLink();
    if (!link) {
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (t) {
      return now - t < WINDOW_MS;
    });
    presses.push(now);
    if (presses.length >= PRESSES) {
      presses = [];
      leave(link);
    }
  }, true);

  /* The exit bar is sticky only with this script (placard.css): keep the focused
     element clear of it (WCAG 2.4.11). */
  doc.addEventListener("focusin", function (event) {
    var bar = doc.querySelector(".exit-bar");
    var el = event.target;
    if (!bar || !el || !el.getBoundingClientRect || bar.contains(el) ||
        window.getComputedStyle(bar).position !== "sticky") {
      return;
    }
    var gap = bar.getBoundingClientRect().bottom + 8 - el.getBoundingClientRect().top;
    if (gap > 0) {
      window.scrollBy({ top: -gap, left: 0, behavior: "instant" });
    }
  });

  /* If the browser restores this page from its back/forward cache, show it again. */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      root.classList.remove("is-exiting");
      presses = [];
    }
  });
})();
