// The phone's outbox for grid reports (offline capture).
//
// A report is first kept on the phone as a draft (IndexedDB: its fields, its photos as blobs,
// the time of capture and an idempotency key), then sent to the report page as a multipart post
// asking for JSON. A draft that could not be sent — no signal, an expired session, a server
// error — stays on the phone and is sent again when the network returns (the `online` event, and
// a retry with backoff while it waits) and whenever a grid page loads (not only by Background Sync, which most phones lack). The
// server answers a retry of a draft it already has with the first event, so a draft sent twice
// makes one event. The service worker (/grid/sw.js) keeps the report page and its static files
// so that the form opens with no signal. Nothing here loads from another site.
(function () {
  "use strict";

  var DB_NAME = "fazhi-grid";
  var STORE = "drafts";
  var box = null; // the #grid-outbox element: settings and texts in its data attributes
  var flushing = null;
  var retry = { timer: null, delay: 0 }; // the next attempt after no signal or a server error

  function text(key, n) {
    var value = (box && box.dataset[key]) || "";
    return n === undefined ? value : value.replace("%n", String(n));
  }

  // --- IndexedDB -------------------------------------------------------------------------------

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () {
          db.close();
          resolve(result && "result" in result ? result.result : result);
        };
        tx.onerror = tx.onabort = function () {
          db.close();
          reject(tx.error);
        };
      });
    });
  }

  function put(draft) {
    return run("readwrite", function (store) {
      store.put(draft);
    });
  }

  function remove(key) {
    return run("readwrite", function (store) {
      store.delete(key);
    });
  }

  // the drafts of the user signed in on this page (a shared phone: nobody sends another's)
  function drafts() {
    return run("readonly", function (store) {
      return store.getAll();
    }).then(function (all) {
      var user = box ? box.dataset.user : "";
      return (all || [])
        .filter(function (d) {
          return d.user === user;
        })
        .sort(function (a, b) {
          return a.captured_at < b.captured_at ? -1 : 1;
        });
    });
  }

  // --- drafts ----------------------------------------------------------------------------------

  function newKey() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  // the form as a draft: its fields (no CSRF token: the one in force at upload is used), its
  // photos, the time of capture and a fresh idempotency key
  function fromForm(form) {
    var fields = [];
    var photos = [];
    var summary = "";
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") {
        return;
      }
      if (el.type === "file") {
        Array.prototype.forEach.call(el.files || [], function (file) {
          photos.push({ field: el.name, name: file.name, type: file.type, blob: file });
        });
      } else if ((el.type === "checkbox" || el.type === "radio") && !el.checked) {
        return;
      } else if (el.name !== "client_key" && el.name !== "captured_at") {
        fields.push([el.name, el.value]);
        if (el.name === "description") {
          summary = el.value;
        }
        if (el.name === "category" && el.selectedOptions && el.selectedOptions[0] && el.value) {
          summary = el.selectedOptions[0].textContent + "：" + summary;
        }
      }
    });
    return {
      key: newKey(),
      user: box ? box.dataset.user : "",
      captured_at: new Date().toISOString(),
      fields: fields,
      photos: photos,
      summary: summary,
      problem: "",
    };
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // send one draft; resolves to {sent, url, created} or {problem: offline|signin|invalid|server}
  function send(draft) {
    var body = new FormData();
    draft.fields.forEach(function (pair) {
      body.append(pair[0], pair[1]);
    });
    draft.photos.forEach(function (photo) {
      body.append(photo.field, photo.blob, photo.name);
    });
    body.append("client_key", draft.key);
    body.append("captured_at", draft.captured_at);
    return fetch(box.dataset.reportUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    }).then(
      function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (response.ok && json && !response.redirected) {
          return response.json().then(function (answer) {
            return { sent: true, url: answer.url, created: answer.created };
          });
        }
        if (response.status === 400 && json) {
          return response.json().then(function (answer) {
            return { problem: "invalid", errors: answer.errors };
          });
        }
        // a redirect to the sign-in page, or a refused (expired) CSRF token
        if (response.redirected || response.status === 403) {
          return { problem: "signin" };
        }
        return { problem: "server" };
      },
      function () {
        return { problem: "offline" };
      }
    );
  }

  function errorsText(errors) {
    var parts = [];
    Object.keys(errors || {}).forEach(function (field) {
      (errors[field] || []).forEach(function (e) {
        parts.push(e.message);
      });
    });
    return parts.join("；");
  }

  // send every waiting draft of this user, one after another (one flush at a time)
  function flush() {
    if (!box || !window.indexedDB) {
      return Promise.resolve();
    }
    if (flushing) {
      return flushing;
    }
    var sent = 0;
    var problem = "";
    flushing = drafts()
      .then(function (list) {
        return list.reduce(function (chain, draft) {
          return chain.then(function () {
            if (problem === "offline" || problem === "signin") {
              return;
            }
            return send(draft).then(function (result) {
              if (result.sent) {
                sent += 1;
                return remove(draft.key);
              }
              problem = result.problem;
              draft.problem = result.problem === "invalid" ? errorsText(result.errors) : "";
              return put(draft);
            });
          });
        }, Promise.resolve());
      })
      .then(function () {
        flushing = null;
        retryLater(problem === "offline" || problem === "server");
        return show(sent, problem);
      })
      .catch(function () {
        flushing = null;
      });
    return flushing;
  }

  // a signal that comes back does not always fire `online` (or fires it before the network
  // answers): while drafts wait for the network, try again after 5 s, 10 s, 20 s … at most 2 min
  function retryLater(waiting) {
    clearTimeout(retry.timer);
    retry.timer = null;
    if (!waiting) {
      retry.delay = 0;
      return;
    }
    retry.delay = Math.min(retry.delay ? retry.delay * 2 : 5000, 120000);
    retry.timer = setTimeout(flush, retry.delay);
  }

  // --- the outbox panel ------------------------------------------------------------------------

  function show(sent, problem) {
    return drafts().then(function (list) {
      var count = box.querySelector("[data-outbox-count]");
      var status = box.querySelector("[data-outbox-status]");
      var items = box.querySelector("[data-outbox-items]");
      var signin = box.querySelector("[data-outbox-signin]");
      box.hidden = list.length === 0 && !sent;
      box.dataset.waiting = String(list.length);
      count.textContent = text("tWaiting", list.length);
      var says = [];
      if (sent) {
        says.push(text("tSent", sent));
      }
      if (problem === "offline") {
        says.push(text("tOffline"));
      } else if (problem === "signin") {
        says.push(text("tSignin"));
      } else if (problem === "server") {
        says.push(text("tServer"));
      }
      status.textContent = says.join(" ");
      signin.hidden = problem !== "signin";
      items.textContent = "";
      list.forEach(function (draft) {
        var li = document.createElement("li");
        var when = new Date(draft.captured_at);
        li.appendChild(
          document.createTextNode(
            text("tCaptured") + " " + when.toLocaleString("zh-CN", { hour12: false }) + " · " + (draft.summary || "")
          )
        );
        if (draft.photos.length) {
          li.appendChild(document.createTextNode(" · " + text("tPhotos", draft.photos.length)));
        }
        if (draft.problem) {
          var why = document.createElement("div");
          why.className = "small danger";
          why.textContent = text("tInvalid") + draft.problem;
          li.appendChild(why);
        }
        var drop = document.createElement("button");
        drop.type = "button";
        drop.className = "btn small";
        drop.textContent = text("tDrop");
        drop.addEventListener("click", function () {
          if (window.confirm(text("tDropConfirm"))) {
            remove(draft.key).then(function () {
              return show(0, "");
            });
          }
        });
        li.appendChild(document.createTextNode(" "));
        li.appendChild(drop);
        items.appendChild(li);
      });
      document.dispatchEvent(new CustomEvent("grid:outbox", { detail: { waiting: list.length, sent: sent } }));
    });
  }

  // --- the service worker ------------------------------------------------------------------------

  function registerWorker() {
    if (!("serviceWorker" in navigator) || !box.dataset.swUrl) {
      return;
    }
    var scope = box.dataset.swScope;
    navigator.serviceWorker
      .register(box.dataset.swUrl, { scope: scope })
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        // what the report form needs with no signal: the form page and its static files
        var urls = [box.dataset.reportUrl];
        document.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach(function (el) {
          urls.push(el.getAttribute("href") || el.getAttribute("src"));
        });
        var channel = new MessageChannel();
        channel.port1.onmessage = function () {
          box.dataset.offlineReady = "1";
          document.documentElement.dataset.gridOfflineReady = "1";
        };
        registration.active.postMessage({ type: "cache", urls: urls }, [channel.port2]);
      })
      .catch(function () {
        /* no service worker: the outbox still keeps drafts on a page that is open */
      });
  }

  // --- the report form -----------------------------------------------------------------------

  function keepForm(form) {
    form.addEventListener("submit", function (event) {
      if (!window.indexedDB || !window.fetch || !window.FormData) {
        return; // an old browser posts the form as it is
      }
      event.preventDefault();
      var button = form.querySelector("[type=submit]");
      if (button) {
        button.disabled = true;
      }
      var draft = fromForm(form);
      put(draft)
        .then(function () {
          return send(draft);
        })
        .then(function (result) {
          if (result.sent) {
            return remove(draft.key).then(function () {
              window.location.assign(result.url);
            });
          }
          if (result.problem === "invalid") {
            // the server says what to correct: post the form as it is to get its page of errors
            return remove(draft.key).then(function () {
              form.querySelector("[name=client_key]").value = draft.key;
              form.querySelector("[name=captured_at]").value = draft.captured_at;
              HTMLFormElement.prototype.submit.call(form);
            });
          }
          form.reset();
          return show(0, result.problem);
        })
        .catch(function () {
          HTMLFormElement.prototype.submit.call(form); // IndexedDB refused (private mode): post it
        })
        .then(function () {
          if (button) {
            button.disabled = false;
          }
        });
    });
  }

  function ready() {
    box = document.getElementById("grid-outbox");
    if (!box || !window.indexedDB) {
      return;
    }
    var key = document.querySelector("form input[name=client_key]");
    if (key && key.form) {
      keepForm(key.form);
    }
    var now = box.querySelector("[data-outbox-send]");
    if (now) {
      now.addEventListener("click", flush);
    }
    window.addEventListener("online", flush);
    registerWorker();
    flush();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
