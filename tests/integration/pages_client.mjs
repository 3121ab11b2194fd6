// pages_client.mjs: a minimal browser for the page tests (not a test file itself).
import assert from 'node:assert/strict';
import { BASE, setCookies } from './lib.mjs';

// A cookie jar, no redirects followed, forms as urlencoded.
export class Client {
  constructor(base = BASE) { this.base = base; this.jar = new Map(); this.setCookies = []; }
  cookieHeader() { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '); }
  async request(method, path, { form, headers = {} } = {}) {
    const h = { ...headers };
    if (this.jar.size) h.cookie = this.cookieHeader();
    let body;
    if (form) {
      body = new URLSearchParams(form).toString();
      h['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
    this.setCookies = setCookies(res.headers);
    for (const c of this.setCookies) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const k = pair.slice(0, i), v = pair.slice(i + 1);
      if (v === '' || /max-age=0/i.test(c)) this.jar.delete(k); else this.jar.set(k, v);
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }
  get(path) { return this.request('GET', path); }
  post(path, form, opts = {}) { return this.request('POST', path, { form, ...opts }); }
  // The CSRF token in a page's first form.
  static csrf(html) {
    const m = html.match(/name="csrf" value="([0-9a-f]{64})"/);
    assert.ok(m, 'the page carries a CSRF token');
    return m[1];
  }
  async login(email, password) {
    const page = await this.get('/login');
    assert.equal(page.status, 200);
    const r = await this.post('/login', { csrf: Client.csrf(page.text), email, password });
    assert.equal(r.status, 303, r.text);
    return this;
  }
  // POST a form after reading the CSRF token from the page that shows it.
  async submit(pagePath, action, fields) {
    const page = await this.get(pagePath);
    assert.equal(page.status, 200, `${pagePath}: ${page.status}`);
    return this.post(action, { csrf: Client.csrf(page.text), ...fields });
  }
}
