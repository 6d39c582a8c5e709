// Light progressive enhancement; every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Changing sort, "every copy" or a user's role submits its form at once.
  for (const el of document.querySelectorAll(".autosubmit")) {
    el.addEventListener("change", () => el.form && el.form.submit());
  }
  // Destructive buttons ask first.
  for (const button of document.querySelectorAll("button.confirm")) {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.textContent.trim() + "?")) event.preventDefault();
    });
  }
  // "Back to results" returns to the exact results page when we came from it.
  const back = document.getElementById("back");
  if (back && document.referrer.startsWith(window.location.origin + "/?")) {
    back.addEventListener("click", (event) => {
      event.preventDefault();
      window.history.back();
    });
  }
});
