/* Seafarers' Home service worker (issue 14 item 1), served at /sw.js by offline/views.py,
   which fills in the __NAMES__ below. Plain JS, no framework.
   - Static files (hashed names): cache first, they never change under one name.
   - Pages: network first; a page is kept only when it says so in <meta name="offline"
     content="SCOPE KEEP"> (offline/scope.py), in the cache of that scope. A page arriving with
     another scope (signed out, someone else signed in, session over) first deletes every other
     seafarer's page cache: the pages of one person are never shown to the next. Staff pages
     (scope "none") are never kept.
   - No link: the kept page, marked with the time it was saved (the page shows a banner), or
     the offline page.
   - Form posts of the outbox's forms that fail for want of a link are queued (outbox.js). */
'use strict';
var VERSION = '__VERSION__', SHELL = __SHELL__, FALLBACK = __FALLBACK__, OUTBOX_PAGE = __OUTBOX_PAGE__;
importScripts(__OUTBOX_JS__);
var STATIC = 'static-' + VERSION, META = 'offline-meta', scope = null;

self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(STATIC).then(function (c) {
    return c.addAll(SHELL).then(function () {
      return fetch(FALLBACK, {credentials: 'omit'}).then(function (r) { return r.ok && c.put(FALLBACK, r); });
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return /^static-/.test(n) && n !== STATIC; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function currentScope() {
  if (scope !== null) return Promise.resolve(scope);
  return caches.open(META).then(function (c) { return c.match('/scope'); })
    .then(function (r) { return r ? r.text() : 'anon'; }).then(function (s) { scope = s; return s; });
}
function setScope(next) {
  return currentScope().then(function (prev) {
    if (prev === next) return;
    scope = next;
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return /^pages-/.test(n) && n !== 'pages-' + next && n !== 'pages-anon'; })
        .map(function (n) { return caches.delete(n); }));
    }).then(function () { return caches.open(META); }).then(function (c) { return c.put('/scope', new Response(next)); });
  });
}
function owner(s) { return s.split('.')[0]; }

// Reads the page's scope, clears other people's pages, keeps this one if it may be kept.
function remember(res) {
  if (res.status !== 200 || !/text\/html/.test(res.headers.get('Content-Type') || '')) return Promise.resolve();
  return res.text().then(function (html) {
    var m = /<meta name="offline" content="([^" ]+) ([01])">/.exec(html);
    if (!m) return;
    return setScope(m[1]).then(function () {
      if (m[2] !== '1' || m[1] === 'none') return;
      var headers = new Headers(res.headers);
      headers.set('X-Saved', String(Date.now()));
      headers.delete('Cache-Control');
      return caches.open('pages-' + m[1]).then(function (c) {
        return c.put(res.url, new Response(html, {status: 200, headers: headers}));
      });
    });
  });
}
function kept(request) {
  return currentScope().then(function (s) {
    var names = s === 'none' ? ['pages-anon'] : ['pages-' + s, 'pages-anon'];
    return names.reduce(function (found, name) {
      return found.then(function (r) {
        return r || caches.open(name).then(function (c) { return c.match(request, {ignoreVary: true}); });
      });
    }, Promise.resolve(null));
  });
}
// The saved copy, its <html> tag carrying the time it was saved (outbox.js shows the banner).
function fromCache(request) {
  return kept(request).then(function (r) {
    if (!r) return caches.match(FALLBACK);
    var headers = new Headers(r.headers), saved = r.headers.get('X-Saved') || '';
    return r.text().then(function (html) {
      return new Response(html.replace('<html', '<html data-saved="' + saved + '"'), {status: 200, headers: headers});
    });
  });
}
function page(event) {
  return fetch(event.request).then(function (res) {
    event.waitUntil(remember(res.clone()));
    return res;
  }, function () { return fromCache(event.request); });
}
function staticFile(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (res) {
      if (res.ok) { var copy = res.clone(); caches.open(STATIC).then(function (c) { c.put(request, copy); }); }
      return res;
    });
  });
}
function postOrQueue(event) {
  var copy = event.request.clone();
  return fetch(event.request).catch(function () {
    return currentScope().then(function (s) {
      if (s === 'anon' || s === 'none') return Response.error();
      return Outbox.add(copy, owner(s), '').then(function () {
        return Response.redirect(OUTBOX_PAGE, 303);
      });
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request, url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && request.mode === 'navigate' && Outbox.matches(url.pathname)) {
    event.respondWith(postOrQueue(event));
  } else if (request.method !== 'GET') {
    return;
  } else if (/^\/static\//.test(url.pathname)) {
    event.respondWith(staticFile(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(page(event));
  }
});

self.addEventListener('sync', function (event) {
  if (event.tag !== 'outbox') return;
  event.waitUntil(currentScope().then(function (s) { return Outbox.flush(owner(s)); }).then(function () {
    return self.clients.matchAll().then(function (list) { list.forEach(function (c) { c.postMessage('outbox'); }); });
  }));
});
