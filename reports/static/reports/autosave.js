// Saves a report draft as the liaison types (Art 22 reports; UI.md: nothing lost).
//
// - After a pause in typing, the form is posted to the autosave endpoint with the revision it was
//   loaded with; the answer carries the new revision.
// - A 409 means another tab (or person) saved since: the page shows the conflict and stops saving
//   until the user chooses to reload or to overwrite knowingly.
// - Every keystroke is also kept in localStorage, so a closed tab or a lost connection loses nothing:
//   the next visit restores it (or offers to, when the report changed meanwhile).
// - When the tab is hidden the draft is saved at once; when the page goes away, with sendBeacon.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !window.fetch) return;
  var url = form.dataset.autosaveUrl;
  var key = "report-draft-" + form.dataset.report;
  var revision = form.querySelector("input[name=revision]");
  var status = document.getElementById("autosave-status");
  var conflictBox = document.getElementById("autosave-conflict");
  var restoreBox = document.getElementById("autosave-restore");
  var timer = null;
  var dirty = false;
  var inFlight = null;
  var halted = false;
  var DELAY = 800;

  function say(text, tone) {
    status.textContent = text;
    status.className = "small " + (tone || "text-secondary");
  }

  function fields() {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "revision" && name !== "op" && typeof value === "string") {
        values[name] = value;
      }
    });
    return values;
  }

  function payload() {
    var data = new FormData(form);
    data.delete("op");
    return data;
  }

  function remember() {
    try {
      localStorage.setItem(key, JSON.stringify({ base: revision.value, fields: fields(), at: Date.now() }));
    } catch (e) { /* private mode or full: the server copy still counts */ }
  }

  function stored() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function forget() {
    try { localStorage.removeItem(key); } catch (e) { /* nothing to do */ }
  }

  function apply(values) {
    var changed = false;
    Object.keys(values).forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input && "value" in input && input.value !== values[name]) {
        input.value = values[name];
        changed = true;
      }
    });
    return changed;
  }

  function differs(values) {
    var now = fields();
    return Object.keys(values).some(function (name) { return name in now && now[name] !== values[name]; });
  }

  function showConflict(body) {
    halted = true;
    conflictBox.querySelector("[data-message]").textContent = body.error || "";
    conflictBox.dataset.revision = body.revision === undefined ? "" : body.revision;
    conflictBox.querySelector("[data-action=overwrite]").hidden = !!body.locked;
    conflictBox.classList.remove("d-none");
    say(body.locked ? "报告已锁定，未保存" : "与其他窗口的保存冲突，已暂停自动保存", "text-danger");
  }

  function save(options) {
    if (halted || !dirty) return inFlight || Promise.resolve();
    if (inFlight) {
      return inFlight.then(function () { return save(options); });
    }
    dirty = false;
    say("正在保存…");
    var sentRevision = revision.value;
    inFlight = fetch(url, {
      method: "POST",
      body: payload(),
      credentials: "same-origin",
      keepalive: !!(options && options.keepalive),
      headers: { "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok && body.revision === undefined) {
          // Sent to the login page: the session ran out. What was typed stays in this browser.
          dirty = true;
          say("登录已过期，内容已暂存在本机；请在新窗口重新登录后回到本页", "text-danger");
          schedule(15000);
        } else if (response.ok) {
          revision.value = body.revision;
          if (dirty) { remember(); } else { forget(); }
          say("已自动保存 " + body.saved_at, "text-success");
        } else if (response.status === 413) {
          // Past the size limit: retrying would fail the same way. The text stays in this browser.
          dirty = true;
          say((body.error || "内容过大，未能保存") + "，内容已暂存在本机", "text-danger");
        } else if (response.status === 409) {
          revision.value = sentRevision;
          dirty = true;
          showConflict(body);
        } else {
          dirty = true;
          say((body.error || "保存失败") + "，内容已暂存在本机，稍后自动重试", "text-danger");
          schedule(5000);
        }
      });
    }).catch(function () {
      dirty = true;
      say("网络中断，内容已暂存在本机，恢复连接后自动保存", "text-danger");
    }).then(function () { inFlight = null; });
    return inFlight;
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay === undefined ? DELAY : delay);
  }

  form.addEventListener("input", function () {
    dirty = true;
    remember();
    if (!halted) say("有未保存的修改…");
    schedule();
  });
  form.addEventListener("change", function () {
    dirty = true;
    remember();
    schedule();
  });

  // A button that posts the whole form waits for a save under way, so that it carries the revision that
  // save produced instead of racing it.
  form.addEventListener("submit", function (event) {
    if (inFlight) {
      event.preventDefault();
      event.stopPropagation();
      var submitter = event.submitter;
      inFlight.then(function () {
        if (submitter && form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
      });
      return;
    }
    clearTimeout(timer);
    // Once the post really goes (the confirmation was not declined), the form itself carries what was typed.
    setTimeout(function () {
      if (!event.defaultPrevented) {
        halted = true;
        forget();
      }
    }, 0);
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      clearTimeout(timer);
      save({ keepalive: true });
    }
  });
  window.addEventListener("pagehide", function () {
    if (!dirty || halted) return;
    remember();
    if (navigator.sendBeacon && navigator.sendBeacon(url, payload())) {
      dirty = false;
    }
  });
  window.addEventListener("online", function () { if (dirty) save(); });
  // Back from the cache after a form post: save again.
  window.addEventListener("pageshow", function (event) { if (event.persisted) halted = false; });

  conflictBox.addEventListener("click", function (event) {
    var action = event.target.dataset && event.target.dataset.action;
    if (action === "reload") {
      forget();
      window.location.reload();
    } else if (action === "overwrite") {
      revision.value = conflictBox.dataset.revision;
      conflictBox.classList.add("d-none");
      halted = false;
      dirty = true;
      save();
    }
  });

  // A visit after a closed tab or a lost connection: bring back what was typed.
  var previous = stored();
  if (previous && previous.fields) {
    if (!differs(previous.fields)) {
      forget();
    } else if (String(previous.base) === revision.value) {
      if (apply(previous.fields)) {
        dirty = true;
        say("已恢复上次未保存的内容，正在保存…");
        save();
      }
    } else {
      restoreBox.classList.remove("d-none");
      restoreBox.addEventListener("click", function (event) {
        var action = event.target.dataset && event.target.dataset.action;
        if (action === "restore") {
          apply(previous.fields);
          dirty = true;
          restoreBox.classList.add("d-none");
          save();
        } else if (action === "discard") {
          forget();
          restoreBox.classList.add("d-none");
        }
      });
    }
  }
})();
