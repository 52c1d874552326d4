// tinhso UI behaviour. Lives in a static file so the CSP can forbid inline scripts.
document.addEventListener("click", function (event) {
  var toggle = event.target.closest("[data-toggle-nav]");
  if (toggle) {
    var nav = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  var confirmEl = event.target.closest("[data-confirm]");
  if (confirmEl && !window.confirm(confirmEl.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
