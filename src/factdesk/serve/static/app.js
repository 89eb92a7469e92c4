// factdesk: progressive enhancement only; every page works without this file.
// Article page: click (or Enter on) a highlight to pin its details in the side
// panel; checkboxes hide or show each highlight layer.  Text is inserted with
// textContent only, never as HTML.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  function visible(text) {  // bidi controls shown as [U+202E], as the server does
    return String(text).replace(BIDI, function (c) {
      return "[U+" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + "]";
    });
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = visible(text);
    if (cls) node.className = cls;
    return node;
  }
  var LABELS = { does_not_deny: "declined to deny" };
  function describe(a) {
    var rows = [];
    if (a.layer === "quote") rows = [["Quote", a.kind], ["Speaker", a.speaker || "unknown"], ["Cue", a.cue || "none"]];
    else if (a.layer === "speaker") rows = [["Speaker", a.speaker || "unknown"]];
    else if (a.layer === "cue") rows = [["Cue", a.cue_lemma || "none"]];
    else if (a.layer === "claim") rows = [["Claim by", a.source || "the outlet"], ["Stance", LABELS[a.stance] || a.stance], ["Cue", a.cue || "none"]];
    else if (a.layer === "entity") rows = [["Entity", a.name + " (" + a.entity_kind + ")"]];
    else if (a.layer === "fact") rows = [["Quantity", a.text + (a.qualifier !== "exact" ? " (" + a.qualifier.replace("_", " ") + ")" : "")], ["Counts", a.counts || "unknown"], ["Where", a.place || "not said"], ["When", a.date ? a.date.text + " → " + resolved(a.date) : "not said"]];
    else if (a.layer === "date") rows = [["Date", a.text], ["Resolved", resolved(a)]];
    return rows;
  }
  function resolved(d) {
    if (!d.resolved_start) return "not resolved";
    return d.resolved_start === d.resolved_end ? d.resolved_start : d.resolved_start + " to " + d.resolved_end;
  }
  function link(a) {
    if (a.layer === "claim" && a.claim_id) return ["/claims/" + encodeURIComponent(a.claim_id), "claim page"];
    if (a.layer === "entity") return ["/entities/" + encodeURIComponent(a.id), "entity page"];
    if (a.layer === "fact" && a.place_id) return ["/entities/" + encodeURIComponent(a.place_id), "place page"];
    if ((a.layer === "quote" || a.layer === "speaker") && a.speaker_id) return ["/entities/" + encodeURIComponent(a.speaker_id), "speaker page"];
    return null;
  }
  function setup() {
    var data = document.getElementById("annotations");
    var text = document.getElementById("text");
    var panel = document.getElementById("panel");
    if (!data || !text || !panel) return;
    var annotations = JSON.parse(data.textContent);
    var pinned = null;
    function show(span) {
      panel.replaceChildren();
      var ids = (span.getAttribute("data-a") || "").split(" ");
      ids.forEach(function (id) {
        var a = annotations[Number(id)];
        if (!a || a.layer === "headline") return;
        var dl = el("dl");
        describe(a).forEach(function (row) { dl.appendChild(el("dt", row[0])); dl.appendChild(el("dd", row[1])); });
        var target = link(a);
        if (target) { var anchor = el("a", "→ " + target[1]); anchor.href = target[0]; dl.appendChild(el("dd")).appendChild(anchor); }
        panel.appendChild(dl);
      });
    }
    text.addEventListener("click", function (event) {
      var span = event.target.closest("span[data-a]");
      if (!span) return;
      if (pinned) pinned.classList.remove("pinned");
      pinned = span; span.classList.add("pinned"); show(span);
    });
    text.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.matches("span[data-a]")) event.target.click();
    });
    document.querySelectorAll("#layers input[data-layer]").forEach(function (box) {
      box.addEventListener("change", function () { text.classList.toggle("hide-" + box.dataset.layer, !box.checked); });
    });
  }
  function busy() {
    var form = document.querySelector("form.ingest");
    if (!form) return;
    form.addEventListener("submit", function () { var note = form.querySelector(".busy"); if (note) note.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", function () { setup(); busy(); });
})();
