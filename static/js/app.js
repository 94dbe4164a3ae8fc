/* hiring — progressive enhancement. No inline scripts; load with <script defer>. */
(function () {
  "use strict";

  // Lets CSS collapse the mobile nav only when JS is available to reopen it.
  document.documentElement.classList.add("js");

  function init() {
    // (1) Mobile navigation toggle.
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (toggle && nav) {
      toggle.setAttribute("aria-expanded", nav.classList.contains("open") ? "true" : "false");
      if (!toggle.hasAttribute("aria-controls")) toggle.setAttribute("aria-controls", "site-nav");
      toggle.addEventListener("click", function () {
        var open = nav.classList.toggle("open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
      document.addEventListener("keydown", function (e) {
        if ((e.key === "Escape" || e.key === "Esc") && nav.classList.contains("open")) {
          nav.classList.remove("open");
          toggle.setAttribute("aria-expanded", "false");
          toggle.focus();
        }
      });
    }

    // (2) Confirmation before destructive actions:
    //     <button type="submit" data-confirm="Delete this candidate?"> (also works on links),
    //     or <form data-confirm="..."> to confirm any submit of that form.
    document.addEventListener("click", function (e) {
      var el = e.target && e.target.closest ? e.target.closest("[data-confirm]") : null;
      if (!el || el.tagName === "FORM") return;
      if (!window.confirm(el.getAttribute("data-confirm") || "Are you sure?")) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    }, true);
    document.addEventListener("submit", function (e) {
      var form = e.target;
      if (!form || !form.hasAttribute || !form.hasAttribute("data-confirm")) return;
      if (!window.confirm(form.getAttribute("data-confirm") || "Are you sure?")) {
        e.preventDefault();
      }
    }, true);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
