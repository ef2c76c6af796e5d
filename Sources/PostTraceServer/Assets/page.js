// PostTrace page enhancement only: everything works without it.
// Ctrl+Enter (or Cmd+Enter) in the numbers box submits the form.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("numbers");
  if (!box || !box.form) return;
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      box.form.requestSubmit ? box.form.requestSubmit() : box.form.submit();
    }
  });
});
