// The inspection app's service worker (scope /credit/loan-inspections/). It keeps the blank inspection form and the files it
// needs, so the form opens without a signal; the inspections themselves are queued by inspection-offline.js in
// IndexedDB, never here. API calls always go to the network: an answer from a cache would hide that nothing was sent.
'use strict';

var CACHE = 'rl-inspections-v1';
var FORM = '/credit/loan-inspections/new';
var FILES = [FORM, '/lib/bootstrap/bootstrap.min.css', '/lib/bootstrap/bootstrap.bundle.min.js', '/css/site.css', '/js/site.js',
  '/js/inspection-offline.js', '/favicon.svg', '/manifest.webmanifest'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(FILES.map(function (url) {
      // A signed-out fetch of the form is redirected to sign-in: that page is not the form and is not kept.
      return fetch(url, { credentials: 'same-origin' }).then(function (response) {
        if (response.ok && !response.redirected) {
          return cache.put(url, response);
        }
      }).catch(function () { });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('rl-inspections-') === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function cacheKey(request) {
  var url = new URL(request.url);
  // Only the blank form is kept among pages: a form opened for one loan shows that household, which stays off the cache.
  if (request.mode === 'navigate') {
    return url.pathname === FORM && !url.search ? FORM : null;
  }
  return FILES.indexOf(url.pathname) >= 0 ? url.pathname : null;
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.indexOf('/api/') === 0) {
    return;
  }
  var key = cacheKey(request);
  event.respondWith(fetch(request).then(function (response) {
    if (key && response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(key, copy); });
    }
    return response;
  }).catch(function () {
    // No signal: the kept copy, and for any inspection page the blank form.
    var fallback = key || (request.mode === 'navigate' ? FORM : url.pathname);
    return caches.match(fallback, { ignoreSearch: true }).then(function (hit) {
      return hit || Response.error();
    });
  }));
});
