// The caller's waiting page: reloads when the queue pushes news of the call (offered,
// answered, no answer); polls every few seconds only while the socket is down.
import { follow } from "./live.js";

const live = document.getElementById("call-live");
follow({ refresh: Number(live.dataset.refresh) || 0, slow: 60 });
