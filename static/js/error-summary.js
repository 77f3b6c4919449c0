// Error summary (templates/_error_summary.html, GOV.UK's pattern). Without JavaScript the
// summary takes focus through `autofocus`; here it also takes it where autofocus is not
// honoured, and its links move focus to the field itself with its label in view.
const summary = document.querySelector("[data-error-summary]");
if (summary) {
  if (document.activeElement !== summary) {
    summary.focus();
  }
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const input = link && document.getElementById(link.hash.slice(1));
    if (!input) {
      return;
    }
    event.preventDefault();
    const group = input.closest("fieldset");
    const label = document.querySelector(`label[for="${input.id}"]`);
    const legend = group && input.type === "checkbox" ? group.querySelector("legend") : null;
    (legend || label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
}
