// The inspection form in the field. Every inspection is first written to the phone (IndexedDB, with its photos and a
// client key made here), then sent; what could not be sent waits and goes when the signal returns ('online'), or the
// next time the form opens. The server keeps the client key under a unique index, so a send repeated after a lost
// answer is the same inspection, never a second one.
(function () {
  'use strict';
  var form = document.getElementById('inspection-form');
  if (!form || !window.indexedDB || !window.fetch) {
    return;
  }
  var api = form.getAttribute('data-api');
  var status = document.getElementById('offline-status');
  var errors = document.getElementById('send-errors');
  var sending = false;

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/credit/loan-inspections/' }).catch(function () { });
  }

  var locate = document.getElementById('locate');
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener('click', function () {
      locate.disabled = true;
      navigator.geolocation.getCurrentPosition(function (p) {
        document.getElementById('latitude').value = p.coords.latitude.toFixed(6);
        document.getElementById('longitude').value = p.coords.longitude.toFixed(6);
        locate.disabled = false;
      }, function () {
        show('未能取得位置，可手工填写或留空。');
        locate.disabled = false;
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }

  function show(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  function db() {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open('rl-inspections', 1);
      open.onupgradeneeded = function () { open.result.createObjectStore('queue', { keyPath: 'clientKey' }); };
      open.onsuccess = function () { resolve(open.result); };
      open.onerror = function () { reject(open.error); };
    });
  }

  function store(mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction('queue', mode);
        var result = work(tx.objectStore('queue'));
        tx.oncomplete = function () { d.close(); resolve(result && result.result); };
        tx.onerror = function () { d.close(); reject(tx.error); };
      });
    });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function problemText(problem) {
    var lines = [];
    if (problem && problem.errors) {
      Object.keys(problem.errors).forEach(function (k) { lines = lines.concat(problem.errors[k]); });
    }
    return lines.length ? lines.join(' ') : (problem && (problem.detail || problem.title)) || '提交未被接受。';
  }

  function send(item) {
    var body = new FormData();
    item.entries.forEach(function (e) {
      if (e[0] === 'clientKey') {
        return;
      }
      if (e[1] instanceof Blob) {
        body.append(e[0], e[1], e[1].name || 'photo.jpg');
      } else {
        body.append(e[0], e[1]);
      }
    });
    body.append('clientKey', item.clientKey);
    return fetch(api, { method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  }

  // Sends the queue in order; stops at the first send that gets no answer (still no signal) and keeps the rest.
  function flush(justSaved) {
    if (sending) {
      return Promise.resolve();
    }
    sending = true;
    var sent = [];
    var refused = [];
    return store('readonly', function (s) { return s.getAll(); }).then(function (items) {
      items.sort(function (a, b) { return a.savedAt - b.savedAt; });
      var chain = Promise.resolve(true);
      items.forEach(function (item) {
        chain = chain.then(function (go) {
          if (!go) {
            return false;
          }
          return send(item).then(function (response) {
            if (response.status === 401 || response.status === 403 || response.status >= 500) {
              refused.push(response.status === 401 ? '登录已过期，请重新登录，已保存的检查会随后发送。' : '服务器暂时不能接收，稍后自动重试。');
              return false;
            }
            return response.json().catch(function () { return null; }).then(function (answer) {
              if (response.ok) {
                sent.push({ clientKey: item.clientKey, id: answer && answer.id });
              } else {
                refused.push(item.entries.filter(function (e) { return e[0] === 'loanNumber'; }).map(function (e) { return e[1]; }).join('') + '：' + problemText(answer));
              }
              // Accepted or refused for its content, this inspection is settled: a refusal would be refused again.
              return store('readwrite', function (s) { return s.delete(item.clientKey); }).then(function () { return true; });
            });
          }, function () { return false; });
        });
      });
      return chain;
    }).then(function () {
      return store('readonly', function (s) { return s.count(); });
    }).then(function (left) {
      sending = false;
      errors.textContent = refused.join(' ');
      errors.hidden = refused.length === 0;
      var mine = justSaved && sent.filter(function (s) { return s.clientKey === justSaved; })[0];
      if (mine && left === 0 && refused.length === 0 && mine.id) {
        window.location.assign('/credit/loan-inspections/' + mine.id);
        return;
      }
      var parts = [];
      if (sent.length) {
        parts.push('已发送 ' + sent.length + ' 条检查。');
      }
      if (left) {
        parts.push('无信号：' + left + ' 条检查已保存在手机上，恢复信号后自动发送。');
      }
      show(parts.join(' '));
      status.setAttribute('data-queued', String(left));
      status.setAttribute('data-sent', String(sent.length));
    }, function () {
      sending = false;
      show('手机存储不可用，请联网后直接提交。');
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!form.reportValidity()) {
      return;
    }
    var key = newKey();
    var entries = [];
    new FormData(form).forEach(function (value, name) {
      if (name === '__RequestVerificationToken' || (value instanceof File && value.size === 0)) {
        return;
      }
      entries.push([name, value]);
    });
    var item = { clientKey: key, entries: entries, savedAt: Date.now() };
    store('readwrite', function (s) { return s.put(item); }).then(function () {
      form.reset();
      show('已保存在手机上，正在发送……');
      return flush(key);
    }, function () {
      // No storage on this phone (private mode): the form goes the plain way, with its key.
      document.getElementById('clientKey').value = key;
      HTMLFormElement.prototype.submit.call(form);
    });
  });

  window.addEventListener('online', function () { flush(null); });
  flush(null);
})();
