// The grid app's service worker (served at /grid/sw.js, scope /grid/): keeps the report form
// and the static files it needs so that a grid worker can open it with no signal.
//
// - A page sends {type: "cache", urls: [...]} once it is controlled: the worker fetches and keeps
//   those (the report page, its styles and scripts), replying on the message's port.
// - Pages under the scope: network first; with no network, the kept copy of the same page, else
//   the kept report form (no list or record page is ever kept on the phone: only the form).
// - Static files: network first, then the kept copy.
// - Everything else, and every non-GET request (the report's own post), goes to the network as
//   it is: the page's outbox (grid/outbox.js) keeps the draft when that fails.
"use strict";

var CACHE = "fazhi-grid-offline-v1";
var SCOPE = new URL(self.registration.scope).pathname; // "/grid/"
var REPORT = SCOPE + "events/report/";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("fazhi-grid-offline-") === 0 && name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

function keepable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

function keep(urls) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(
      urls.map(function (url) {
        var path = new URL(url, self.location.href);
        if (path.origin !== self.location.origin) {
          return null;
        }
        return fetch(path.href, { credentials: "same-origin", cache: "no-store" })
          .then(function (response) {
            if (keepable(response)) {
              return cache.put(path.pathname === REPORT ? REPORT : path.href, response);
            }
            return null;
          })
          .catch(function () {
            return null;
          });
      })
    );
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "cache" || !Array.isArray(data.urls)) {
    return;
  }
  var port = event.ports && event.ports[0];
  event.waitUntil(
    keep(data.urls).then(function () {
      if (port) {
        port.postMessage({ kept: data.urls.length });
      }
    })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  var page = request.mode === "navigate" && url.pathname.indexOf(SCOPE) === 0;
  var asset = url.pathname.indexOf("/static/") === 0;
  if (!page && !asset) {
    return;
  }
  event.respondWith(
    fetch(request)
      .then(function (response) {
        if (keepable(response) && (asset || url.pathname === REPORT)) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) {
            cache.put(page ? REPORT : request, copy);
          });
        }
        return response;
      })
      .catch(function () {
        return caches.open(CACHE).then(function (cache) {
          if (asset) {
            return cache.match(request).then(function (found) {
              return found || Response.error();
            });
          }
          return cache.match(REPORT).then(function (found) {
            return found || Response.error();
          });
        });
      })
  );
});
