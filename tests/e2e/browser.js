// Shared set-up for the browser tests: Debian's Chromium (never a downloaded build), headless,
// with the flags this closed network needs, in a fresh profile; plus a tiny TAP reporter.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const stackDir = process.env.RESERVA_STACK_DIR || '';

function httpPort() {
  const env = fs.readFileSync(path.join(stackDir, 'stack.env'), 'utf8');
  return Number(/HTTP_PORT=(\d+)/.exec(env)[1]);
}

// One shopper = one browser with its own fresh profile (Playwright passes it as --user-data-dir).
async function newShopper(viewport) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'reserva-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Runs [name, async fn] pairs in order and prints TAP; screenshots go to RESERVA_SCREENSHOT_DIR.
async function runTests(tests) {
  if (process.env.RESERVA_BROWSER_TESTS === '0') {
    // scripts/check runs the browser once, against the plain build (its sanitizer lane sets this).
    console.log('1..0 # SKIP RESERVA_BROWSER_TESTS=0');
    return;
  }
  if (!stackDir || !fs.existsSync(path.join(stackDir, 'stack.env')) || !fs.existsSync('/usr/bin/chromium')) {
    console.log('1..0 # SKIP no running stack or no /usr/bin/chromium (scripts/check provides both)');
    return;
  }
  const shots = process.env.RESERVA_SCREENSHOT_DIR || path.join(stackDir, 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  const base = `http://127.0.0.1:${httpPort()}`;
  console.log(`1..${tests.length}`);
  let number = 0;
  for (const [name, fn] of tests) {
    number += 1;
    try {
      await fn({ base, shots });
      console.log(`ok ${number} - ${name}`);
    } catch (error) {
      console.log(`not ok ${number} - ${name}`);
      for (const line of String(error.stack || error).split('\n')) console.log(`# ${line}`);
    }
  }
  console.log(`# screenshots in ${shots}`);
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// Goes to the store page and opens the product named `name`, following "Older" through the
// store's pages (newest first, 24 a page) as a shopper would until its card shows.
async function openProduct(page, base, name) {
  await page.goto(`${base}/store/`);
  for (;;) {
    const link = page.getByRole('link', { name }).first();
    if (await link.count()) return link.click();
    const older = page.locator('a[rel=next]');
    if (!(await older.count())) throw new Error(`${name} is on no page of the store`);
    await older.click();
    await page.waitForLoadState();
  }
}

module.exports = { runTests, expect, newShopper, openProduct };
