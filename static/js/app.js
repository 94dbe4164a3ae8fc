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

    // (3) Copy buttons: <button data-copy="ID" data-copy-status="STATUS-ID" data-msg-copied="…"
    //     data-msg-selected="…" hidden> copies the value of the read-only field #ID. The buttons are
    //     hidden until this runs, so a page without JavaScript offers only what works (select, copy).
    //     Without the Clipboard API (or when it refuses) the text is selected instead and the
    //     browser's own copy is tried; the live region says which happened.
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!field) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        copyField(field, status, button);
      });
    });

    // (4) Print buttons: <button data-print hidden> prints the page (a run sheet); hidden until this
    //     runs, as the browser's own Print command is what works without JavaScript.
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });

    // (5) A form that comes back with errors: move focus to its summary, so keyboard and screen
    //     reader users start from the list of what to fix; its links then focus each field.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      summary.addEventListener("click", function (e) {
        var link = e.target && e.target.closest ? e.target.closest("a[href^='#']") : null;
        var target = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
        if (!target) return;
        var control = target.matches("input, select, textarea, button")
          ? target : target.querySelector("input, select, textarea, button");
        if (control) {
          e.preventDefault();
          control.focus();
          if (control.scrollIntoView) control.scrollIntoView({ block: "center" });
        }
      });
    }
  }

  function announce(status, text) {
    if (!status) return;
    // Emptied first, so saying "Copied" twice in a row is still announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function copyField(field, status, button) {
    var text = field.value;
    var copied = button.getAttribute("data-msg-copied") || "Copied";
    function selectInstead() {
      field.focus();
      field.select();
      field.setSelectionRange(0, text.length);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      announce(status, ok ? copied : (button.getAttribute("data-msg-selected") || ""));
    }
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { announce(status, copied); }, selectInstead);
    } else {
      selectInstead();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
