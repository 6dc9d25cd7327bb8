/* Seafarers' Home service worker (issue 14 item 1), served at /sw.js by offline/views.py,
   which fills in the __NAMES__ below. Plain JS, no framework.
   - Static files with hashed names: cache first, they never change under one name (others,
     in development: network first).
   - Pages: network first; a page is kept only when it says so in <meta name="offline"
     content="SCOPE KEEP"> (offline/scope.py), in the cache of that scope. A page arriving with
     another scope (signed out, someone else signed in, session over) first deletes every other
     seafarer's page cache: the pages of one person are never shown to the next. Staff pages
     (scope "none") are never kept.
   - No link: the kept page with a banner saying how old it is, or the offline page.
   - The outbox's forms are plain HTML forms: a post that fails for want of a link is queued
     (outbox.js) and the outbox page shown. Each page fetched over a link sends the outbox. */
'use strict';
var VERSION = '__VERSION__', SHELL = __SHELL__, FALLBACK = __FALLBACK__, OUTBOX_PAGE = __OUTBOX_PAGE__;
importScripts(__OUTBOX_JS__);
var STATIC = 'static-' + VERSION, META = 'offline-meta', scope = null;

// The offline page and the outbox page are fetched without cookies: their signed-out
// rendering, the same for everyone (fromCache gives them the current scope).
self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(STATIC).then(function (c) {
    return c.addAll(SHELL).then(function () {
      return Promise.all([FALLBACK, OUTBOX_PAGE].map(function (u) {
        return fetch(u, {credentials: 'omit'}).then(function (r) { return r.ok && c.put(u, r); });
      }));
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
    var m = /<meta name="offline" content="([^" ]+) ([01])"/.exec(html);
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
function word(html, name) {
  var m = new RegExp('data-' + name + '="([^"]*)"').exec(html);
  return m ? m[1] : '';
}
// How old the copy is, in the page's own language (the words are on its meta tag, escaped).
function age(html, ms) {
  var m = Math.max(1, Math.round(ms / 60000)), n = m, unit = 'minutes';
  if (m >= 1440) { n = Math.round(m / 1440); unit = 'days'; } else if (m >= 60) { n = Math.round(m / 60); unit = 'hours'; }
  return word(html, unit).replace('%(n)s', n);
}
// A kept copy with the banner saying how old it is; a shell page (offline, outbox) with the
// current scope, so that the outbox page lists this person's entries.
function fromCache(request) {
  return kept(request).then(function (r) {
    var saved = r && Number(r.headers.get('X-Saved'));
    var shell = r ? null : caches.match(new URL(request.url).pathname === OUTBOX_PAGE ? OUTBOX_PAGE : FALLBACK);
    return Promise.all([r || shell, currentScope()]).then(function (got) {
      var res = got[0], s = got[1];
      if (!res) return Response.error();
      return res.text().then(function (html) {
        if (saved) {
          var text = word(html, 'saved').replace('%(age)s', age(html, Date.now() - saved));
          html = html.replace('<main id="main">', '<main id="main"><p class="notice offline-banner" role="status">' + text + '</p>');
        } else {
          html = html.replace(/<meta name="offline" content="[^" ]+ /, '<meta name="offline" content="' + s + ' ');
        }
        return new Response(html, {status: 200, headers: new Headers(res.headers)});
      });
    });
  });
}
// There is a link: keep the page, then send what waits in the outbox ("on page open").
function page(event) {
  return fetch(event.request).then(function (res) {
    event.waitUntil(remember(res.clone()).then(sendOutbox));
    return res;
  }, function () { return fromCache(event.request); });
}
// Names without a content hash (development, DEBUG) may change under one name: network first.
function freshStatic(request) {
  return fetch(request).then(function (res) {
    if (res.ok) { var copy = res.clone(); caches.open(STATIC).then(function (c) { c.put(request, copy); }); }
    return res;
  }, function () { return caches.match(request).then(function (hit) { return hit || Response.error(); }); });
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
      return Outbox.add(copy, owner(s)).then(function () {
        if (self.registration.sync) self.registration.sync.register('outbox').catch(function () {});
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
    event.respondWith(/\.[0-9a-f]{12}\.\w+$/.test(url.pathname) ? staticFile(request) : freshStatic(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(page(event));
  }
});

// Sends this person's outbox, then tells the open pages to draw it again.
function sendOutbox() {
  return currentScope().then(function (s) { return Outbox.flush(owner(s)); }).then(function () {
    return self.clients.matchAll().then(function (list) { list.forEach(function (c) { c.postMessage('outbox'); }); });
  });
}

self.addEventListener('sync', function (event) {
  if (event.tag === 'outbox') event.waitUntil(sendOutbox());
});
