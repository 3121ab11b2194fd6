// browser.mjs: what the browser tests share — Chromium's launch options, a page
// that records console errors, CSP violations and 5xx answers, the checks every
// page must pass with its screenshots at desktop and phone width, and sign-in.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BASE, ROOT } from '../integration/lib.mjs';

export const SHOTS = path.join(ROOT, 'tests/browser/screenshots');
// axe-core (npm), evaluated in each checked page: run over the DevTools protocol, not
// as a <script>, so the pages' own CSP (scripts from 'self' only) stays as it is.
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };
export const LAUNCH = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};

fs.mkdirSync(SHOTS, { recursive: true });

// A page that records console errors (a CSP violation shows up there) and failed requests.
// options: more of the context's (javaScriptEnabled: false for the no-script flows).
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500) page.problems.push(`${r.status()} ${r.url()}`); });
  return page;
}

// Checks every page must pass, then screenshots at both widths.
export async function checkAndShoot(page, name) {
  const report = await page.evaluate(() => {
    const visible = (el) => el.type !== 'hidden';
    const styled = () => [...document.querySelectorAll('[style]')]
      .filter((el) => el.getAttribute('style').trim() !== '');
    const unlabelled = [...document.querySelectorAll('input, select, textarea')]
      .filter(visible).filter((el) => el.labels.length === 0 && !el.getAttribute('aria-label'))
      .map((el) => el.name || el.id);
    return {
      lang: document.documentElement.lang,
      h1: document.querySelectorAll('h1').length,
      main: document.querySelectorAll('main').length,
      skip: !!document.querySelector('a.skip-link[href="#main"]'),
      unlabelled,
      // Chromium itself sometimes leaves an empty style="" on form controls (autofill);
      // only a style with content is ours and would break the CSP.
      inlineStyle: styled().length,
      styled: styled().map((e) => e.outerHTML.slice(0, 200)).join(' | '),
      inlineScript: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
      title: document.title,
    };
  });
  assert.equal(report.lang, 'en', name);
  assert.equal(report.h1, 1, `${name}: one h1`);
  assert.equal(report.main, 1, `${name}: one main landmark`);
  assert.ok(report.skip, `${name}: skip link`);
  assert.deepEqual(report.unlabelled, [], `${name}: every input has a label`);
  assert.equal(report.inlineStyle, 0, `${name}: no style attributes ${report.styled}`);
  assert.equal(report.inlineScript, 0, `${name}: no inline scripts`);
  assert.match(report.title, /Deskpilot/);
  // Every WCAG 2.x A/AA rule axe knows: any violation fails the page.
  const violations = await page.evaluate(async (src) => {
    if (!window.axe) (0, eval)(src);
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }, AXE);
  assert.deepEqual(violations, [], `${name}: axe-core violations`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `${name}: no sideways scrolling at 1280px (${wide}px too wide)`);
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name}: no sideways scrolling at 375px (${overflow}px too wide)`);
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}

export async function signIn(page, email, password) {
  await page.goto(BASE + '/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
}
