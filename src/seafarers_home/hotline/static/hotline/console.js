// The counsellor's console reloads the moment a call is offered (pushed on the person's
// notification stream by the queue); without JavaScript the page refreshes every 5 s anyway.
const scheme = location.protocol === "https:" ? "wss://" : "ws://";
function listen(delay) {
  const ws = new WebSocket(scheme + location.host + "/ws/notifications/");
  ws.onmessage = (e) => {
    try {
      if (JSON.parse(e.data).kind === "hotline.offer") location.reload();
    } catch (err) {
      /* not ours */
    }
  };
  ws.onclose = (e) => {
    if (e.code !== 4401) setTimeout(() => listen(Math.min(delay * 2, 30000)), delay);
  };
}
listen(1000);
