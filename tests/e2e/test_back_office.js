// The owner's day in a real browser, on a desktop and on a phone: a shopper pays for an order;
// the owner signs in (password and authenticator code), finds the order in the inbox by the
// shopper's e-mail, ships it with a tracking code and refunds part of it; the shopper's order
// page then shows the state, the tracking code and the refund. Screenshots along the way.
'use strict';
const crypto = require('crypto');
const path = require('path');
const { execFileSync } = require('child_process');
const { runTests, expect, newShopper } = require('./browser');

const stackDir = process.env.RESERVA_STACK_DIR || '';
const buildDir = process.env.RESERVA_BUILD_DIR || path.join(__dirname, '..', '..');
const sourceDir = process.env.RESERVA_SOURCE_DIR || path.join(__dirname, '..', '..');

function ctl(args, input) {
  return execFileSync(path.join(buildDir, 'reservactl'), ['--config', path.join(stackDir, 'reserva.conf'), ...args],
                      { input: input || '', env: { ...process.env, RESERVA_SQL_DIR: path.join(sourceDir, 'sql') } })
    .toString().trim();
}

// RFC 6238 with SHA-1, 6 digits, 30 s: computed here, apart from the store's own code.
function totp(secretBase32) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretBase32.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30)));
  const digest = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

function freshProduct(tag) {
  const product = ctl(['product', 'add', '--name', `Linen Shirt ${tag}`, '--price', '100.00']);
  const color = ctl(['color', 'add', '--name', `Sand ${tag}`]);
  ctl(['stock', 'set', '--product', product, '--color', color, '--size', 'M', '--quantity', '5']);
  return { product, color };
}

function freshOwner(tag) {
  const email = `owner-${tag}@example.com`;
  ctl(['staff', 'add', '--email', email, '--name', 'Ana Owner', '--role', 'owner'], 'the owner passphrase\n');
  const uri = ctl(['staff', 'totp', '--email', email]);
  return { email, password: 'the owner passphrase', secret: /secret=([A-Z2-7]+)/.exec(uri)[1] };
}

async function shopperPays(base, viewport, item, email) {
  const shopper = await newShopper(viewport);
  const { page } = shopper;
  await page.goto(`${base}/product/${item.product}/`);
  await page.selectOption('#color', item.color);
  await page.selectOption('#size', 'M');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.waitForURL(`${base}/cart/`);
  await page.getByRole('link', { name: 'Go to checkout' }).click();
  await page.getByLabel('Street').fill('Rua Augusta');
  await page.getByLabel('Number').fill('1500');
  await page.getByLabel('Neighborhood').fill('Consolação');
  await page.getByLabel('City').fill('São Paulo');
  await page.getByLabel('State').fill('SP');
  await page.getByLabel('CEP').fill('01304-001');
  await page.getByLabel('E-mail for the order confirmation').fill(email);
  await page.getByRole('button', { name: 'Confirm order' }).click();
  await page.waitForURL(/\/checkout\/v1\/redirect\?pref_id=/);
  await page.getByRole('button', { name: 'Approve payment' }).click();
  await page.waitForURL(/\/order_approved\/\d+\/$/);
  const order = /\/order_approved\/(\d+)\//.exec(page.url())[1];
  return { shopper, order };
}

function ownersDay(size, viewport) {
  return async ({ base, shots }) => {
    const tag = `${size}-${crypto.randomBytes(4).toString('hex')}`;
    const item = freshProduct(tag);
    const owner = freshOwner(tag);
    const email = `shopper-${tag}@example.com`;
    const { shopper, order } = await shopperPays(base, viewport, item, email);
    const admin = await newShopper(viewport);
    const { page } = admin;
    try {
      await page.goto(`${base}/admin/`);
      await page.waitForURL(/\/admin\/login\/\?next=/);
      await page.getByLabel('E-mail').fill(owner.email);
      await page.getByLabel('Password').fill(owner.password);
      await page.getByLabel(/Authenticator code/).fill(totp(owner.secret));
      await page.screenshot({ path: path.join(shots, `admin-login-${size}.png`), fullPage: true });
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/admin/`);
      expect(await page.getByRole('heading', { name: /^Today/ }).isVisible(), 'the dashboard');
      await page.screenshot({ path: path.join(shots, `admin-dashboard-${size}.png`), fullPage: true });

      await page.getByRole('link', { name: 'Orders', exact: true }).click();
      await page.getByLabel('Search orders').fill(email);
      await page.getByRole('button', { name: 'Search' }).click();
      const row = page.locator(`tr.order-row[data-order-id="${order}"]`);
      expect(await row.getAttribute('data-order-state') === 'paid', 'found, paid');
      await page.screenshot({ path: path.join(shots, `admin-inbox-${size}.png`), fullPage: true });
      await row.getByRole('link', { name: `#${order}` }).click();
      await page.waitForURL(`${base}/admin/orders/${order}/`);

      await page.getByLabel('Carrier').fill('Correios');
      await page.getByLabel('Tracking code').fill(`BR${tag.slice(-8).toUpperCase()}BR`);
      await page.getByRole('button', { name: /Mark shipped/ }).click();
      await page.waitForURL(`${base}/admin/orders/${order}/`);
      expect(await page.locator('section.admin-order').getAttribute('data-order-state') === 'shipped', 'shipped');

      await page.getByLabel(/^Amount/).fill('25,00');
      await page.getByLabel(/^Reason/).fill('A button was missing');
      await page.getByRole('button', { name: 'Refund through Mercado Pago' }).click();
      await page.waitForURL(`${base}/admin/orders/${order}/`);
      expect(await page.locator('li.refund[data-refund-cents="2500"][data-refund-status="done"]').count() === 1,
             'the partial refund, done');
      expect(await page.locator('section.admin-order').getAttribute('data-order-state') === 'shipped',
             'a partial refund leaves the state');
      await page.screenshot({ path: path.join(shots, `admin-order-${size}.png`), fullPage: true });

      await shopper.page.goto(`${base}/order_approved/${order}/`);
      const section = shopper.page.locator('section.order-page');
      expect(await section.getAttribute('data-order-state') === 'shipped', 'the shopper sees it shipped');
      expect(await shopper.page.locator('[data-refund-cents="2500"]').count() === 1, 'and the refund');
      expect(await shopper.page.getByText('Correios').isVisible(), 'and the carrier');
      await shopper.page.screenshot({ path: path.join(shots, `shop-order-after-admin-${size}.png`), fullPage: true });
    } finally {
      await admin.close();
      await shopper.close();
    }
  };
}

runTests([
  ['an owner ships and partly refunds a fresh order on a desktop', ownersDay('desktop', { width: 1280, height: 900 })],
  ['the same on a phone', ownersDay('phone', { width: 390, height: 844 })],
]);
