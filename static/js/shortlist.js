/* Shortlist: the what-if weights and filters re-rank live, without a page load and without saving.
   Without JS the form's Apply button does the same through a normal GET. */
(function () {
  "use strict";

  function init() {
    var form = document.getElementById("shortlist-controls");
    var target = document.getElementById("ranked");
    if (!form || !target || !window.fetch) return;
    var timer = null, pending = null;

    function refresh() {
      var params = new URLSearchParams(new FormData(form));
      var query = params.toString();
      params.set("partial", "1");
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(form.dataset.partial + "?" + params.toString(), {signal: pending.signal, credentials: "same-origin"})
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("#ranked");
          if (fresh) target.replaceWith(fresh);
          target = fresh || target;
          history.replaceState(null, "", "?" + query);  // a reload or a shared link shows the same view
        })
        .catch(function (e) { if (e.name !== "AbortError") form.submit(); });
    }

    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    });
    form.addEventListener("change", function () {
      clearTimeout(timer);
      refresh();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
