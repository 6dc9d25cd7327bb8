// The counsellor's console: reloads when a call is offered or taken back (pushed on the
// person's notification stream by the queue), and posts the counsellor's heartbeat while it
// is open, so a call by phone is not taken for dropped. The page itself only reads.
import { follow } from "./live.js";

const live = document.getElementById("console-live");
const refresh = Number(live.dataset.refresh) || 0;
follow({ refresh, slow: 60 });

function beat() {
  fetch(live.dataset.heartbeatUrl, {
    method: "POST",
    headers: { "X-CSRFToken": live.dataset.csrf },
    credentials: "same-origin",
  }).catch(() => {
    /* the next beat tries again */
  });
}
beat();
setInterval(beat, (Number(live.dataset.heartbeatSeconds) || 20) * 1000);
