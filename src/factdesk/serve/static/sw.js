// factdesk service worker: shows the notifications pushed to this browser.
// A push carries JSON {title, body, url}; clicking the notification opens url
// (same origin only).  Served at /sw.js so its scope is the whole site.
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function local(url) {
  try {
    var target = new URL(url || "/", self.location.origin);
    return target.origin === self.location.origin ? target.href : self.location.origin + "/inbox";
  } catch (e) {
    return self.location.origin + "/inbox";
  }
}

self.addEventListener("push", function (event) {
  var data = {};
  if (event.data) {
    try { data = event.data.json(); } catch (e) { data = { title: "factdesk", body: event.data.text() }; }
  }
  var title = String(data.title || "factdesk");
  event.waitUntil(self.registration.showNotification(title, {
    body: String(data.body || ""),
    tag: data.id ? "factdesk-" + data.id : undefined,
    data: { url: local(data.url) }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || local("/inbox");
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (open) {
    for (var i = 0; i < open.length; i++) {
      if (open[i].url === url && "focus" in open[i]) return open[i].focus();
    }
    return self.clients.openWindow(url);
  }));
});
