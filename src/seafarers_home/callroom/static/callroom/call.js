// Call room: WebRTC between two browsers, signalling over the room's WebSocket, built for
// satellite links. Audio is Opus tuned for narrow links (mono, ~10 kbit/s, DTX, 120 ms packets:
// under 16 kbit/s on the wire; in-band FEC switched on only when the peer reports loss); video is capped low and dropped by itself when the measured outgoing
// bandwidth is too low. Text chat goes over the WebSocket, so it works when audio does not.
// Nothing is recorded. The room's "offerer" (the clinician) makes every offer; a new offer
// carries a new session id and replaces the peer connection (rejoin, ICE failure).
// Tests and the benchmark read window.__call (pc, joinedAt, connectedAt).
const cfg = JSON.parse(document.getElementById("call-config").textContent);
const T = cfg.strings;
const tune = Object.assign(
  {
    // 10 kbit/s Opus (wideband SILK) keeps speech intelligible (STOI 0.96 on the bench's
    // speech sample, bench/voice_quality.py). Chrome sends ~11.4 kbit/s of it on speech: with
    // 60 ms packets the 50 bytes of RTP/UDP/IP/SRTP per packet make 18 kbit/s on the wire,
    // with 120 ms packets 15 (bench/call_room.py --speech). A satellite link's 600-800 ms
    // round trip hides the extra 60 ms of packetisation.
    opusMaxAverageBitrate: 10000,
    ptime: 120,
    audioMaxBitrate: 12000,
    fecLoss: 0.03, // the peer reports this fraction of our audio lost ...
    fecSamples: 2, // ... this many samples in a row: switch in-band FEC on for the call
    videoMaxBitrate: 150000,
    videoMaxFramerate: 15,
    videoHeight: 240,
    minVideoBitrate: 80000, // below this measured outgoing bandwidth video is dropped
    maxVideoLoss: 0.2,
    lowSamples: 3,
    statsMs: 2000,
  },
  window.__callTuning || {},
);
const $ = (id) => document.getElementById(id);
const ui = {
  prejoin: $("call-prejoin"),
  stage: $("call-stage"),
  status: $("call-status"),
  quality: $("call-quality"),
  notice: $("call-notice"),
  remote: $("call-remote"),
  local: $("call-local"),
  mute: $("call-mute"),
  camera: $("call-camera"),
  hangup: $("call-hangup"),
  rejoin: $("call-rejoin"),
  log: $("call-chat-log"),
  chat: $("call-chat-form"),
  text: $("call-chat-text"),
};
const call = {
  pc: null,
  ws: null,
  session: null,
  offerer: false,
  mode: "audio",
  local: new MediaStream(),
  peerPresent: false,
  ended: false,
  retry: 1000,
  iceServers: cfg.iceServers,
  iceExpiresAt: cfg.iceExpiresAt ? Date.parse(cfg.iceExpiresAt) : null,
  sessionStartedAt: 0,
  joinedAt: null,
  connectedAt: null,
  videoDropped: null,
  lowCount: 0,
  last: null,
  quality: null,
  pending: [],
  queue: Promise.resolve(),
  ticks: 0,
  fec: false, // in-band FEC for the audio we send: off until the peer reports loss
  lossyCount: 0,
};
window.__call = call;

const say = (text) => (ui.status.textContent = text);
const notice = (text) => {
  ui.notice.textContent = text;
  ui.notice.hidden = !text;
};
const send = (message) => {
  if (!call.ws || call.ws.readyState !== WebSocket.OPEN) return false;
  call.ws.send(JSON.stringify(message));
  return true;
};
const newId = () => Math.random().toString(36).slice(2, 12) + Date.now().toString(36);
const connected = () => call.pc && call.pc.connectionState === "connected";

// --- Opus for narrow links -------------------------------------------------------------
function mungeOpus(sdp) {
  const rtpmap = sdp.match(/a=rtpmap:(\d+) opus\/48000\/2/i);
  if (!rtpmap) return sdp;
  const pt = rtpmap[1];
  const want = {
    minptime: 10,
    // Applied to both descriptions, so it decides what this side sends: FEC costs bitrate
    // and helps only where packets are lost.
    useinbandfec: call.fec ? 1 : 0,
    usedtx: 1,
    stereo: 0,
    "sprop-stereo": 0,
    maxplaybackrate: 16000,
    maxaveragebitrate: tune.opusMaxAverageBitrate,
  };
  const merge = (params) => {
    const map = new Map(
      params
        .split(";")
        .map((p) => p.trim().split("="))
        .filter((p) => p[0]),
    );
    for (const [k, v] of Object.entries(want)) map.set(k, String(v));
    return [...map].map(([k, v]) => k + "=" + v).join(";");
  };
  const fmtp = new RegExp("a=fmtp:" + pt + " ([^\\r\\n]*)");
  if (fmtp.test(sdp)) sdp = sdp.replace(fmtp, (_, p) => "a=fmtp:" + pt + " " + merge(p));
  else sdp = sdp.replace(rtpmap[0], rtpmap[0] + "\r\na=fmtp:" + pt + " " + merge(""));
  // Longer packets: at 120 ms the 50 bytes of RTP/UDP/IP/SRTP overhead cost ~3 kbit/s, not 20.
  sdp = sdp.replace(/(m=audio[\s\S]*?)(?=\r\nm=|\r\n$|$)/, (section) =>
    /a=ptime:/.test(section)
      ? section.replace(/a=ptime:\d+/, "a=ptime:" + tune.ptime)
      : section.replace(rtpmap[0], rtpmap[0] + "\r\na=ptime:" + tune.ptime),
  );
  // Audio-only: no send-side bandwidth estimation. Its probes pad the audio stream (measured
  // ~15 kbit/s extra on the wire) and the bitrate is capped anyway; RTT and loss still come
  // from STUN and RTCP. An answer without these extensions switches them off for both sides.
  if (call.mode !== "video") {
    sdp = sdp
      .split("\r\n")
      .filter((l) => !/^a=(extmap:\d+\S* \S*(transport-wide-cc|abs-send-time)|rtcp-fb:\d+ transport-cc)/.test(l))
      .join("\r\n");
  }
  return sdp;
}

async function capSenders() {
  if (!call.pc) return;
  for (const sender of call.pc.getSenders()) {
    if (!sender.track) continue;
    const p = sender.getParameters();
    if (!p.encodings || !p.encodings.length) p.encodings = [{}];
    const e = p.encodings[0];
    if (sender.track.kind === "audio") {
      e.maxBitrate = tune.audioMaxBitrate;
      // DSCP marking only: a higher bitrate "priority" makes Chrome pad the audio stream for
      // bandwidth probing, ~15 kbit/s more on the wire (measured by bench/call_room.py).
      e.networkPriority = "high";
    } else {
      const h = sender.track.getSettings().height || tune.videoHeight;
      e.maxBitrate = tune.videoMaxBitrate;
      e.maxFramerate = tune.videoMaxFramerate;
      e.scaleResolutionDownBy = Math.max(1, h / tune.videoHeight);
    }
    await sender.setParameters(p).catch(() => {});
  }
}

// --- media ---------------------------------------------------------------------------
async function openMedia(mode) {
  const audio = { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 };
  if (mode === "video") {
    try {
      const video = { width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { max: 15 } };
      return await navigator.mediaDevices.getUserMedia({ audio, video });
    } catch (e) {
      notice(T.cameraFailed);
      call.mode = "audio";
    }
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ audio });
  } catch (e) {
    notice(T.micFailed);
    return new MediaStream();
  }
}

const track = (kind) => call.local.getTracks().find((t) => t.kind === kind && t.readyState === "live");

async function dropVideo(reason) {
  if (call.videoDropped) return;
  call.videoDropped = reason;
  call.mode = "audio";
  for (const sender of call.pc ? call.pc.getSenders() : []) {
    if (sender.track && sender.track.kind === "video") await sender.replaceTrack(null);
  }
  call.local.getVideoTracks().forEach((t) => t.stop());
  ui.local.hidden = ui.camera.hidden = true;
  notice(reason === "bandwidth" ? T.videoOffBandwidth : T.videoOff);
  send({ type: "state", video: false, reason });
}

// --- peer connection -----------------------------------------------------------------
function closePc() {
  if (call.pc) {
    call.pc.onicecandidate = call.pc.ontrack = call.pc.onconnectionstatechange = null;
    call.pc.close();
  }
  call.pc = null;
  call.pending = [];
  call.last = null;
  ui.remote.srcObject = null;
}

function newPc(session) {
  closePc();
  call.session = session;
  const pc = new RTCPeerConnection({ iceServers: call.iceServers, bundlePolicy: "max-bundle" });
  call.pc = pc;
  pc.onicecandidate = (e) =>
    send({ type: "candidate", candidate: e.candidate ? e.candidate.toJSON() : null, session });
  pc.ontrack = (e) => {
    ui.remote.srcObject = e.streams[0] || new MediaStream([e.track]);
    ui.remote.play().catch(() => {});
  };
  pc.onconnectionstatechange = () => onPcState(pc);
  return pc;
}

function onPcState(pc) {
  if (pc !== call.pc) return;
  const state = pc.connectionState;
  if (state === "connected") {
    call.connectedAt = call.connectedAt || Date.now();
    say(T.connected);
    capSenders();
  } else if (!call.peerPresent && ["disconnected", "failed", "closed"].includes(state)) {
    say(T.peerLeft);
  } else if (state === "disconnected") {
    say(T.unstable);
  } else if (state === "failed") {
    say(T.reconnecting);
    renegotiate();
  }
}

async function refreshIce() {
  if (!call.iceExpiresAt || Date.now() < call.iceExpiresAt - 60000) return;
  try {
    const r = await fetch(cfg.iceUrl, { credentials: "same-origin" });
    if (r.ok) {
      const body = await r.json();
      call.iceServers = body.iceServers;
      call.iceExpiresAt = body.expiresAt ? Date.parse(body.expiresAt) : null;
    }
  } catch (e) {
    /* keep the old servers; the restart may still work on host/STUN candidates */
  }
}

function renegotiate() {
  if (!call.peerPresent || call.ended) return;
  if (call.offerer) startSession();
  else send({ type: "restart" });
}

async function startSession() {
  const busy = call.pc && ["new", "connecting"].includes(call.pc.connectionState);
  if (busy && Date.now() - call.sessionStartedAt < 4000) return;
  call.sessionStartedAt = Date.now();
  await refreshIce();
  const session = newId();
  const pc = newPc(session);
  const audio = track("audio");
  if (audio) pc.addTransceiver(audio, { direction: "sendrecv", streams: [call.local] });
  else pc.addTransceiver("audio", { direction: "recvonly" });
  if (call.mode === "video") {
    const video = track("video");
    if (video) pc.addTransceiver(video, { direction: "sendrecv", streams: [call.local] });
    else pc.addTransceiver("video", { direction: "recvonly" });
  }
  const offer = await pc.createOffer();
  await pc.setLocalDescription({ type: "offer", sdp: mungeOpus(offer.sdp) });
  send({ type: "offer", sdp: pc.localDescription.sdp, session });
}

// Same session, same connection: a new offer/answer only to change the codec parameters
// (in-band FEC on). The call goes on without a gap.
async function renegotiateInPlace() {
  const pc = call.pc;
  if (!call.offerer || !pc || pc.signalingState !== "stable") return;
  const offer = await pc.createOffer();
  await pc.setLocalDescription({ type: "offer", sdp: mungeOpus(offer.sdp) });
  send({ type: "offer", sdp: pc.localDescription.sdp, session: call.session });
}

function lossReported() {
  if (call.fec) return;
  call.fec = true;
  if (call.offerer) renegotiateInPlace();
  else send({ type: "fec" }); // the offerer makes every offer
}

async function onOffer(message) {
  if (call.offerer) return;
  if (call.pc && message.session === call.session && call.pc.signalingState === "stable") {
    const pc = call.pc;
    await pc.setRemoteDescription({ type: "offer", sdp: mungeOpus(message.sdp) });
    const answer = await pc.createAnswer();
    await pc.setLocalDescription({ type: "answer", sdp: mungeOpus(answer.sdp) });
    send({ type: "answer", sdp: pc.localDescription.sdp, session: message.session });
    return;
  }
  await refreshIce();
  const pc = newPc(message.session);
  await pc.setRemoteDescription({ type: "offer", sdp: mungeOpus(message.sdp) });
  for (const t of pc.getTransceivers()) {
    const kind = t.receiver.track.kind;
    const mine = kind === "video" && call.mode !== "video" ? null : track(kind);
    if (kind === "video" && call.mode !== "video") t.direction = "inactive";
    else if (mine) {
      await t.sender.replaceTrack(mine);
      t.sender.setStreams && t.sender.setStreams(call.local);
      t.direction = "sendrecv";
    } else t.direction = "recvonly";
  }
  const answer = await pc.createAnswer();
  await pc.setLocalDescription({ type: "answer", sdp: mungeOpus(answer.sdp) });
  send({ type: "answer", sdp: pc.localDescription.sdp, session: message.session });
  flushCandidates();
}

async function onAnswer(message) {
  const pc = call.pc;
  if (!call.offerer || !pc || message.session !== call.session) return;
  if (pc.signalingState !== "have-local-offer") return;
  await pc.setRemoteDescription({ type: "answer", sdp: mungeOpus(message.sdp) });
  flushCandidates();
}

function onCandidate(message) {
  if (!call.pc || message.session !== call.session) return;
  if (!call.pc.remoteDescription) call.pending.push(message.candidate);
  else call.pc.addIceCandidate(message.candidate || undefined).catch(() => {});
}

function flushCandidates() {
  const pending = call.pending;
  call.pending = [];
  pending.forEach((c) => call.pc.addIceCandidate(c || undefined).catch(() => {}));
}

// --- quality and the automatic fall back to audio-only ---------------------------------
async function sample() {
  const pc = call.pc;
  if (!pc || pc.connectionState !== "connected") return;
  const report = await pc.getStats();
  let pair = null;
  let loss = 0;
  let audioLoss = null;
  let videoSending = false;
  const pairs = {};
  let selected = null;
  report.forEach((s) => {
    if (s.type === "candidate-pair") pairs[s.id] = s;
    if (s.type === "transport" && s.selectedCandidatePairId) selected = s.selectedCandidatePairId;
    if (s.type === "remote-inbound-rtp" && typeof s.fractionLost === "number") {
      loss = Math.max(loss, s.fractionLost);
      if (s.kind === "audio") audioLoss = s.fractionLost;
    }
    if (s.type === "outbound-rtp" && s.kind === "video" && s.bytesSent > 0) videoSending = true;
  });
  pair = pairs[selected] || Object.values(pairs).find((p) => p.nominated && p.state === "succeeded");
  if (!pair) return;
  const rtt = pair.currentRoundTripTime || 0;
  const available = pair.availableOutgoingBitrate;
  call.quality = { rtt, loss, available };
  const level = rtt < 0.4 && loss < 0.03 ? "Good" : rtt < 1.0 && loss < 0.1 ? "Fair" : "Poor";
  const detail = T.qualityDetail.replace("{rtt}", Math.round(rtt * 1000)).replace("{loss}", Math.round(loss * 100) + "%");
  ui.quality.textContent = T["quality" + level] + " · " + detail;
  const sendingVideo = videoSending && !call.videoDropped && track("video");
  const low = (available !== undefined && available < tune.minVideoBitrate) || loss > tune.maxVideoLoss;
  call.lowCount = sendingVideo && low ? call.lowCount + 1 : 0;
  if (call.lowCount >= tune.lowSamples) dropVideo("bandwidth");
  // Loss of the audio we send, as the peer's receiver reports it (RTCP).
  call.lossyCount = audioLoss !== null && audioLoss >= tune.fecLoss ? call.lossyCount + 1 : 0;
  if (call.lossyCount >= tune.fecSamples) lossReported();
}

// --- signalling ------------------------------------------------------------------------
const FINAL = { 4000: "replaced", 4401: "refused", 4403: "refused", 4404: "refused", 4409: "closed" };

function connect() {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const ws = new WebSocket(scheme + location.host + cfg.ws);
  call.ws = ws;
  ws.onopen = () => (call.retry = 1000);
  // One message at a time: candidates must not overtake the offer they belong to.
  ws.onmessage = (e) => {
    call.queue = call.queue.then(() => handle(JSON.parse(e.data))).catch((err) => console.warn(err));
  };
  ws.onclose = (e) => {
    if (call.ended || ws !== call.ws) return;
    if (FINAL[e.code]) return end(T[FINAL[e.code]]);
    if (!connected()) say(T.reconnecting);
    setTimeout(connect, call.retry);
    call.retry = Math.min(call.retry * 2, 15000);
  };
}

function peerArrived() {
  call.peerPresent = true;
  say(connected() ? T.connected : T.connecting);
  send({ type: "state", video: call.mode === "video" });
  if (call.offerer) {
    if (!connected()) startSession();
  } else {
    setTimeout(() => {
      const dead = !call.pc || ["failed", "closed"].includes(call.pc.connectionState);
      if (call.peerPresent && dead) send({ type: "restart" });
    }, 2000);
  }
}

async function handle(m) {
  switch (m.type) {
    case "welcome":
      call.offerer = m.offerer;
      if (!connected()) say(T.waiting);
      break;
    case "peer_here":
    case "peer_joined":
      peerArrived();
      break;
    case "peer_left":
      // Its signalling is gone; its media may still flow for a moment (or on, after a blip).
      call.peerPresent = false;
      say(T.peerLeft);
      break;
    case "offer":
      await onOffer(m);
      break;
    case "answer":
      await onAnswer(m);
      break;
    case "candidate":
      onCandidate(m);
      break;
    case "restart":
      if (call.offerer) startSession();
      break;
    case "fec":
      if (call.offerer) renegotiateInPlace();
      break;
    case "bye":
      closePc();
      say(T.peerHungUp);
      break;
    case "state":
      if (m.video === false) notice(m.reason === "bandwidth" ? T.peerVideoOffBandwidth : T.peerVideoOff);
      break;
    case "chat":
      addChat(cfg.peer, m.text, false);
      break;
    case "closing":
      end(T.closed);
      break;
  }
}

function addChat(who, text, mine) {
  const li = document.createElement("li");
  const b = document.createElement("b");
  b.textContent = who;
  li.append(b, text);
  if (mine) li.className = "me";
  ui.log.append(li);
  ui.log.scrollTop = ui.log.scrollHeight;
}

function end(text) {
  if (call.ended) return;
  call.ended = true;
  closePc();
  if (call.ws) call.ws.close(1000);
  call.local.getTracks().forEach((t) => t.stop());
  clearInterval(call.timer);
  say(text);
  ui.quality.textContent = "";
  ui.hangup.hidden = ui.mute.hidden = ui.camera.hidden = true;
  ui.rejoin.hidden = false;
  // The clinician's next step after the call: the consultation note (absent for the seafarer
  // and in the hotline's voice room).
  const note = $("call-note");
  if (note) note.hidden = false;
}

// --- the page --------------------------------------------------------------------------
ui.prejoin.addEventListener("submit", async (e) => {
  e.preventDefault();
  call.mode = new FormData(ui.prejoin).get("mode") === "video" ? "video" : "audio";
  ui.prejoin.hidden = true;
  ui.stage.hidden = false;
  say(T.preparing);
  call.local = await openMedia(call.mode);
  if (call.mode === "video" && track("video")) {
    ui.local.srcObject = call.local;
    ui.local.hidden = ui.camera.hidden = false;
  } else ui.remote.hidden = true;
  call.joinedAt = Date.now();
  connect();
  call.timer = setInterval(() => {
    if (++call.ticks % 10 === 0) send({ type: "ping" }); // keeps NAT and proxies open
    sample().catch(() => {});
  }, tune.statsMs);
});

ui.mute.addEventListener("click", () => {
  const audio = track("audio");
  if (!audio) return;
  audio.enabled = !audio.enabled;
  ui.mute.textContent = audio.enabled ? T.mute : T.unmute;
  send({ type: "state", muted: !audio.enabled });
});
ui.camera.addEventListener("click", () => dropVideo("user"));
ui.hangup.addEventListener("click", () => {
  send({ type: "bye" });
  end(T.ended);
});
ui.chat.addEventListener("submit", (e) => {
  e.preventDefault();
  const text = ui.text.value.trim();
  if (!text) return;
  if (!send({ type: "chat", text, id: newId() })) return notice(T.chatNotSent);
  addChat(T.me, text, true);
  ui.text.value = "";
  if (!call.peerPresent) notice(T.chatPeerAbsent);
});
window.addEventListener("pagehide", () => call.ws && call.ws.close(1000));
