// A character counter under every limited text box (data-counter, maxlength set by the form):
// "已输入 120 / 5000 字", in red near the limit. Served as a static file: the CSP allows no inline script.
(function () {
  "use strict";
  var english = document.documentElement.lang === "en";
  function label(count, max) {
    return english ? count + " / " + max + " characters" : "已输入 " + count + " / " + max + " 字";
  }
  function attach(box) {
    var max = parseInt(box.getAttribute("maxlength"), 10);
    if (!max || box.dataset.counterReady) return;
    box.dataset.counterReady = "yes";
    var counter = document.createElement("div");
    counter.className = "form-text char-counter";
    counter.setAttribute("aria-live", "polite");
    if (box.id) counter.id = box.id + "-counter";
    box.insertAdjacentElement("afterend", counter);
    function update() {
      var count = box.value.length;
      counter.textContent = label(count, max);
      counter.classList.toggle("text-danger", count >= max * 0.95);
    }
    box.addEventListener("input", update);
    update();
  }
  function scan(root) {
    (root || document).querySelectorAll("textarea[data-counter][maxlength]").forEach(attach);
  }
  scan();
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();
