// coopwatch: a little progressive enhancement. Everything works without
// this script; it adds partner autocomplete to the editors' forms.
"use strict";
(function () {
  const list = document.getElementById("partner-suggest");
  if (!list) return;
  let timer = null;
  let last = "";
  let found = new Map();

  // Homonyms ("Gemeinde Neuenkirchen" in four Länder) are told apart by
  // their Land and AGS in the option's value; choosing one writes the plain
  // name back.
  function fill(items) {
    found = new Map();
    list.replaceChildren();
    const count = new Map();
    for (const p of items) count.set(p.name, (count.get(p.name) || 0) + 1);
    for (const p of items) {
      const value = count.get(p.name) > 1 ? p.name + " (" + [p.state, p.ags].filter(Boolean).join(", ") + ")" : p.name;
      found.set(value, p);
      const o = document.createElement("option");
      o.value = value;
      o.label = p.label || [p.kind, p.state, p.ags].filter(Boolean).join(" · ");
      list.appendChild(o);
    }
  }

  async function suggest(q) {
    if (q === last || q.length < 2) return;
    last = q;
    try {
      const r = await fetch("/api/suggest/partners?q=" + encodeURIComponent(q), {credentials: "same-origin"});
      if (r.ok) fill(await r.json());
    } catch (e) { /* offline: the form still works */ }
  }

  // When a suggested name is chosen, fill kind, Land and AGS of its row
  // with the chosen body's: they describe it, whatever they said before.
  function complete(input) {
    const p = found.get(input.value);
    if (!p) return;
    if (input.value !== p.name) input.value = p.name;
    const row = input.closest(".partner-row");
    if (!row) return;
    const set = (name, v) => { const el = row.querySelector("[name=" + name + "]"); if (el) el.value = v || ""; };
    set("partner_kind", p.kind);
    set("partner_state", p.state);
    set("partner_ags", p.ags);
  }

  document.addEventListener("input", (ev) => {
    const t = ev.target;
    if (!(t instanceof HTMLInputElement) || !t.classList.contains("partner-name")) return;
    clearTimeout(timer);
    timer = setTimeout(() => suggest(t.value.trim()), 150);
    complete(t);
  });
  document.addEventListener("change", (ev) => {
    const t = ev.target;
    if (t instanceof HTMLInputElement && t.classList.contains("partner-name")) complete(t);
  });
})();
