// A hotline page that follows the queue without writing on GET: it reloads when the server
// pushes a hotline event on the person's notification stream (/ws/notifications/), and only
// while that socket is down does it fall back to reloading every `refresh` seconds (without
// JavaScript, a <noscript> meta refresh does the same). With the socket up it still reloads
// every `slow` seconds, for figures nobody pushes (a place in the queue, an estimate).
const scheme = location.protocol === "https:" ? "wss://" : "ws://";

export function follow({ refresh, slow = 60, kinds = (kind) => kind.startsWith("hotline.") }) {
  let open = false;
  let since = Date.now();
  // A form being sent (accept, hang up …) leads on by itself: a reload now would cancel it.
  let leaving = false;
  document.addEventListener("submit", () => {
    leaving = true;
  });
  const reload = () => {
    if (!leaving) location.reload();
  };
  function listen(delay) {
    const ws = new WebSocket(scheme + location.host + "/ws/notifications/");
    ws.onopen = () => {
      open = true;
    };
    ws.onmessage = (e) => {
      try {
        if (kinds(JSON.parse(e.data).kind || "")) reload();
      } catch (err) {
        /* not ours */
      }
    };
    ws.onclose = (e) => {
      open = false;
      if (e.code !== 4401) setTimeout(() => listen(Math.min(delay * 2, 30000)), delay);
    };
  }
  listen(1000);
  if (!refresh) return;
  setInterval(() => {
    const every = open ? slow : refresh;
    if (Date.now() - since >= every * 1000) {
      since = Date.now();
      reload();
    }
  }, 1000);
}
