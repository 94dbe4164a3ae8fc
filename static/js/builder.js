/* The rubric builder: keep a draft of the form a couple of seconds after each change (so nothing
   typed is lost, even if the tab closes), say when it was kept, and warn before leaving the page
   with changes that are not saved as a version. Without JavaScript the form works the same; the
   draft is then kept on every button. */
(function () {
  "use strict";
  var form = document.querySelector("[data-builder]");
  if (!form) { return; }
  var status = form.querySelector("[data-builder-status]");
  var dirty = false, timer = null, submitting = false;

  function keep() {
    timer = null;
    var body = new FormData(form);
    fetch(form.dataset.draftUrl, {method: "POST", body: body, credentials: "same-origin",
                                  headers: {"X-Requested-With": "fetch"}})
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
      .then(function (result) {
        var at = new Date(result.at + "Z");
        status.textContent = form.dataset.msgSaved.replace("{time}", at.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"}));
      })
      .catch(function () { status.textContent = form.dataset.msgFailed; });
  }

  form.addEventListener("input", function () {
    dirty = true;
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(keep, 1500);
  });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      if (timer) { clearTimeout(timer); keep(); }
      event.preventDefault();
      event.returnValue = form.dataset.msgLeave;
      return form.dataset.msgLeave;
    }
  });
}());
