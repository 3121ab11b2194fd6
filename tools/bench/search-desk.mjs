// search-desk.mjs: a desk of N tickets for the search benchmark, as SQL (tools/bench-search.sh):
// 2,000 customers with names and addresses, N tickets whose subjects and bodies are
// Banking77 texts (train and test), a third of them with a reply and a twentieth with an
// internal note, all without their search text (as on a desk upgraded to sql/018, so
// `deskpilot migrate` builds it); and ~400 varied searches as JSON: single words as
// typed in the texts, the same words in other forms, two and three words of one text,
// ticket numbers (bare and with #), customers' addresses and names, and junk.
// Usage: node tools/bench/search-desk.mjs TRAIN.csv TEST.csv N OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import { rows } from './csv.mjs';

const [train, testCsv, nArg, out] = process.argv.slice(2);
const n = Number(nArg);
let seed = 17;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (a) => a[Math.floor(rand() * a.length)];
const texts = [train, testCsv].flatMap((f) => rows(fs.readFileSync(f, 'utf8')).slice(1).map((r) => r[0]));
const q = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const first = ['Ada', 'Bruno', 'Chloe', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas',
  'Kemal', 'Lena', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tariq'];
const last = ['Abbott', 'Berg', 'Castro', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ivanova',
  'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Sato',
  'Tanaka', 'Ueda', 'Varga', 'Weber', 'Xu', 'Yilmaz', 'Zhou', 'Almeida', 'Brennan', 'Costa', 'Dahl',
  'Ekström', 'Ferreira', 'Gallo', 'Horvat', 'Ito', 'Jovanovic', 'Keller', 'Larsen', 'Meyer', 'Nilsen',
  'Olsen', 'Pereira', 'Ramos', 'Santos', 'Torres', 'Urban', 'Vidal', 'Wolf', 'Young', 'Zimmer',
  'Andersen', 'Bauer', 'Conti', 'Diaz', 'Engel', 'Fontaine', 'Gruber', 'Hansen', 'Iqbal', 'Jung',
  'Kaur', 'Lopez', 'Marino', 'Nakamura', 'Ortiz', 'Park', 'Reyes', 'Schmidt', 'Tran', 'Unger',
  'Vogel', 'Walsh', 'Yamamoto', 'Zeller', 'Aziz', 'Bianchi', 'Chen', 'Duarte', 'Evans', 'Falk',
  'Gomez', 'Hughes', 'Ibrahim', 'Jaeger', 'Klein', 'Lambert', 'Mendes', 'Nguyen', 'Ocampo', 'Pham',
  'Richter', 'Silva', 'Thomsen', 'Uribe', 'Vasquez', 'Wagner', 'Yusuf', 'Zapata', 'Moretti', 'Brandt'];
const customers = [];
for (let i = 0; i < 2000; i++) {
  const name = `${first[i % first.length]} ${last[Math.floor(i / first.length) % last.length]}`;
  customers.push({ name, email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${i}@bench.example` });
}

const sql = ['SET autocommit = 0;'];
for (let i = 0; i < customers.length; i += 500) {
  sql.push('INSERT INTO users (email, name, role, password_hash) VALUES ' + customers.slice(i, i + 500)
    .map((c) => `(${q(c.email)}, ${q(c.name)}, 'customer', '!bench')`).join(',') + ';');
}
sql.push("SET @c0 = (SELECT MIN(id) FROM users WHERE email LIKE '%@bench.example');");
sql.push("SET @t0 = (SELECT COALESCE(MAX(id), 0) FROM tickets);");
sql.push("SET @agent = (SELECT MIN(id) FROM users WHERE role = 'agent');");
const statuses = ['OPEN', 'RESOLVED', 'CLOSED', 'CLOSED', 'CLOSED', 'AUTO_RESOLVED', 'PENDING'];
for (let i = 0; i < n; i += 1000) {
  const vals = [];
  for (let k = i; k < Math.min(n, i + 1000); k++) {
    const body = rand() < 0.3 ? `${pick(texts)} ${pick(texts)}` : pick(texts);
    const subject = pick(texts).split(/\s+/).slice(0, 8).join(' ').slice(0, 200);
    vals.push(`(@c0 + ${k % customers.length}, ${q(subject)}, ${q(body)}, '${pick(statuses)}', ` +
      `UTC_TIMESTAMP() - INTERVAL ${n - k} MINUTE)`);
  }
  sql.push('INSERT INTO tickets (customer_id, subject, body, status, created_at) VALUES ' + vals.join(',') + ';');
}
for (let i = 0; i < n; i += 3000) {
  const vals = [];
  for (let k = i; k < Math.min(n, i + 3000); k += 3)
    vals.push(`(@t0 + ${k + 1}, @agent, 'agent', ${q(pick(texts))}, 0)`);
  for (let k = i; k < Math.min(n, i + 3000); k += 20)
    vals.push(`(@t0 + ${k + 1}, @agent, 'agent', ${q(`Note: ${pick(texts)}`)}, 1)`);
  sql.push('INSERT INTO ticket_messages (ticket_id, author_id, author_role, body, internal) VALUES ' + vals.join(',') + ';');
}
sql.push('COMMIT;');
fs.writeFileSync(path.join(out, 'desk.sql'), sql.join('\n') + '\n');

// Searches, as agents type them.
const words = (t) => t.toLowerCase().match(/[a-z][a-z']{2,}/g) || [];
const inflect = (w) => (w.endsWith('s') ? w.slice(0, -1) : w.endsWith('ed') ? w.slice(0, -2) + 'ing' : `${w}s`);
const searches = [];
const add = (kind, query) => searches.push({ kind, q: query });
for (let i = 0; i < 120; i++) add('word', pick(words(pick(texts)).concat(['card'])));
for (let i = 0; i < 60; i++) add('other form', inflect(pick(words(pick(texts)).concat(['refund']))));
for (let i = 0; i < 60; i++) { const w = words(pick(texts)); add('two words', `${pick(w)} ${pick(w)}`); }
for (let i = 0; i < 40; i++) { const w = words(pick(texts)); add('three words', `${pick(w)} ${pick(w)} ${pick(w)}`); }
for (let i = 0; i < 40; i++) add('ticket number', `${rand() < 0.5 ? '#' : ''}@T${Math.floor(rand() * n) + 1}`);
for (let i = 0; i < 40; i++) add('e-mail', pick(customers).email);
for (let i = 0; i < 30; i++) add('name', pick(customers).name);
for (let i = 0; i < 10; i++) add('junk', pick(['***', "' OR 1=1 --", '+-<>()~', '@@', 'zzqqxx', 'a b c']));
fs.writeFileSync(path.join(out, 'searches.json'), JSON.stringify(searches));
console.log(`${customers.length} customers, ${n} tickets, ${searches.length} searches`);
