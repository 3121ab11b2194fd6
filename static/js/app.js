// app.js: progressive enhancement only — every page works without it.
// 1. Times show in the reader's own time zone (the server writes UTC).
// 2. A form is sent once: a second click while the first is on its way is ignored.
// 3. The new-ticket form shows the answer while the customer types (the same check
//    as its "Check for answers" button, which works without this).
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
  var form = document.getElementById('new-ticket');
  var live = document.getElementById('live-answer');
  if (form && live && window.fetch && window.URLSearchParams) {
    var timer = null, last = '';
    var ask = function () {
      var subject = form.elements.subject.value.trim(), body = form.elements.body.value.trim();
      var key = subject + '\n' + body;
      if (subject.length < 3 || body.length < 10 || key === last) return;
      last = key;
      var data = new URLSearchParams();
      data.set('csrf', form.elements.csrf.value);
      data.set('subject', subject);
      data.set('body', body);
      fetch('/support/suggest', { method: 'POST', body: data, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) { show(j && j.answer ? j : null); })
        .catch(function () {});
    };
    var show = function (j) {
      live.textContent = '';
      live.hidden = !j;
      if (!j) return;
      var h = document.createElement('p');
      h.className = 'live-title';
      h.textContent = 'Does this answer your question?';
      var t = document.createElement('div');
      t.className = 'answer-text';
      t.textContent = j.answer;
      var yes = document.createElement('form');
      yes.method = 'post';
      yes.action = '/support/deflected';
      [['csrf', form.elements.csrf.value], ['token', j.token]].forEach(function (kv) {
        var i = document.createElement('input');
        i.type = 'hidden';
        i.name = kv[0];
        i.value = kv[1];
        yes.appendChild(i);
      });
      var b = document.createElement('button');
      b.type = 'submit';
      b.className = 'btn btn-primary';
      b.textContent = 'Yes, that solved it';
      yes.appendChild(b);
      var no = document.createElement('p');
      no.className = 'hint';
      no.textContent = 'If not, send your request below and our team will answer.';
      live.append(h, t, yes, no);
    };
    ['subject', 'body'].forEach(function (n) {
      form.elements[n].addEventListener('input', function () {
        clearTimeout(timer);
        timer = setTimeout(ask, 800);
      });
    });
  }
  // Back from the browser cache: allow sending again.
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[data-sending]').forEach(function (form) {
      delete form.dataset.sending;
      form.querySelectorAll('[aria-busy]').forEach(function (b) { b.removeAttribute('aria-busy'); });
    });
  });
})();
