/* The sea frame encoder in the browser (sea_frames/FRAME.md; the reference is codec.py, and
   tests/sea_frames/test_browser_encoder.py checks both give identical bytes).
   WebCrypto has no AES-CCM, so CCM (RFC 3610, NIST SP 800-38C) is built from its AES-CBC
   (the CBC-MAC over the formatted blocks, IV zero: the last ciphertext block before
   WebCrypto's padding block is the MAC) and AES-CTR (the keystream from counter block A0:
   S0 masks the tag, S1… the payload). No library, nothing from a CDN. */
(function () {
  "use strict";

  var VERSION = 1, TAG = 8, UP = 0x55, DOWN = 0x44, LABEL = [0x53, 0x48, 0x46, 0x31]; // "SHF1"
  var TYPES = { screening: 1, callback: 2, check_in: 3, sos: 4, ack: 15 };
  var STEPS = 10000;

  function Bits() { this.bits = []; }
  Bits.prototype.write = function (value, width) {
    if (!(Number.isInteger(value) && value >= 0 && value < Math.pow(2, width))) {
      throw new RangeError(value + " does not fit in " + width + " bits");
    }
    for (var i = width - 1; i >= 0; i--) { this.bits.push(Math.floor(value / Math.pow(2, i)) % 2); }
  };
  Bits.prototype.bytes = function () {
    var out = new Uint8Array(Math.ceil(this.bits.length / 8));
    this.bits.forEach(function (bit, i) { if (bit) { out[i >> 3] |= 0x80 >> (i & 7); } });
    return out;
  };

  function width(values) {
    var n = values.length - 1, w = 0;
    while (n > 0) { w += 1; n >>= 1; }
    return Math.max(1, w);
  }

  function writeAnswers(out, book, code, values) {
    var items = book.instruments[code].items;
    if (values.length !== items.length) { throw new RangeError(code + ": " + items.length + " answers needed"); }
    items.forEach(function (item, i) {
      var index = item.values.indexOf(values[i]);
      if (index < 0) { throw new RangeError(item.id + ": no option " + values[i]); }
      out.write(index, width(item.values));
    });
  }

  function writePosition(out, position) {
    if (!(position.lat >= -90 && position.lat <= 90 && position.lon >= -180 && position.lon <= 180)) {
      throw new RangeError("position out of range");
    }
    out.write(Math.floor((position.lat + 90) * STEPS + 0.5), 21);
    out.write(Math.floor((position.lon + 180) * STEPS + 0.5) % (360 * STEPS), 22);
  }

  function payload(book, spec) {
    var out = new Bits();
    out.write(spec.madeAt - book.epoch, 32);
    if (spec.type === "screening") {
      if (!spec.instruments.length) { throw new RangeError("no instrument"); }
      spec.instruments.forEach(function (answers) {
        out.write(book.instruments[answers.code].number, 4);
        writeAnswers(out, book, answers.code, answers.values);
      });
      out.write(0, 4);
    } else if (spec.type === "callback") {
      out.write(spec.afterQuarters, 8);
      if (spec.lengthQuarters < 1) { throw new RangeError("window length"); }
      out.write(spec.lengthQuarters, 8);
      out.write(spec.target, 2);
    } else if (spec.type === "check_in") {
      out.write(spec.position ? 1 : 0, 1);
      out.write(spec.pulse ? 1 : 0, 1);
      if (spec.position) { writePosition(out, spec.position); }
      if (spec.pulse) {
        writeAnswers(out, book, "phq4", spec.pulse[0]);
        writeAnswers(out, book, "who5", spec.pulse[1]);
      }
    } else if (spec.type === "sos") {
      out.write(spec.position ? 1 : 0, 1);
      if (spec.position) { writePosition(out, spec.position); }
    } else {
      throw new RangeError("unknown type " + spec.type);
    }
    return out.bytes();
  }

  function uint32(n) { return [Math.floor(n / 16777216) % 256, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]; }

  function concat(parts) {
    var size = parts.reduce(function (s, p) { return s + p.length; }, 0), out = new Uint8Array(size), at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }

  function padded(bytes) {
    var out = new Uint8Array(Math.ceil(bytes.length / 16) * 16);
    out.set(bytes);
    return out;
  }

  /* AES-CCM encryption: ciphertext followed by a tagLength-byte tag. */
  async function ccm(key, nonce, plaintext, aad, tagLength) {
    var L = 15 - nonce.length, i, length = plaintext.length;
    var cbcKey = await crypto.subtle.importKey("raw", key, { name: "AES-CBC" }, false, ["encrypt"]);
    var ctrKey = await crypto.subtle.importKey("raw", key, { name: "AES-CTR" }, false, ["encrypt"]);
    var b0 = new Uint8Array(16);
    b0[0] = (aad.length ? 0x40 : 0) | (((tagLength - 2) / 2) << 3) | (L - 1);
    b0.set(nonce, 1);
    for (i = 15; i >= 16 - L; i--) { b0[i] = length & 255; length = Math.floor(length / 256); }
    var blocks = [b0];
    if (aad.length) { blocks.push(padded(concat([new Uint8Array([aad.length >> 8, aad.length & 255]), aad]))); }
    blocks.push(padded(plaintext));
    var macInput = concat(blocks);
    var chained = new Uint8Array(await crypto.subtle.encrypt(
      { name: "AES-CBC", iv: new Uint8Array(16) }, cbcKey, macInput));
    var mac = chained.slice(macInput.length - 16, macInput.length - 16 + tagLength);
    var a0 = new Uint8Array(16);
    a0[0] = L - 1;
    a0.set(nonce, 1);
    var stream = new Uint8Array(await crypto.subtle.encrypt(
      { name: "AES-CTR", counter: a0, length: L * 8 }, ctrKey, concat([new Uint8Array(16), plaintext])));
    var tag = mac.map(function (b, j) { return b ^ stream[j]; });
    return concat([stream.slice(16), tag]);
  }

  function fromHex(text) {
    var clean = String(text).replace(/\s+/g, "");
    if (!/^([0-9a-fA-F]{2})*$/.test(clean)) { throw new RangeError("not hex"); }
    var out = new Uint8Array(clean.length / 2);
    for (var i = 0; i < out.length; i++) { out[i] = parseInt(clean.substr(i * 2, 2), 16); }
    return out;
  }

  function toHex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function toBase64(bytes) { return btoa(String.fromCharCode.apply(null, Array.prototype.slice.call(bytes))); }

  /* spec: {deviceId, counter, key (hex), type, madeAt (Unix seconds), instruments, afterQuarters,
     lengthQuarters, target, position {lat, lon}, pulse [[PHQ-4], [WHO-5]]} → Promise<Uint8Array> */
  async function encodeFrame(book, spec) {
    var key = fromHex(spec.key);
    if (key.length !== 16) { throw new RangeError("a device key is 16 bytes"); }
    if (!(spec.deviceId > 0 && spec.deviceId <= 0xFFFFFFFF && spec.counter > 0 && spec.counter <= 0xFFFFFFFF)) {
      throw new RangeError("device id and counter are 1 to 2^32 - 1");
    }
    var type = TYPES[spec.type];
    var header = new Uint8Array([(VERSION << 4) | type].concat(uint32(spec.deviceId), uint32(spec.counter)));
    var nonce = new Uint8Array(uint32(spec.deviceId).concat(uint32(spec.counter), [type === 15 ? DOWN : UP], LABEL));
    return concat([header, await ccm(key, nonce, payload(book, spec), header, TAG)]);
  }

  /* "SHF1:<device id>:<key hex>" (the QR code's text) → {deviceId, key} */
  function parseSetup(text) {
    var match = /^\s*SHF1:(\d{1,10}):([0-9a-fA-F]{32})\s*$/.exec(text || "");
    if (!match || Number(match[1]) < 1 || Number(match[1]) > 0xFFFFFFFF) { return null; }
    return { deviceId: Number(match[1]), key: match[2].toLowerCase() };
  }

  window.seaFrames = {
    encodeFrame: encodeFrame, ccm: ccm, parseSetup: parseSetup,
    toHex: toHex, toBase64: toBase64, fromHex: fromHex
  };
})();
