// Request form: an offered date fills the date field in place (without JavaScript the same
// button asks the server to re-render the form with that date). Every offered date passes
// every rule, so the refusal notes no longer apply once one is picked.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-refill-date]");
  const dateInput = document.getElementById("id_date");
  if (!button || !dateInput) {
    return;
  }
  event.preventDefault();
  dateInput.value = button.dataset.refillDate;
  dateInput.classList.remove("is-invalid");
  document.querySelectorAll(".finding, #error-summary, .nearest-date").forEach((note) => {
    note.hidden = true;
  });
  dateInput.focus();
});
