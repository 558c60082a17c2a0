// The admission form shows only the fields of the chosen kind (the server
// also empties the others). Without this script every field shows.
(function () {
  var form = document.getElementById("admission-form");
  if (!form) return;
  function update() {
    var chosen = form.querySelector('input[name="kind"]:checked');
    var kind = chosen ? chosen.value : "";
    form.querySelectorAll("[data-kind-field]").forEach(function (row) {
      var kinds = row.getAttribute("data-kind-field").split(" ");
      row.hidden = kinds.indexOf(kind) === -1;
    });
  }
  form.addEventListener("change", update);
  update();
})();
