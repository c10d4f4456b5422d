// What an htmx action says when it is refused or fails. A checklist row shows "Saving…" while
// its save is under way; when the answer is not a success, the row (or, for other forms, a
// line after the form) says why in words: the server's own reason when it gave one (403, 413
// and the refusals it explains with a fragment), else what the status means. A refusal never
// replaces the form, so what was typed stays in it.
// Loaded async (base.html): it may run before the page is parsed, so it starts once it is.
(function (start) {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})(function () {
  "use strict";

  // The words, in the page's language (base.html writes them, translated, into #app-strings).
  var WORDS = document.getElementById("app-strings").dataset;
  var SAVING = WORDS.saving;
  var FALLBACK = {
    0: WORDS.unreachable,
    403: WORDS.forbidden,
    413: WORDS.tooLarge,
  };

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

  // A whole page (Django's 403 or 500 page, a proxy's 413) is never swapped into a row.
  function isPage(xhr) {
    return /^\s*<!doctype|<html[\s>]/i.test(xhr.responseText || "");
  }

  // The reason the server wrote into its refusal page (templates/403.html, 400.html).
  function reasonIn(xhr) {
    if (!xhr || !xhr.responseText) {
      return "";
    }
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var reason = page.querySelector("[data-refusal]");
    return reason ? reason.textContent.trim() : "";
  }

  function messageFor(xhr) {
    var status = xhr ? xhr.status : 0;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1) {
      return WORDS.sessionEnded;
    }
    var reason = reasonIn(xhr);
    if (reason) {
      return WORDS.refused.replace("{reason}", reason);
    }
    if (FALLBACK[status]) {
      return FALLBACK[status];
    }
    return WORDS.failed.replace("{status}", status);
  }

  // Says why next to a form that has no row status (sources, comments, a review).
  function alertAfter(element, text) {
    var next = element.nextElementSibling;
    if (!next || !next.classList.contains("htmx-refusal")) {
      next = document.createElement("p");
      next.className = "htmx-refusal small text-danger fw-semibold mb-1";
      next.setAttribute("role", "alert");
      element.after(next);
    }
    next.textContent = text;
  }

  function failed(xhr, detail) {
    var status = xhr ? xhr.status : 0;
    var refusedLogin = xhr && xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1;
    return detail.failed || status === 0 || status >= 400 || refusedLogin;
  }

  function explain(event) {
    var xhr = event.detail.xhr;
    if (!failed(xhr, event.detail)) {
      return;
    }
    var source = event.target.closest("form") || event.target;
    var status = statusOf(source);
    if (status) {
      // A refusal the server explained out of band (400, 409, 413) has already said why.
      if (status.textContent === SAVING || status.textContent === "" || isPage(xhr || {})) {
        show(source, messageFor(xhr), "text-danger fw-semibold");
      }
    } else if (!xhr || xhr.status === 0 || isPage(xhr) || xhr.status >= 500) {
      alertAfter(source, messageFor(xhr));
    }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.requestConfig.verb === "post") {
      show(event.target.closest("form"), SAVING, "text-body-secondary");
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status >= 400 && isPage(xhr)) {
      event.detail.shouldSwap = false;
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest("form.response-form");
    if (form && event.detail.xhr && event.detail.xhr.status === 200) {
      // The row's coloured edge follows the saved finding (the label says it in words).
      var row = form.closest(".item-row");
      row.className = row.className.replace(/finding-\S+/, "finding-" + form.elements.finding.value);
    }
    explain(event);
  });
  document.addEventListener("htmx:responseError", explain);
  document.addEventListener("htmx:sendError", explain);
});
