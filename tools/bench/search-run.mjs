// search-run.mjs: run the searches of search-desk.mjs one after the other through the
// API (GET /api/tickets?q=, an agent's token) and print the latencies as JSON: p50,
// p99 and max overall and per kind, and how many found something.
// Usage: node tools/bench/search-run.mjs URL TOKEN SEARCHES.json FIRST_TICKET_ID
import fs from 'node:fs';

const [url, token, file, t0] = process.argv.slice(2);
const searches = JSON.parse(fs.readFileSync(file, 'utf8'))
  .map((s) => ({ ...s, q: s.q.replace(/@T(\d+)/, (_, k) => String(Number(t0) + Number(k))) }));
const one = async (q) => {
  const start = process.hrtime.bigint();
  const r = await fetch(`${url}/api/tickets?limit=20&q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await r.json();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 200) throw new Error(`${q}: ${r.status} ${JSON.stringify(body)}`);
  return { ms, found: body.items.length };
};
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const stats = (a) => ({ n: a.length, p50: +pct(a, 50).toFixed(2), p99: +pct(a, 99).toFixed(2), max: +Math.max(...a).toFixed(2) });

for (const s of searches.slice(0, 30)) await one(s.q); // warm the workers and the buffer pool
const all = [], byKind = {};
let found = 0;
for (const s of searches) {
  const r = await one(s.q);
  all.push(r.ms);
  (byKind[s.kind] ??= []).push(r.ms);
  found += r.found > 0;
}
const kinds = Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, stats(v)]));
console.log(JSON.stringify({ ...stats(all), found_something: found, kinds }));
