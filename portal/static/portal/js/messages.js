// A conversation's thread (jobs/templates/jobs/partials/thread.html): polls for
// new messages every 5 s while the page is visible, and sends the form with
// fetch. Without JavaScript the form posts and the page reloads.
(function () {
  "use strict";
  var box = document.getElementById("conversation");
  var thread = document.getElementById("thread");
  if (!box || !thread) { return; }
  var form = document.getElementById("message-form");
  var errorLine = document.getElementById("message-error");
  var pollUrl = box.dataset.pollUrl;
  var busy = false;

  function lastId() {
    var items = thread.querySelectorAll(".message");
    return items.length ? items[items.length - 1].dataset.messageId : (thread.dataset.lastId || "0");
  }

  function append(message) {
    if (thread.querySelector('.message[data-message-id="' + message.id + '"]')) { return; }
    var empty = document.getElementById("thread-empty");
    if (empty) { empty.remove(); }
    var li = document.createElement("li");
    li.className = "message mb-2" + (message.mine ? " text-end" : "");
    li.dataset.messageId = String(message.id);
    var meta = document.createElement("div");
    meta.className = "small text-body-secondary";
    meta.textContent = message.sender + " · " + message.time;
    var body = document.createElement("div");
    body.className = "message-body d-inline-block rounded px-2 py-1 " + (message.mine ? "bg-primary-subtle" : "bg-body-tertiary");
    body.style.whiteSpace = "pre-line";
    body.textContent = message.body;
    li.appendChild(meta);
    li.appendChild(body);
    thread.appendChild(li);
  }

  function poll() {
    if (busy || document.visibilityState !== "visible") { return Promise.resolve(); }
    busy = true;
    return fetch(pollUrl + "?after=" + encodeURIComponent(lastId()), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : { messages: [] };
    }).then(function (data) {
      data.messages.forEach(append);
      if (data.messages.length) {
        var badge = document.getElementById("unread-messages");
        if (badge) { badge.remove(); }
      }
    }).catch(function () {}).then(function () { busy = false; });
  }

  setInterval(poll, 5000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { poll(); }
  });

  if (form && window.fetch && window.FormData) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        if (!result.ok) {
          errorLine.textContent = result.data.error || "";
          errorLine.classList.remove("d-none");
          return;
        }
        errorLine.classList.add("d-none");
        form.querySelector("textarea[name=body]").value = "";
        busy = false;
        return poll();
      }).catch(function () {
        form.submit();
      }).then(function () { button.disabled = false; });
    });
  }
})();
