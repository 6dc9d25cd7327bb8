/* The encoder page: reads the form, builds the frame with frames.js, shows hex and Base64.
   The counter is max(last used + 1, seconds since 2024): the page and the command line can
   both send for one device without sharing state, and a counter never repeats (FRAME.md). */
(function () {
  "use strict";
  var book = JSON.parse(document.getElementById("sea-frames-book").textContent);
  var text = document.getElementById("sea-frames-text").dataset;
  var form = document.getElementById("encoder");
  var setup = document.getElementById("setup");
  var remember = document.getElementById("remember");
  var kind = document.getElementById("kind");
  var problem = document.getElementById("problem");
  var SETUP_KEY = "seaFrames.setup";

  function counterKey(deviceId) { return "seaFrames.counter." + deviceId; }

  function nextCounter(deviceId, now) {
    var last = Number(localStorage.getItem(counterKey(deviceId)) || 0);
    return Math.max(last + 1, now - book.epoch);
  }

  function digits(value, code) {
    var clean = value.replace(/\s+/g, "");
    if (!/^\d+$/.test(clean)) { throw new Error(text.badAnswers); }
    var values = clean.split("").map(Number);
    if (values.length !== book.instruments[code].items.length) { throw new Error(text.badAnswers); }
    return values;
  }

  function position() {
    var lat = document.getElementById("lat").value.trim(), lon = document.getElementById("lon").value.trim();
    if (!lat && !lon) { return null; }
    var p = { lat: Number(lat), lon: Number(lon) };
    if (!(lat && lon && p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180)) { throw new Error(text.badPosition); }
    return p;
  }

  function spec(device, now) {
    var s = { deviceId: device.deviceId, key: device.key, counter: nextCounter(device.deviceId, now), madeAt: now, type: kind.value };
    if (s.type === "screening") {
      s.instruments = [];
      form.querySelectorAll("input[data-code]").forEach(function (input) {
        if (input.value.trim()) { s.instruments.push({ code: input.dataset.code, values: digits(input.value, input.dataset.code) }); }
      });
      if (!s.instruments.length) { throw new Error(text.empty); }
    } else if (s.type === "callback") {
      s.afterQuarters = Number(document.getElementById("after").value);
      s.lengthQuarters = Number(document.getElementById("length").value);
      s.target = Number(document.getElementById("target").value);
    } else {
      s.position = position();
      var phq4 = document.getElementById("p-phq4").value.trim(), who5 = document.getElementById("p-who5").value.trim();
      if (s.type === "check_in" && phq4 && who5) { s.pulse = [digits(phq4, "phq4"), digits(who5, "who5")]; }
    }
    return s;
  }

  function show(kindValue) {
    form.querySelectorAll("fieldset[data-for]").forEach(function (set) {
      set.hidden = set.dataset.for.split(" ").indexOf(kindValue) < 0;
    });
  }

  function fail(message) {
    problem.textContent = message;
    problem.hidden = false;
    document.getElementById("result").hidden = true;
  }

  kind.addEventListener("change", function () { show(kind.value); });
  show(kind.value);
  if (localStorage.getItem(SETUP_KEY)) { setup.value = localStorage.getItem(SETUP_KEY); remember.checked = true; }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    problem.hidden = true;
    var device = window.seaFrames.parseSetup(setup.value);
    if (!device) { fail(text.badSetup); return; }
    var s;
    try { s = spec(device, Math.floor(Date.now() / 1000)); } catch (error) { fail(error.message); return; }
    window.seaFrames.encodeFrame(book, s).then(function (frame) {
      localStorage.setItem(counterKey(device.deviceId), String(s.counter));
      if (remember.checked) { localStorage.setItem(SETUP_KEY, setup.value.trim()); } else { localStorage.removeItem(SETUP_KEY); }
      document.getElementById("out-hex").value = window.seaFrames.toHex(frame);
      document.getElementById("out-b64").value = window.seaFrames.toBase64(frame);
      var fits = frame.length <= book.limits.beidou ? text.fits : text.iridium;
      document.getElementById("size").textContent = frame.length + " " + text.bytes + " · " + fits;
      document.getElementById("result").hidden = false;
    }, function () { fail(text.badAnswers); });
  });
})();
