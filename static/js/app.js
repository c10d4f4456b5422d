// Row status on the checklist: "saving…" while a save is under way, and a plain message when
// it fails for a reason the server could not explain (network down, session ended, 5xx).
// What the person typed stays in the form in every case.
(function () {
  "use strict";

  function statusOf(form) {
    return form && form.id && form.id.startsWith("form-")
      ? document.getElementById("status-" + form.id.slice(5))
      : null;
  }

  function show(form, text, kind) {
    var status = statusOf(form);
    if (status) {
      status.textContent = text;
      status.className = "row-status small " + kind;
    }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.requestConfig.verb === "post") {
      show(event.target.closest("form"), "Saving…", "text-body-secondary");
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest("form.response-form");
    if (form && event.detail.xhr && event.detail.xhr.status === 200) {
      // The row's coloured edge follows the saved finding (the label says it in words).
      var row = form.closest(".item-row");
      row.className = row.className.replace(/finding-\S+/, "finding-" + form.elements.finding.value);
    }
    var xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1) {
      show(event.target.closest("form"),
        "Not saved: your session has ended. Log in again in another tab, then save.",
        "text-danger fw-semibold");
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    show(event.target.closest("form"),
      "Not saved: the server failed (" + event.detail.xhr.status + "). Try again.",
      "text-danger fw-semibold");
  });
  document.addEventListener("htmx:sendError", function (event) {
    show(event.target.closest("form"),
      "Not saved: the server cannot be reached. Your text is still here; save again later.",
      "text-danger fw-semibold");
  });
})();
