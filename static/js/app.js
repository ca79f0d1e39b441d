// Small progressive enhancements; every page works without them.
"use strict";

document.documentElement.classList.add("js");

// The language select submits its form on change (the button is there without JS).
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});

// Dependent address selects: regency > district > village. Each change loads the next
// level's options from the server, so a page never carries thousands of villages.
document.querySelectorAll("[data-region-selects]").forEach((container) => {
  const urls = {
    districts: container.dataset.districtsUrl,
    villages: container.dataset.villagesUrl,
  };
  const emptyLabel = container.dataset.emptyLabel || "---------";

  function reset(select) {
    select.replaceChildren(new Option(emptyLabel, ""));
    const grandchild = select.dataset.childSelect;
    if (grandchild) reset(document.getElementById(grandchild));
  }

  container.querySelectorAll("select[data-child-select]").forEach((parent) => {
    parent.addEventListener("change", async () => {
      const child = document.getElementById(parent.dataset.childSelect);
      reset(child);
      if (!parent.value) return;
      child.setAttribute("aria-busy", "true");
      try {
        const url = `${urls[parent.dataset.childUrl]}?parent=${encodeURIComponent(parent.value)}`;
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const data = await response.json();
        for (const [code, name] of data.options) child.add(new Option(name, code));
      } finally {
        child.removeAttribute("aria-busy");
      }
    });
  });
});

// Move focus to the error summary so screen reader users hear that the form has errors.
const formErrors = document.getElementById("form-errors");
if (formErrors) formErrors.focus();

// The header's menu on a phone (a <details>): Escape closes it and leaves the focus on its
// button, as for any menu button.
document.querySelectorAll("details.site-menu").forEach((menu) => {
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !menu.open) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
});

// "Print" buttons (a success story): the browser's print dialog; the print stylesheet
// leaves out the header, footer and buttons.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

// A background job's page: its progress bar follows the job (polled twice a second) and, once
// the job is done, the page shows what came of it. Without JS the page refreshes itself.
document.querySelectorAll("[data-job-status-url]").forEach((card) => {
  if (card.dataset.jobFinished === "1") return;
  const bar = card.querySelector("progress");
  const count = card.querySelector("[data-job-count]");
  const label = card.querySelector("[data-job-status-label]");
  const grouped = new Intl.NumberFormat(document.documentElement.lang || "id");
  async function poll() {
    let data;
    try {
      const response = await fetch(card.dataset.jobStatusUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      data = await response.json();
    } catch {
      window.setTimeout(poll, 3000); // the network or the server hiccuped: try again later
      return;
    }
    label.textContent = data.status_label;
    if (data.total) {
      bar.max = data.total;
      bar.value = data.done;
      count.textContent = `${grouped.format(data.done)} ${card.dataset.ofLabel} ${grouped.format(data.total)} ${card.dataset.unit}`;
    } else if (data.done) {
      count.textContent = `${grouped.format(data.done)} ${card.dataset.unit}`; // no total known yet
    }
    if (data.status === "done" || data.status === "failed") {
      // The finished job's page shows its download or what failed, or leads on to the
      // page of its result (an import's preview).
      window.location.reload();
    } else {
      window.setTimeout(poll, 500);
    }
  }
  window.setTimeout(poll, 250);
});
