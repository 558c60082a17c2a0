// The referral form, step one: choosing a service re-renders the page with the
// providers that offer it (the same GET the "find" button sends without script).
document.addEventListener("DOMContentLoaded", function () {
  var pick = document.getElementById("service-pick");
  if (!pick) return;
  var select = pick.querySelector("select[name=service_type]");
  if (select) select.addEventListener("change", function () { if (select.value) pick.submit(); });
});
