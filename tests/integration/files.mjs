// files.mjs: small files for the attachment tests, made here (not test files themselves):
// real images (a PNG drawn with zlib, an 8x8 grey baseline JPEG, a 1x1 GIF), the
// polyglots that must be refused, and a multipart upload helper.
import zlib from 'node:zlib';
import { BASE } from './lib.mjs';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

// A w x h RGB PNG (a colour gradient); extra: bytes of a private ancillary chunk
// (random, so it does not compress: a large file that is still one whole PNG).
export function png(w = 4, h = 3, extra = 0) {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) raw.set([(x * 60) & 255, (y * 80) & 255, 160], y * (w * 3 + 1) + 1 + x * 3);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (extra) parts.push(chunk('prIv', Buffer.from(Array.from({ length: extra }, () => Math.floor(Math.random() * 256)))));
  parts.push(chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

// An 8x8 grey baseline JPEG: one DC and one AC Huffman code, each '0'.
export function jpeg() {
  const seg = (m, body) => Buffer.concat([Buffer.from([0xff, m, (body.length + 2) >> 8, (body.length + 2) & 255]), Buffer.from(body)]);
  const counts = (n) => [n, ...Array(15).fill(0)];
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xdb, [0x00, ...Array(64).fill(1)]),
    seg(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    seg(0xc4, [0x00, ...counts(1), 0x00]),
    seg(0xc4, [0x10, ...counts(1), 0x00]),
    seg(0xda, [1, 1, 0x00, 0, 63, 0]),
    Buffer.from([0x3f, 0xff, 0xd9]),
  ]);
}

// A 1x1 GIF.
export function gif() {
  return Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
}

// A PNG with a ZIP archive after its end (a classic polyglot).
export function pngZip() {
  const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('evil.html<script>alert(1)</script>'), Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)]);
  return Buffer.concat([png(), zip]);
}

// A page that calls itself a picture.
export const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n');

// POST files (an array of {name, type, data, field = 'file'}) as multipart/form-data.
export async function upload(path, { token, cookie, files = [], fields = {} } = {}) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(f.field ?? 'file', new Blob([f.data], { type: f.type }), f.name);
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (cookie) headers.cookie = cookie;
  const res = await fetch(BASE + path, { method: 'POST', headers, body: fd, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}

// GET as bytes.
export async function download(path, { token, cookie } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (cookie) headers.cookie = cookie;
  const res = await fetch(BASE + path, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}
