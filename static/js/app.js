// Irreversible actions ask first (data-confirm on the form or the button), and a form is sent once:
// a double click or a second Enter does not submit it twice.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var button = event.submitter;
  var question = (button && button.dataset.confirm) || form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  if (form.dataset.submitted === "yes") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "yes";
  if (button && button.name) {
    // A disabled button is not sent, so keep its name and value in a hidden field.
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = button.name;
    hidden.value = button.value;
    form.appendChild(hidden);
  }
  form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
});
// Going back to a page restores it from the cache: let its forms be sent again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-submitted]").forEach(function (form) {
    delete form.dataset.submitted;
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
  });
});
// A select that applies itself (language, committee): sent on change, without an inline handler (CSP).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
    target.form.submit();
  }
});
