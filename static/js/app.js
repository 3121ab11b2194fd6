// app.js: progressive enhancement only — every page works without it.
// 1. Times show in the reader's own time zone (the server writes UTC).
// 2. A form is sent once: a second click while the first is on its way is ignored.
'use strict';
(function () {
  var fmt;
  try {
    fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  } catch (e) {
    fmt = null;
  }
  if (fmt) {
    document.querySelectorAll('time[datetime]').forEach(function (el) {
      var d = new Date(el.getAttribute('datetime'));
      if (!isNaN(d.getTime())) {
        el.title = el.textContent;
        el.textContent = fmt.format(d);
      }
    });
  }
  document.querySelectorAll('form[method="post"]').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      if (form.dataset.sending === '1') {
        ev.preventDefault();
        return;
      }
      form.dataset.sending = '1';
      // Not disabled: a disabled submit button would drop its name=value.
      var b = ev.submitter;
      if (b) b.setAttribute('aria-busy', 'true');
    });
  });
  // Back from the browser cache: allow sending again.
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[data-sending]').forEach(function (form) {
      delete form.dataset.sending;
      form.querySelectorAll('[aria-busy]').forEach(function (b) { b.removeAttribute('aria-busy'); });
    });
  });
})();
