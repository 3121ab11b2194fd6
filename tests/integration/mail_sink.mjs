// mail_sink.mjs: a real SMTP server for the mail tests (aiosmtpd, smtp_sink.py, one
// .eml file per mail) and the reading of what it received: headers, RFC 2047 words,
// both parts with their transfer encodings undone.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib.mjs';

// The SMTP server: Debian's python3 (its aiosmtpd), writing each mail to dir.
export async function startSink(port, dir) {
  const p = spawn('/usr/bin/python3', [path.join(ROOT, 'tests/integration/smtp_sink.py'), String(port), dir],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    p.stdout.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
    p.once('exit', (code) => reject(new Error(`smtp_sink exited ${code}`)));
  });
  return p;
}

// --- reading what arrived ---------------------------------------------------

function splitHead(raw) {
  const i = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, i).replace(/\r\n[ \t]+/g, ' ');
  const headers = {};
  for (const line of head.split('\r\n')) {
    const k = line.slice(0, line.indexOf(':')).toLowerCase();
    (headers[k] ??= []).push(line.slice(line.indexOf(':') + 1).trim());
  }
  return { headers, body: raw.slice(i + 4) };
}

// RFC 2047 encoded words (B and Q), as a mail reader shows them.
function decodeWords(s) {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_, cs, enc, text) => {
    const bytes = /b/i.test(enc) ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return new TextDecoder(cs).decode(bytes);
  });
}

// A part's body with its transfer encoding undone, in its charset.
function decodeBody(part) {
  const cte = (part.headers['content-transfer-encoding']?.[0] || '7bit').toLowerCase();
  const charset = /charset="?([^";]+)"?/i.exec(part.headers['content-type']?.[0] || '')?.[1] || 'us-ascii';
  let bytes = Buffer.from(part.body, 'latin1');
  if (cte === 'base64') bytes = Buffer.from(part.body.replace(/\s+/g, ''), 'base64');
  if (cte === 'quoted-printable') {
    bytes = Buffer.from(part.body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  }
  return new TextDecoder(charset).decode(bytes);
}

// Every mail received in dir so far, parsed: headers (one value each), the decoded
// text and HTML parts, and the raw bytes.
export function received(dir) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((f) => {
    const raw = fs.readFileSync(path.join(dir, f), 'latin1');
    const { headers, body } = splitHead(raw);
    const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v[0]]));
    const boundary = /boundary="?([^";]+)"?/.exec(h['content-type'] || '')?.[1];
    const parts = {};
    if (boundary) {
      for (const chunk of body.split(`--${boundary}`).slice(1, -1)) {
        const p = splitHead(chunk.replace(/^\r\n/, ''));
        const type = (p.headers['content-type']?.[0] || '').split(';')[0].trim().toLowerCase();
        parts[type] = decodeBody(p);
      }
    }
    return { file: f, raw, h, subject: decodeWords(h.subject || ''), to: decodeWords(h.to || ''),
      text: parts['text/plain'], html: parts['text/html'] };
  });
}
