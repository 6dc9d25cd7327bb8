// Alert board live updates: new and escalated alerts appear at the top without a reload,
// acknowledged ones change state, and the tab title flashes until the page gets focus.
// The page works without this script (meta refresh + plain forms).
const board = document.getElementById("alert-board");
if (board) {
  const d = board.dataset;
  const body = board.tBodies[0];
  const title = document.title;
  let flashTimer = null;
  let retry = 1000;

  const cell = (tr, text) => {
    const td = tr.insertCell();
    td.textContent = text;
    return td;
  };

  // As the page's own rows: the status and the seafarer open the alert.
  const linkCell = (tr, text, id) => {
    const td = tr.insertCell();
    const a = document.createElement("a");
    a.href = d.detailUrl.replace("/0/", `/${id}/`);
    a.textContent = text;
    td.append(a);
    return td;
  };

  // The counts above the table ("未结束的警报 N 条…") read again after an event from the page's
  // summary part (?part=summary: the counts alone, the server's sentence in the clinician's
  // language). One read at a time; events meanwhile are covered by the read that follows.
  let summaryBusy = false;
  let summaryAgain = false;
  const refreshSummary = async () => {
    if (summaryBusy) {
      summaryAgain = true;
      return;
    }
    summaryBusy = true;
    try {
      do {
        summaryAgain = false;
        const reply = await fetch(`${location.pathname}?part=summary`, {
          credentials: "same-origin",
        });
        if (!reply.ok) break;
        const page = new DOMParser().parseFromString(await reply.text(), "text/html");
        const fresh = page.getElementById("alert-summary");
        const shown = document.getElementById("alert-summary");
        if (fresh && shown) shown.replaceChildren(...fresh.childNodes);
      } while (summaryAgain);
    } catch (e) {
      // Offline or busy: the page's own refresh brings the counts.
    } finally {
      summaryBusy = false;
    }
  };

  const flash = () => {
    if (flashTimer || document.hasFocus()) return;
    let on = false;
    flashTimer = setInterval(() => {
      on = !on;
      document.title = on ? "⚠ " + d.flash : title;
    }, 800);
  };
  window.addEventListener("focus", () => {
    clearInterval(flashTimer);
    flashTimer = null;
    document.title = title;
  });

  const render = (a) => {
    let tr = body.querySelector(`tr[data-alert="${a.id}"]`);
    const open = a.status === "open";
    if (!tr) {
      const empty = body.querySelector("tr.empty");
      if (empty) empty.remove();
      tr = document.createElement("tr");
      tr.dataset.alert = a.id;
      body.prepend(tr);
    }
    tr.replaceChildren();
    tr.className = open ? "alert-open" : "";
    linkCell(tr, a.status_label, a.id);
    cell(tr, a.tier);
    // As the page's own rows: the time in the clinician's zone, then how long it has waited.
    const raised = cell(tr, a.raised_at);
    if (a.status !== "resolved") {
      const waiting = document.createElement("span");
      waiting.className = "help";
      waiting.textContent = a.waiting;
      raised.append(document.createElement("br"), waiting);
    }
    cell(tr, a.source);
    cell(tr, a.reason);
    linkCell(tr, a.seafarer, a.id);
    const last = tr.insertCell();
    if (open) {
      const form = document.createElement("form");
      form.method = "post";
      form.action = d.ackUrl.replace("/0/", `/${a.id}/`);
      const token = document.createElement("input");
      token.type = "hidden";
      token.name = "csrfmiddlewaretoken";
      token.value = d.csrf;
      const button = document.createElement("button");
      button.textContent = d.ackLabel;
      form.append(token, button);
      last.append(form);
    }
  };

  const connect = () => {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const ws = new WebSocket(scheme + location.host + d.ws);
    ws.onopen = () => { retry = 1000; };
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      render(msg.alert);
      refreshSummary();
      if (msg.event !== "acknowledged") flash();
    };
    ws.onclose = (e) => {
      if (e.code === 4403) return;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  };
  connect();
}
