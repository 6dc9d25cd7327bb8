/* The outbox (issue 14 item 2): forms filled with no link wait in IndexedDB with their
   idempotency key and are sent when a link comes: on page open, on the `online` event, every
   30 s while a page is open, and by Background Sync (Chromium only; the others work alone).
   The same file runs in the page and, through importScripts, in the service worker (sw.js).
   A resend carries the same key (form field and Idempotency-Key header): the server stores
   it once. Entries carry their owner (offline/scope.py) and are only ever sent under that
   person's session. Pages with forms carry no script: with no link, the worker queues their
   posts (sw.js). No inline script: the page's words come from data attributes. */
(function (g) {
  'use strict';
  var STORE = 'items', STALE_MS = 60000, busy = false;
  // The forms that may wait: screening answers (also the at-sea check-in), message-board
  // questions and follow-ups, "help now" callbacks, activity sign-ups.
  var PATHS = [/^\/screening\/\d+\/[\w-]+\/$/, /^\/inquiries\/ask\/$/, /^\/inquiries\/\d+\/follow-up\/$/,
    /^\/alerts\/help-now\/(\d+\/callback\/)?$/, /^\/activities\/\d+\/sign-up\/$/];

  function db() {
    return new Promise(function (ok, no) {
      var r = indexedDB.open('outbox', 1);
      r.onupgradeneeded = function () { r.result.createObjectStore(STORE, {keyPath: 'key'}); };
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { no(r.error); };
    });
  }
  function tx(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (ok, no) {
        var t = d.transaction(STORE, mode), r = fn(t.objectStore(STORE));
        t.oncomplete = function () { d.close(); ok(r && r.result); };
        t.onerror = function () { d.close(); no(t.error); };
      });
    });
  }
  function all() { return tx('readonly', function (s) { return s.getAll(); }); }
  function put(item) { return tx('readwrite', function (s) { return s.put(item); }); }
  function kind(path) {
    for (var i = 0; i < PATHS.length; i++) if (PATHS[i].test(path)) return i;
    return -1;
  }
  function matches(path) { return kind(path) >= 0; }

  function keyOf(text) {
    var m = /(?:^|&)key=([^&]*)/.exec(text) || /name="key"\r\n\r\n([^\r]*)/.exec(text);
    return m ? decodeURIComponent(m[1].replace(/\+/g, ' ')) : '';
  }
  // A queued entry from a request (the page's own or the worker's failed navigation).
  function add(request, owner) {
    var type = request.headers.get('Content-Type') || '';
    return request.blob().then(function (body) {
      return body.text().then(function (text) {
        var item = {key: keyOf(text) || String(Date.now()) + Math.random(), url: request.url,
          kind: kind(new URL(request.url).pathname), body: body, type: type, owner: owner, at: Date.now(), state: 'waiting'};
        return put(item).then(function () { return item; });
      });
    });
  }

  function outcome(item, res) {
    var path = new URL(res.url).pathname;
    if (res.status >= 500 || res.status === 429) return Promise.resolve({state: 'waiting'});
    if (/^\/accounts\/login/.test(path)) return Promise.resolve({state: 'failed', reason: 'login'});
    if (res.status === 403 || res.status === 404) return Promise.resolve({state: 'failed', reason: 'refused'});
    return res.text().then(function (html) {
      var m = /class="error-box"[^>]*>([\s\S]*?)<\/div>/.exec(html);
      if (m || res.status >= 400) {
        return {state: 'failed', reason: 'form', detail: m ? m[1].replace(/<[^>]+>/g, '').trim() : String(res.status)};
      }
      return {state: 'done', result: res.url};
    });
  }
  function send(item) {
    item.state = 'sending'; item.tried = Date.now();
    return put(item).then(function () {
      return fetch(item.url, {method: 'POST', body: item.body, credentials: 'same-origin',
        headers: {'Content-Type': item.type, 'Idempotency-Key': item.key}});
    }).then(function (res) { return outcome(item, res); }, function () { return {state: 'waiting'}; })
      .then(function (o) {
        item.state = o.state; item.reason = o.reason || ''; item.detail = o.detail || ''; item.result = o.result || '';
        // Answers do not stay on a shared device once they are delivered or cannot be.
        if (o.state !== 'waiting') item.body = null;
        return put(item);
      });
  }
  // Sends this owner's waiting entries (and those left "sending" by an interrupted send) in turn.
  function flush(owner) {
    if (busy || !owner || owner === 'anon' || owner === 'none') return Promise.resolve();
    busy = true;
    return all().then(function (items) {
      var chain = Promise.resolve();
      items.forEach(function (item) {
        if (item.owner !== owner) return;
        if (item.state === 'waiting' || (item.state === 'sending' && Date.now() - item.tried > STALE_MS)) {
          chain = chain.then(function () { return send(item); });
        }
      });
      return chain;
    }).then(function () { busy = false; }, function () { busy = false; });
  }
  g.Outbox = {matches: matches, add: add, all: all, flush: flush};

  if (!g.document) return;  // in the service worker: sw.js drives it.

  // ---- the page: registers the worker, sends while open, draws the outbox page ----
  var doc = g.document, words = doc.currentScript.dataset;
  var meta = doc.querySelector('meta[name=offline]');
  var owner = meta ? meta.content.split(' ')[0].split('.')[0] : 'anon';

  function el(tag, cls, text) {
    var e = doc.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e;
  }
  function render() {
    var box = doc.getElementById('outbox');
    if (!box) return Promise.resolve();
    return all().then(function (items) {
      var mine = items.filter(function (i) { return i.owner === owner; }).sort(function (a, b) { return b.at - a.at; });
      box.textContent = '';
      if (!mine.length) { box.appendChild(el('p', 'help', words.empty)); return; }
      var ul = el('ul', 'outbox-list');
      mine.forEach(function (i) {
        var state = words[i.state];
        if (i.state === 'failed') state += ': ' + (words[i.reason] || '') + (i.detail ? ' ' + i.detail : '');
        var li = el('li', 'outbox-' + i.state);
        li.appendChild(el('strong', '', words['k' + i.kind] || new URL(i.url).pathname));
        li.appendChild(el('span', 'help', ' ' + new Date(i.at).toLocaleString() + ' · '));
        li.appendChild(el('span', 'outbox-state', state));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    });
  }
  function run() { return flush(owner).then(render); }

  if (g.navigator.serviceWorker) {
    g.navigator.serviceWorker.register('/sw.js').catch(function () {});
    g.navigator.serviceWorker.addEventListener('message', function (e) { if (e.data === 'outbox') render(); });
  }
  g.addEventListener('online', run);
  g.setInterval(run, 30000);
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', run);
  else run();
})(self);
