/* The register form's category filter: typing narrows the checkboxes by name,
   accent-free ("nguoi cao" finds "Người cao tuổi"). Without this script the
   grouped fieldsets still work; checked boxes always stay visible. */
(function () {
  "use strict";
  var slot = document.querySelector(".category-filter-slot");
  if (!slot) return;
  function key(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  var label = document.createElement("label");
  label.setAttribute("for", "category-filter");
  label.textContent = slot.getAttribute("data-label");
  var input = document.createElement("input");
  input.type = "search";
  input.id = "category-filter";
  input.autocomplete = "off";
  slot.appendChild(label);
  slot.appendChild(input);
  var choices = Array.prototype.slice.call(document.querySelectorAll("#categories label.choice"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("#categories .category-group"));
  input.addEventListener("input", function () {
    var wanted = key(input.value.trim());
    choices.forEach(function (choice) {
      var box = choice.querySelector("input");
      var show = !wanted || box.checked || key(choice.textContent).indexOf(wanted) !== -1;
      choice.hidden = !show;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("label.choice:not([hidden])");
    });
  });
})();
