// The field forms (cases/field): each submit goes to the outbox, sealed, and is
// sent when the network allows. Parents are chosen among this phone's waiting
// items, or given by id in the address (?person=…, ?case=…) from an online page.
(function () {
  "use strict";
  const outbox = window.ctxhOutbox;
  if (!outbox) return;
  const params = new URLSearchParams(window.location.search);
  let fixing = null;

  function pad(n) { return String(n).padStart(2, "0"); }
  function localNow() {
    const d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
      "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  function fillClocks(form) {
    form.querySelectorAll("[data-now]").forEach((input) => {
      input.value = localNow();
      input.dataset.auto = input.value;
    });
    form.querySelectorAll("[data-today]").forEach((input) => { input.value = localNow().slice(0, 10); });
  }

  async function fillParents() {
    const items = await outbox.getAll();
    document.querySelectorAll("select[data-parent]").forEach((select) => {
      const kind = select.dataset.parent;
      const chosen = select.value;
      select.replaceChildren();
      const fromPage = params.get(kind);
      if (fromPage && /^\d+$/.test(fromPage)) {
        select.append(new Option("#" + fromPage, "id:" + fromPage));
      }
      items.filter((i) => i.kind === kind).forEach((item, index) => {
        const name = outbox.names[item.id];
        select.append(new Option((name || "#" + (index + 1)) + " · " +
          new Date(item.recorded_at).toLocaleTimeString("vi-VN", { hour12: false }), item.id));
      });
      if (chosen) select.value = chosen;
    });
  }

  // Only the facilities offering the chosen service (the referral form).
  function filterFacilities(select) {
    const target = select.form.elements[select.dataset.filters];
    const code = select.selectedOptions[0] && select.selectedOptions[0].dataset.code;
    Array.from(target.options).forEach((option) => {
      if (!option.value) return;
      option.hidden = Boolean(code) && !(" " + option.dataset.services + " ").includes(" " + code + " ");
    });
    if (target.selectedOptions[0] && target.selectedOptions[0].hidden) target.value = "";
  }

  function collect(form) {
    const fields = {};
    const clock = [];
    let parent = null;
    Array.from(form.elements).forEach((el) => {
      if (!el.name || el.type === "submit") return;
      if (el.name === "parent") {
        if (el.value.startsWith("id:")) {
          fields[outbox.PARENT_FIELD[el.dataset.parent]] = Number(el.value.slice(3));
        } else {
          parent = el.value;
        }
        return;
      }
      if (el.type === "checkbox") fields[el.name] = el.checked;
      else if (el.multiple) fields[el.name] = Array.from(el.selectedOptions).map((o) => o.value);
      else if (el.type === "datetime-local") {
        fields[el.name] = el.value ? new Date(el.value).toISOString() : "";
        // Only a time the phone's clock gave is corrected by the server's.
        if (el.value && el.value === el.dataset.auto) clock.push(el.name);
      } else fields[el.name] = el.value;
    });
    const parentSelect = form.querySelector("select[data-parent]");
    return { fields, clock, parent, parentKind: parentSelect ? parentSelect.dataset.parent : null };
  }

  document.querySelectorAll("form[data-kind]").forEach((form) => {
    fillClocks(form);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("[type=submit]");
      if (button.disabled) return; // a double tap makes one item
      button.disabled = true;
      try {
        const { fields, clock, parent, parentKind } = collect(form);
        const name = form.dataset.kind === "person" ? fields.full_name : null;
        await outbox.queue(form.dataset.kind, { fields, clock, parentKind }, {
          parent, name, id: fixing && fixing.kind === form.dataset.kind ? fixing.id : undefined,
        });
        fixing = null;
        form.reset();
        fillClocks(form);
        await fillParents();
        const status = document.getElementById("field-status");
        status.textContent = document.getElementById("outbox-strings").dataset.saved;
        status.hidden = false;
      } finally {
        button.disabled = false;
      }
    });
  });
  document.querySelectorAll("select[data-filters]").forEach((select) => {
    select.addEventListener("change", () => filterFacilities(select));
  });

  // "Fix" on a refused item: its fields back in its form.
  document.addEventListener("outbox-fix", (event) => {
    const { item, payload } = event.detail;
    const form = document.querySelector('form[data-kind="' + item.kind + '"]');
    if (!form) return;
    fixing = item;
    form.closest("details").open = true;
    Object.entries(payload.fields).forEach(([k, v]) => {
      const el = form.elements[k];
      if (!el) return;
      if (el.type === "checkbox") el.checked = Boolean(v);
      else if (el.multiple) Array.from(el.options).forEach((o) => { o.selected = v.includes(o.value); });
      else if (el.type === "datetime-local" && v) {
        const d = new Date(v);
        el.value = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
          "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
      } else el.value = v;
    });
    if (item.parent && form.elements.parent) form.elements.parent.value = item.parent;
    form.scrollIntoView();
  });

  fillParents();
  const match = /#fix=([0-9a-f-]+)/.exec(window.location.hash);
  if (match) {
    outbox.getAll().then((items) => {
      const item = items.find((i) => i.id === match[1]);
      if (item) document.querySelector('[data-id="' + item.id + '"] button').click();
    });
  }
  window.addEventListener("outbox-changed", fillParents);
})();
