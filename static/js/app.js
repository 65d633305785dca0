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
// "添加一行" of a formset (the inspection findings): a blank row from the page's <template>, numbered as the next
// form (__prefix__) and the next row (__row__, for its labels). Without script the button posts the form back and
// the server returns it with one row more.
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-formset-add]") : null;
  if (!button) {
    return;
  }
  var prefix = button.dataset.formsetAdd;
  var template = document.querySelector('template[data-formset-template="' + prefix + '"]');
  var body = document.querySelector('[data-formset-body="' + prefix + '"]');
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  if (!template || !body || !total) {
    return;
  }
  event.preventDefault();
  var index = parseInt(total.value, 10);
  var row = template.innerHTML
    .replace(/__prefix__/g, String(index))
    .replace(/__row__/g, String(body.children.length + 1));
  body.insertAdjacentHTML("beforeend", row);
  total.value = String(index + 1);
  var first = body.lastElementChild && body.lastElementChild.querySelector("select, textarea, input:not([type=hidden])");
  if (first) {
    first.focus();
  }
});
