// Lists marked .stack-sm show as cards on phones (site.css); each cell is labelled by its column's header unless the
// view labelled it itself.
(function () {
  'use strict';
  document.querySelectorAll('table.stack-sm').forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) { return th.textContent.trim(); });
    table.querySelectorAll('tbody tr').forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (!cell.hasAttribute('data-label') && heads[i]) {
          cell.setAttribute('data-label', heads[i]);
        }
      });
    });
  });
})();

// Irreversible steps ask first. A form with data-confirm="what will happen" opens the shared dialog
// (_ConfirmDialog.cshtml) instead of submitting; only "确认" submits it. The content-security policy allows no
// inline handlers, so this file is the only place forms are intercepted. The reason itself is a field of the form,
// required by the server; the dialog repeats it so the user sees what will be recorded.
(function () {
  'use strict';
  var dialog = document.getElementById('confirm-dialog');
  if (!dialog || !window.bootstrap) {
    return;
  }
  var modal = bootstrap.Modal.getOrCreateInstance(dialog);
  var pending = null;

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-confirm')) {
      return;
    }
    if (form.dataset.confirmed === '1') {
      delete form.dataset.confirmed;
      return;
    }
    event.preventDefault();
    var reasonField = form.querySelector('[data-confirm-reason]');
    if (reasonField && !reasonField.value.trim()) {
      // The server refuses it too; asking here saves a round trip and keeps what else was typed.
      reasonField.classList.add('is-invalid');
      reasonField.setCustomValidity('请填写' + (reasonField.getAttribute('data-confirm-reason') || '原因') + '。');
      reasonField.reportValidity();
      reasonField.focus();
      return;
    }
    pending = { form: form, submitter: event.submitter || null };
    document.getElementById('confirm-message').textContent = form.getAttribute('data-confirm');
    var reasonText = document.getElementById('confirm-reason');
    reasonText.textContent = reasonField && reasonField.value.trim()
      ? (reasonField.getAttribute('data-confirm-reason') || '原因') + '：' + reasonField.value.trim()
      : '';
    var ok = document.getElementById('confirm-ok');
    ok.textContent = (pending.submitter && pending.submitter.textContent.trim()) || '确认';
    modal.show();
  });

  document.getElementById('confirm-ok').addEventListener('click', function () {
    if (!pending) {
      return;
    }
    var p = pending;
    pending = null;
    modal.hide();
    p.form.dataset.confirmed = '1';
    if (p.form.requestSubmit) {
      p.form.requestSubmit(p.submitter && p.submitter.form === p.form ? p.submitter : undefined);
    } else {
      p.form.submit();
    }
  });

  document.addEventListener('input', function (event) {
    var field = event.target;
    if (field instanceof HTMLElement && field.hasAttribute('data-confirm-reason')) {
      field.classList.remove('is-invalid');
      field.setCustomValidity('');
    }
  });

  dialog.addEventListener('hidden.bs.modal', function () {
    pending = null;
  });
})();
