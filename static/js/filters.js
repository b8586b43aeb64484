// Filter forms submit only the fields that have a value, so a filtered list's address is
// short and readable (/priorities/?country=KZ) for analysts to bookmark and share. Without
// this script the form still works; the address then also lists the empty fields.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form.filters")) {
    return;
  }
  Array.prototype.forEach.call(form.elements, function (field) {
    if (field.name && !field.disabled && field.value === "" && field.type !== "submit") {
      field.disabled = true;
      // Enabled again if the visitor comes back to this page with the Back button.
      window.addEventListener("pageshow", function () { field.disabled = false; }, { once: true });
    }
  });
});
