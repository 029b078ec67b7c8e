// An article page: hovering a triple lights up the sentence behind it, and the other way round.
(function () {
  "use strict";
  function marks(index) {
    return document.querySelectorAll('[data-statements~="' + index + '"]');
  }
  function light(index, on) {
    marks(index).forEach(function (mark) { mark.classList.toggle("active", on); });
    const item = document.getElementById("s" + index);
    if (item) item.classList.toggle("active", on);
  }
  document.querySelectorAll("ol.triples li[data-statement]").forEach(function (item) {
    const index = item.dataset.statement;
    item.addEventListener("mouseenter", function () { light(index, true); });
    item.addEventListener("mouseleave", function () { light(index, false); });
  });
  const target = window.location.hash.replace(/^#s/, "");
  if (target && /^\d+$/.test(target)) {
    light(target, true);
    const first = marks(target)[0];
    if (first) first.scrollIntoView({ block: "center" });
  }
})();
