// The collaborator's outbox: submissions made in the field wait here, sealed,
// until the network returns; then they are sent in order, once each.
//
// What stays on the phone is only what this user submitted and has not yet
// seen arrive: no lists of people or cases. Each item is encrypted (AES-GCM,
// a fresh key per item, wrapped with the session's RSA-OAEP public key); the
// key that opens it is held by the server for the session (socialwork/pwa/
// sealing.py), so a shared phone shows the next user nothing readable.
// Written without a framework: the whole of it is a few kilobytes.
(function () {
  "use strict";
  if (!window.indexedDB || !window.crypto || !crypto.subtle) return;

  const DB_NAME = "ctxh-outbox";
  const ENDPOINTS = {
    person: "/api/v1/beneficiaries/",
    case: "/api/v1/cases/",
    visit: "/api/v1/events/",
    service: "/api/v1/services/",
    consent: "/api/v1/consents/",
    referral: "/api/v1/referrals/",
  };
  // The field that names a parent, by the parent's kind.
  const PARENT_FIELD = { person: "beneficiary", case: "case" };
  const CLOCK_SKEW_NOTICE_MS = 5 * 60 * 1000;

  // --- storage --------------------------------------------------------------
  let dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore("items", { keyPath: "id" });
          request.result.createObjectStore("meta", { keyPath: "k" });
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return dbPromise;
  }
  function run(store, mode, work) {
    return db().then((d) => new Promise((resolve, reject) => {
      const tx = d.transaction(store, mode);
      const result = work(tx.objectStore(store));
      tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    }));
  }
  const getAll = () => run("items", "readonly", (s) => s.getAll())
    .then((items) => items.sort((a, b) => a.seq - b.seq));
  const put = (item) => run("items", "readwrite", (s) => s.put(item));
  const remove = (id) => run("items", "readwrite", (s) => s.delete(id));
  const getMeta = (k) => run("meta", "readonly", (s) => s.get(k)).then((row) => row && row.v);
  const setMeta = (k, v) => run("meta", "readwrite", (s) => s.put({ k, v }));
  const clearAll = () => run("items", "readwrite", (s) => s.clear())
    .then(() => run("meta", "readwrite", (s) => s.clear()));

  // --- words (translated by the template that includes outbox_strings.html) --
  function word(name, values) {
    const node = document.getElementById("outbox-strings");
    let text = (node && node.dataset[name]) || name;
    Object.entries(values || {}).forEach(([k, v]) => { text = text.replace("%(" + k + ")s", v); });
    return text;
  }

  // --- sealing ---------------------------------------------------------------
  function b64(bytes) {
    const view = new Uint8Array(bytes);
    let text = "";
    for (let i = 0; i < view.length; i++) text += String.fromCharCode(view[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  async function seal(payload, jwk) {
    const publicKey = await crypto.subtle.importKey(
      "jwk", { kty: "RSA", n: jwk.n, e: jwk.e, alg: "RSA-OAEP-256", ext: true },
      { name: "RSA-OAEP", hash: "SHA-256" }, false, ["wrapKey"]);
    const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv }, key, new TextEncoder().encode(JSON.stringify(payload)));
    const wrapped = await crypto.subtle.wrapKey("raw", key, publicKey, { name: "RSA-OAEP" });
    return { kid: jwk.kid, key: b64(wrapped), iv: b64(iv), data: b64(data) };
  }

  // --- the session: its key, a fresh CSRF token, the server's clock ----------
  let session = null;
  async function fetchSession() {
    const response = await fetch("/outbox/key/", {
      credentials: "same-origin", redirect: "manual", cache: "no-store",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) return null; // signed out: a redirect to the login page
    const body = await response.json();
    session = { key: body.key, csrf: body.csrf, offset: Date.parse(body.now) - Date.now() };
    const known = await getMeta("kid");
    if (known && known !== body.key.kid) await dropOtherSessions(body.key.kid);
    await setMeta("kid", body.key.kid);
    await setMeta("key", body.key);
    return session;
  }
  // Items sealed for a session that has ended cannot be opened any more.
  async function dropOtherSessions(kid) {
    const stale = (await getAll()).filter((item) => item.kid !== kid);
    for (const item of stale) await remove(item.id);
    const unsent = stale.filter((item) => item.state !== "sent").length;
    if (unsent) notice(word("lost", { n: unsent }));
  }

  // --- queueing ----------------------------------------------------------------
  let counter = 0;
  // Names typed on this page, in memory only: the stored items hold none in clear.
  const names = {};
  async function queue(kind, payload, options) {
    const jwk = await getMeta("key");
    if (!jwk) throw new Error("no sealing key: sign in with a network first");
    const id = (options && options.id) || crypto.randomUUID();
    const item = {
      id,
      kind,
      parent: (options && options.parent) || null,
      // A fixed item goes to the end: what it waited for (a consent, say) goes first.
      seq: Date.now() * 1000 + (counter++ % 1000),
      recorded_at: new Date().toISOString(),
      state: "waiting",
      message: "",
      kid: jwk.kid,
      envelope: await seal(payload, jwk),
    };
    if (options && options.name) names[id] = options.name;
    await put(item);
    await render();
    if ("serviceWorker" in navigator && "SyncManager" in window) {
      navigator.serviceWorker.ready.then((r) => r.sync.register("ctxh-outbox")).catch(() => {});
    }
    flush();
    return item;
  }

  async function openItem(item) {
    const response = await fetch("/outbox/open/", {
      method: "POST", credentials: "same-origin", body: JSON.stringify(item.envelope),
      headers: { "Content-Type": "application/json", "X-CSRFToken": session.csrf },
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(body.detail || String(response.status));
      error.status = response.status;
      throw error;
    }
    return body.payload;
  }

  function messageOf(body) {
    if (!body || typeof body !== "object") return "";
    const parts = [];
    Object.entries(body).forEach(([key, value]) => {
      if (key === "candidates" || key === "code") return;
      (Array.isArray(value) ? value : [value]).forEach((v) => {
        parts.push(typeof v === "object" ? messageOf(v) : String(v));
      });
    });
    return parts.filter(Boolean).join(" ");
  }

  // The request for one item: its fields, its parent by client UUID, and the
  // times the phone's clock gave corrected by the server's (the 12-hour
  // child-protection clock runs from the report).
  function requestBody(item, payload, byId) {
    const body = {};
    Object.entries(payload.fields).forEach(([k, v]) => { if (v !== "" && v !== null) body[k] = v; });
    (payload.clock || []).forEach((k) => {
      if (body[k]) body[k] = new Date(Date.parse(body[k]) + session.offset).toISOString();
    });
    if (item.parent) {
      const parent = byId[item.parent];
      body[PARENT_FIELD[parent ? parent.kind : payload.parentKind] + "_uuid"] = item.parent;
    }
    if (item.kind === "visit") body.kind = "home_visit";
    body.client_uuid = item.id;
    return body;
  }

  // --- sending -------------------------------------------------------------------
  let flushing = false;
  let again = false;
  async function flush() {
    if (!navigator.onLine) return;
    // An item queued while a send runs is sent by that run's next round.
    if (flushing) { again = true; return; }
    flushing = true;
    try {
      do {
        again = false;
        // One tab sends at a time; the client UUIDs make a second send harmless anyway.
        if (navigator.locks) await navigator.locks.request("ctxh-outbox", sendAll);
        else await sendAll();
      } while (again && navigator.onLine);
    } finally {
      flushing = false;
    }
  }
  async function sendAll() {
    if (!(await fetchSession().catch(() => null))) return;
    if (Math.abs(session.offset) > CLOCK_SKEW_NOTICE_MS) {
      notice(word("clock", { m: Math.round(session.offset / 60000) }));
    }
    const items = await getAll();
    const byId = Object.fromEntries(items.map((i) => [i.id, i]));
    for (const item of items) {
      if (item.state === "sent" || item.state === "refused") continue;
      const parent = item.parent && byId[item.parent];
      if (parent && parent.state !== "sent") {
        if (item.message !== word("parentWaiting")) {
          item.message = word("parentWaiting");
          await put(item);
        }
        continue;
      }
      let payload;
      try {
        payload = await openItem(item);
      } catch (error) {
        if (!error.status) break; // the network dropped: the rest waits
        item.state = "refused";
        item.message = error.message;
        await put(item);
        continue;
      }
      let response;
      try {
        response = await fetch(ENDPOINTS[item.kind], {
          method: "POST", credentials: "same-origin", cache: "no-store",
          headers: {
            "Content-Type": "application/json", Accept: "application/json",
            "X-CSRFToken": session.csrf,
          },
          body: JSON.stringify(requestBody(item, payload, byId)),
        });
      } catch (networkError) {
        break; // sent or not, the client UUID makes the retry safe
      }
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        item.state = "sent";
        item.message = "";
        item.envelope = null;
      } else if (response.status >= 500) {
        item.message = word("retry");
      } else {
        item.state = "refused";
        item.message = messageOf(body) || String(response.status);
        item.duplicate = response.status === 409 && Array.isArray(body.candidates);
      }
      await put(item);
      byId[item.id] = item;
      await render();
    }
    // A sent item is kept only while a waiting item still names it as parent.
    const left = await getAll();
    const parents = new Set(left.filter((i) => i.state !== "sent").map((i) => i.parent));
    for (const item of left) {
      if (item.state === "sent" && !parents.has(item.id)) await remove(item.id);
    }
    await render();
  }

  // --- what the collaborator sees ---------------------------------------------------
  function notice(text) {
    const node = document.getElementById("field-status") || document.getElementById("outbox-notice");
    if (!node) return;
    node.textContent = text;
    node.hidden = false;
  }
  function label(item, index) {
    const when = new Date(item.recorded_at).toLocaleString("vi-VN", { hour12: false });
    const kind = word("kind" + item.kind.charAt(0).toUpperCase() + item.kind.slice(1));
    return kind + " #" + (index + 1) + " · " + when + (names[item.id] ? " · " + names[item.id] : "");
  }
  function stateText(item) {
    if (item.state === "sent") return word("sent");
    if (item.state === "refused") return word("refused");
    return word("waiting");
  }
  async function render() {
    const lists = document.querySelectorAll("[data-outbox-list]");
    const counts = document.querySelectorAll("[data-outbox-count]");
    if (!lists.length && !counts.length) return;
    const kid = await getMeta("kid");
    const items = (await getAll()).filter((i) => i.kid === kid);
    const pending = items.filter((i) => i.state !== "sent");
    counts.forEach((node) => {
      node.textContent = String(pending.length);
      const box = node.closest("[data-outbox-box]");
      if (box) box.hidden = pending.length === 0;
    });
    lists.forEach((list) => {
      list.replaceChildren();
      if (!items.length) {
        const empty = document.createElement("li");
        empty.className = "muted";
        empty.textContent = word("empty");
        list.append(empty);
      }
      items.forEach((item, index) => {
        const li = document.createElement("li");
        li.className = "outbox-item " + item.state;
        li.dataset.id = item.id;
        li.dataset.kind = item.kind;
        const title = document.createElement("span");
        title.textContent = label(item, index);
        const state = document.createElement("strong");
        state.textContent = " · " + stateText(item);
        li.append(title, state);
        if (item.message) {
          const why = document.createElement("p");
          why.className = "msg error";
          why.textContent = item.message;
          li.append(why);
        }
        if (item.state !== "sent") {
          if (item.state === "refused") {
            li.append(button(word("fix"), () => fix(item)));
            if (item.duplicate) li.append(button(word("distinct"), () => distinct(item)));
          }
          li.append(button(word("discard"), () => discard(item)));
        }
        list.append(li);
      });
    });
  }
  function button(text, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "link";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }
  async function discard(item) {
    if (!window.confirm(word("confirmDiscard"))) return;
    // Its children cannot be sent without it.
    const items = await getAll();
    const doomed = new Set([item.id]);
    items.forEach((i) => { if (doomed.has(i.parent)) doomed.add(i.id); });
    for (const id of doomed) await remove(id);
    await render();
  }
  async function distinct(item) {
    if (!(await fetchSession().catch(() => null))) return;
    const payload = await openItem(item);
    payload.fields.confirm_distinct = true;
    await queue(item.kind, payload, { id: item.id, parent: item.parent });
  }
  async function fix(item) {
    if (!document.body.hasAttribute("data-field")) {
      window.location.href = "/field/#fix=" + item.id;
      return;
    }
    if (!(await fetchSession().catch(() => null))) return;
    const payload = await openItem(item);
    document.dispatchEvent(new CustomEvent("outbox-fix", { detail: { item, payload } }));
  }

  // Logging out deletes the outbox, after a warning when something is unsent.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.action || !/\/accounts\/logout\/$/.test(new URL(form.action).pathname)) return;
    if (form.dataset.outboxCleared) return;
    event.preventDefault();
    getAll().then(async (items) => {
      const unsent = items.filter((i) => i.state !== "sent").length;
      if (unsent && !window.confirm(word("confirmLogout", { n: unsent }))) return;
      await clearAll();
      form.dataset.outboxCleared = "1";
      form.submit();
    });
  }, true);

  window.addEventListener("online", flush);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "outbox-flush") flush();
    });
  }
  window.ctxhOutbox = { queue, flush, render, getAll, names, PARENT_FIELD };

  function start() {
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
    }
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    // The key endpoint is asked only where it matters: items to send, no key
    // yet (just signed in), or a page that lists the outbox.
    Promise.all([getAll(), getMeta("key")]).then(([items, key]) => {
      const lists = document.querySelector("[data-outbox-list], [data-outbox-count]");
      render();
      if (!key || lists || items.some((i) => i.state !== "sent")) flush();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
