// The header's language switcher sends itself as soon as a language is picked; without
// JavaScript its button does (templates/_language_switcher.html).
// Loaded async (base.html): it may run before or after the page is parsed.
(function () {
  "use strict";

  function start() {
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      var button = select.form.querySelector("button[type=submit]");
      if (button) {
        button.hidden = true;
      }
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
