// PAL pages: print buttons, and the enrollment form's transportation and summer fields.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var form = document.querySelector(".pal-enrollment-form");
  if (!form) { return; }
  var transport = form.querySelector("#id_needs_transportation");
  var campus = form.querySelector("#div_id_campus");
  var consent = form.querySelector("#div_id_consent_transportation");

  // Show the campus and its consent only when transportation is asked for. Without
  // JavaScript every field stays visible and the server checks the same rules.
  function syncTransport() {
    if (!transport) { return; }
    [campus, consent].forEach(function (block) {
      if (block) { block.hidden = !transport.checked; }
    });
  }
  if (transport) {
    transport.addEventListener("change", syncTransport);
    syncTransport();
  }

  // Summer classes belong to summer terms, transportation to the school year: show the
  // part that fits the chosen term (both stay visible until a term is chosen).
  var term = form.querySelector("#id_term");
  var summerTerms = (form.dataset.summerTerms || "").split(" ").filter(Boolean);
  function syncTerm() {
    if (!term) { return; }
    var chosen = term.value;
    var isSummer = summerTerms.indexOf(chosen) !== -1;
    form.querySelectorAll(".pal-summer-only").forEach(function (block) {
      block.hidden = Boolean(chosen) && !isSummer;
    });
    form.querySelectorAll(".pal-school-year-only").forEach(function (block) {
      block.hidden = Boolean(chosen) && isSummer;
    });
  }
  if (term) {
    term.addEventListener("change", syncTerm);
    syncTerm();
  }
})();
