// banking77-desk.mjs: a desk the size of a real one, from Banking77 (tests/data): the
// 77 intents with all their training examples as an intents CSV for
// `deskpilot import intents`, and N resolved tickets as JSON lines for
// `deskpilot import tickets`. Used by tools/bench-http.sh.
// Usage: node tools/bench/banking77-desk.mjs TRAIN.csv OUT_DIR [N_TICKETS]
import fs from 'node:fs';
import path from 'node:path';
import { rows } from './csv.mjs';

const [train, out, nArg] = process.argv.slice(2);
const n = Number(nArg || 5000);

const csv = (s) => `"${String(s).replace(/"/g, '""')}"`;

// Intent names are identifiers: Banking77 spells one with a capital, one with a '?'.
const data = rows(fs.readFileSync(train, 'utf8')).slice(1).map(([t, c]) => [t, c.toLowerCase().replace(/[^a-z0-9_]/g, '')])
  .sort((a, b) => a[1].localeCompare(b[1]));
const lines = ['name,description,auto_resolve,threshold,example,response_template'];
for (const [text, intent] of data)
  lines.push([intent, csv(`Banking77 intent ${intent}`), 'true', '', csv(text),
    csv(`Hi {{customer_name}}, thanks for your message (ticket #{{ticket_id}}) about ${intent.replace(/_/g, ' ')}.`)].join(','));
fs.writeFileSync(path.join(out, 'intents.csv'), lines.join('\n') + '\n');

const tickets = [];
for (let i = 0; i < n; i++) {
  const [text, intent] = data[(i * 7919) % data.length];
  tickets.push(JSON.stringify({
    subject: text.split(/\s+/).slice(0, 8).join(' ').slice(0, 200), body: text, intent,
    response: `Resolved for ${intent.replace(/_/g, ' ')}: see your account page.`,
  }));
}
fs.writeFileSync(path.join(out, 'tickets.jsonl'), tickets.join('\n') + '\n');
console.log(`${data.length} examples of ${new Set(data.map((r) => r[1])).size} intents, ${n} tickets`);
