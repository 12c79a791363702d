// A staff member in a real browser: signs in, adds a product with two photos and a 2 x 3
// color x size grid, adjusts one variant's stock from the stock grid, and the shop shows it all.
// Screenshots at desktop and phone sizes are kept for a human look.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { runTests, expect, newShopper } = require('./browser');

const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const top = path.resolve(__dirname, '../..');
const build = process.env.RESERVA_BUILD_DIR || top;
const stack = process.env.RESERVA_STACK_DIR || '';

function newStaff() {
  const email = `browser-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const password = 'correct horse battery';
  const r = spawnSync(path.join(build, 'reservactl'),
    ['--config', path.join(stack, 'reserva.conf'), 'staff', 'add', '--email', email, '--name', 'Browser Staff', '--role', 'staff'],
    { input: `${password}\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`staff add: ${r.stderr}`);
  return { email, password };
}

async function signIn(page, base, who) {
  await page.goto(`${base}/admin/login/`);
  await page.fill('input[name=email]', who.email);
  await page.fill('input[name=password]', who.password);
  await page.locator('form button[type=submit]').first().click();
  await page.waitForURL(`${base}/admin/`);
}

runTests([
  ['staff add a product with two photos and a 2 x 3 grid, adjust stock, and the shop shows it', async ({ base, shots }) => {
    for (const [label, viewport] of Object.entries(sizes)) {
      const browser = await newShopper(viewport);
      const { page } = browser;
      await signIn(page, base, newStaff());
      const name = `Browser Shirt ${label} ${Date.now()}`;
      await page.goto(`${base}/admin/products/new`);
      await page.fill('#product-name', name);
      await page.fill('#product-price', '189,90');
      await page.fill('#product-description', 'Cotton twill, made in Brazil.');
      await page.check('input[name=published]');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(/\/admin\/products\/\d+\/$/);
      const productId = /products\/(\d+)\//.exec(page.url())[1];
      for (const picture of ['polo.png', 'hoodie.png']) {
        await page.setInputFiles('#photo-file', path.join(top, 'static/img/demo', picture));
        await page.getByRole('button', { name: 'Upload' }).click();
        await page.waitForURL(`${base}/admin/products/${productId}/`);
      }
      expect(await page.locator('.photo-item').count() === 2, 'two photos on the admin page');
      for (const color of ['Navy', 'Sand']) {
        for (const size of ['P', 'M', 'G']) {
          await page.selectOption('#variant-color', { label: color });
          await page.fill('#variant-size', size);
          await page.getByRole('button', { name: 'Add variant at stock 0' }).click();
          await page.waitForURL(`${base}/admin/products/${productId}/`);
        }
      }
      expect(await page.locator('.variant-row').count() === 6, 'six variants');
      await page.screenshot({ path: path.join(shots, `admin-product-${label}.png`), fullPage: true });
      await page.goto(`${base}/admin/stock/?q=${encodeURIComponent(name)}`);
      const cells = page.locator('.stock-cell');
      expect(await cells.count() === 6, `a 2 x 3 grid: ${await cells.count()} cells`);
      const cell = page.locator('.stock-cell[data-size="M"]').first();
      const variantColor = await cell.getAttribute('data-color');
      await cell.locator('input[name=delta]').fill('5');
      await cell.locator('input[name=reason]:not([type=hidden])').fill('received 5');
      await cell.getByRole('button', { name: 'Adjust' }).click();
      await page.waitForLoadState();
      expect(await page.getByText('5 on hand.').isVisible(), 'the grid says what is on hand now');
      await page.goto(`${base}/admin/stock/?q=${encodeURIComponent(name)}`);
      await page.screenshot({ path: path.join(shots, `admin-stock-${label}.png`), fullPage: true });
      await page.goto(`${base}/product/${productId}/`);
      expect(await page.locator('img.product-photo').count() === 2, 'the shop shows both photos');
      const srcset = await page.locator('img.product-photo').first().getAttribute('srcset');
      expect(/\/media\/[0-9a-f]{32}-400\.jpg 400w/.test(srcset || ''), `with srcset: ${srcset}`);
      const row = page.locator(`tr.variant[data-color="${variantColor}"][data-size="M"]`);
      expect(await row.getAttribute('data-available') === '5', 'five available in the shop');
      const loaded = await page.locator('img.product-photo').first().evaluate((img) => img.complete && img.naturalWidth > 0);
      expect(loaded, 'the photo loads from /media/');
      await page.screenshot({ path: path.join(shots, `shop-product-${label}.png`), fullPage: true });
      await page.goto(`${base}/store/`);
      expect(await page.getByRole('link', { name }).first().isVisible(), 'on the store page');
      await browser.close();
    }
  }],
]);
