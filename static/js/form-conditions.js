// Progressive enhancement for response forms (tenant_apps.forms): hide a conditional
// question while the answer it depends on is not chosen. Without this script every
// question shows, with a note saying when to answer it, and the server decides.
(function () {
  "use strict";
  var form = document.querySelector("form[data-conditions]");
  if (!form) { return; }
  var items = Array.prototype.slice.call(form.querySelectorAll("[data-condition-field]"));
  if (!items.length) { return; }

  function chosen(name, value) {
    var inputs = form.querySelectorAll("input[name='" + name + "']");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].checked && inputs[i].value === value) { return true; }
    }
    return false;
  }

  function update() {
    // In document order, so a question whose parent was just hidden is hidden too.
    items.forEach(function (item) {
      var parent = document.getElementById(item.getAttribute("data-condition-parent"));
      var parentShown = !parent || !parent.hidden;
      item.hidden = !(parentShown && chosen(
        item.getAttribute("data-condition-field"), item.getAttribute("data-condition-value")
      ));
    });
  }

  form.addEventListener("change", update);
  update();
})();
