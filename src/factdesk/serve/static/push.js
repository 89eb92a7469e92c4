// factdesk: turn on browser push notifications (notification settings page only).
// Registers /sw.js, asks for permission, subscribes with the server's VAPID
// key and POSTs the subscription (with the CSRF header) to the API.
(function () {
  "use strict";
  function status(text) {
    var node = document.getElementById("push-status");
    if (node) node.textContent = text;
  }
  function keyBytes(base64url) {
    var padded = base64url.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((base64url.length + 3) % 4);
    var raw = atob(padded);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function csrf() {
    var meta = document.querySelector("meta[name=csrf-token]");
    return meta ? meta.getAttribute("content") : "";
  }
  async function turnOn() {
    status("Asking the browser…");
    var registration = await navigator.serviceWorker.register("/sw.js");
    await navigator.serviceWorker.ready;
    var permission = await Notification.requestPermission();
    if (permission !== "granted") throw new Error("the browser did not allow notifications (" + permission + ")");
    var answer = await fetch("/api/push/key", { credentials: "same-origin" });
    if (!answer.ok) throw new Error("no push key from the server");
    var key = (await answer.json()).key;
    var subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
    var saved = await fetch("/api/push/subscriptions", {
      method: "POST", credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": csrf() },
      body: JSON.stringify(subscription.toJSON())
    });
    if (!saved.ok) {
      var problem = await saved.json().catch(function () { return {}; });
      throw new Error((problem.error && problem.error.message) || "the server refused the subscription");
    }
    status("Notifications are on in this browser. Manage them in the browser's preferences.");
    var box = document.querySelector("form.channels input[name=push]");
    if (box) box.checked = true;  // the server turned the channel on with the subscription
    document.body.dataset.push = "on";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("push-on");
    if (!button) return;
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      status("This browser cannot show push notifications.");
      return;
    }
    button.hidden = false;
    status("");
    button.addEventListener("click", function () {
      button.disabled = true;
      turnOn().catch(function (error) {
        status("Could not turn notifications on: " + error.message);
        document.body.dataset.push = "failed";
      }).finally(function () { button.disabled = false; });
    });
  });
})();
