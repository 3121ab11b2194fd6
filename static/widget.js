// widget.js: answers before filing on a shop's own site. No dependencies, no iframe.
// The shop's page loads it from the help desk (a script element whose src is the
// desk's /static/widget.js, deferred; README "Answers before filing" shows the lines)
// and marks its own contact form:
//   <form data-deskpilot action="(the desk's address)/register">
//     <input name="subject"> <textarea name="body"></textarea> <button>Send</button>
//   </form>
// While the visitor types (or on the form's submit), it asks the help desk
// (POST /api/answers/suggest, CORS: the shop's origin must be in
// DESKPILOT_WIDGET_ORIGINS) and shows the answer after the form with "Yes, that
// solved it" (POST /api/answers/deflected: counted, nothing filed) — otherwise the
// form goes where the shop sends it. Text only: the answer is never parsed as HTML.
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !window.fetch) return;
  var base = new URL(me.src).origin;
  var post = function (path, body) {
    return fetch(base + path, { method: 'POST', mode: 'cors', credentials: 'omit',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.ok ? r.json() : null; });
  };
  var el = function (tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };
  var wire = function (form) {
    var box = el('div', 'deskpilot-answer');
    box.setAttribute('aria-live', 'polite');
    box.hidden = true;
    form.parentNode.insertBefore(box, form.nextSibling);
    var timer = null, last = '', shown = null;
    var show = function (j) {
      box.textContent = '';
      shown = j && j.answer ? j : null;
      box.hidden = !shown;
      if (!shown) return;
      var yes = el('button', 'deskpilot-yes', 'Yes, that solved it');
      yes.type = 'button';
      yes.addEventListener('click', function () {
        post('/api/answers/deflected', { token: shown.token }).then(function () {
          box.textContent = '';
          box.appendChild(el('p', 'deskpilot-thanks', 'Glad that helped!'));
        });
      });
      box.append(el('p', 'deskpilot-title', 'Does this answer your question?'),
        el('div', 'deskpilot-text', shown.answer), yes,
        el('p', 'deskpilot-hint', 'If not, just send your message.'));
    };
    var ask = function () {
      var s = form.elements.subject, b = form.elements.body;
      var subject = s ? s.value.trim() : '', body = b ? b.value.trim() : '';
      if (subject.length < 3 || body.length < 10 || subject + '\n' + body === last) return;
      last = subject + '\n' + body;
      post('/api/answers/suggest', { subject: subject.slice(0, 200), body: body.slice(0, 20000) })
        .then(show, function () {});
    };
    form.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 800);
    });
  };
  var start = function () {
    document.querySelectorAll('form[data-deskpilot]').forEach(wire);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
