// load.mjs: a bounded client loop filing tickets, for the failover tests.
//   node load.mjs URL TOKEN SECONDS CONCURRENCY OUT.jsonl [MAX_REQUESTS]
// CONCURRENCY loops each POST /api/tickets one after the other (an Idempotency-Key
// each) until SECONDS have passed or MAX_REQUESTS [5000] were sent; every answer is
// one JSON line in OUT: {t (when it was sent, ms since the epoch), ms, status, id, retryAfter, type, key,
// error}. A request with no answer in 15 s counts as a hang (status 0, error
// "timeout"). Only ever sends to the URL it is given (the test's own stack).
import fs from 'node:fs';
import http from 'node:http';
import crypto from 'node:crypto';

const [url, token, seconds, conc, out, max = '5000'] = process.argv.slice(2);
const base = new URL(url);
const end = Date.now() + Number(seconds) * 1000;
const start = Date.now();
const lines = [];
let sent = 0;

function post(body, key) {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = http.request({
      host: base.hostname, port: base.port, path: '/api/tickets', method: 'POST', agent: false, timeout: 15000,
      headers: {
        authorization: `Bearer ${token}`, 'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload), 'idempotency-key': key,
      },
    }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, json, retryAfter: res.headers['retry-after'] ?? null, type: res.headers['content-type'] ?? '' });
      });
    });
    req.on('timeout', () => { req.destroy(); resolve({ status: 0, error: 'timeout' }); });
    req.on('error', (e) => resolve({ status: 0, error: e.code || e.message }));
    req.end(payload);
  });
}

async function loop(n) {
  while (Date.now() < end && sent < Number(max)) {
    sent++;
    const key = crypto.randomUUID();
    const t0 = Date.now();
    const r = await post({ subject: `Load ${n}`, body: `My card was charged twice, please check (${key})` }, key);
    lines.push(JSON.stringify({
      t: t0, ms: Date.now() - t0, status: r.status, id: r.json?.id ?? null,
      retryAfter: r.retryAfter, type: r.type, key, error: r.error ?? null,
    }));
    if (r.status === 0) await new Promise((res) => setTimeout(res, 200)); // refused: do not spin
  }
}

await Promise.all(Array.from({ length: Number(conc) }, (_, i) => loop(i)));
fs.writeFileSync(out, lines.join('\n') + '\n');
const by = {};
for (const l of lines) { const s = JSON.parse(l).status; by[s] = (by[s] || 0) + 1; }
console.log(JSON.stringify({ requests: lines.length, seconds: (Date.now() - start) / 1000, statuses: by }));
