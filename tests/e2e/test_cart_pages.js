// A shopper in a real browser: product page, a full cart, an empty cart, at desktop and phone
// sizes. Asserts what a person would see and keeps the screenshots for a human look.
'use strict';
const path = require('path');
const { runTests, expect, newShopper, openProduct } = require('./browser');

const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

async function addToCart(page, base, productName, color, size) {
  await openProduct(page, base, productName);
  await page.selectOption('#color', { label: color });
  await page.selectOption('#size', size);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.waitForURL(`${base}/cart/`);
}

runTests([
  ['product page asks for a size, then adds to the cart', async ({ base, shots }) => {
    for (const [label, viewport] of Object.entries(sizes)) {
      const shopper = await newShopper(viewport);
      const { page } = shopper;
      await openProduct(page, base, 'Piquet Polo');
      await page.screenshot({ path: path.join(shots, `product-${label}.png`), fullPage: true });
      await page.getByRole('button', { name: 'Add to cart' }).click();
      expect(page.url().endsWith('?error=size_required'), `no size: ${page.url()}`);
      expect(await page.getByText('Please choose a size').isVisible(), 'the size message is visible');
      await page.selectOption('#color', { label: 'Green' });
      await page.selectOption('#size', 'M');
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.waitForURL(`${base}/cart/`);
      const line = page.locator('.cart-line');
      expect(await line.count() === 1, 'one cart line');
      expect(await line.getAttribute('data-quantity') === '1', 'one unit');
      await shopper.close();
    }
  }],
  ['a full cart shows lines, +/- buttons and the total', async ({ base, shots }) => {
    for (const [label, viewport] of Object.entries(sizes)) {
      const shopper = await newShopper(viewport);
      const { page } = shopper;
      await addToCart(page, base, 'Basic Cotton T-Shirt', 'Navy', 'M');
      await addToCart(page, base, 'Fleece Hoodie', 'Grey', 'G');
      await addToCart(page, base, 'Linen Summer Dress', 'Sand', 'M');
      await page.getByRole('button', { name: 'One more Basic Cotton T-Shirt' }).click();
      await page.waitForURL(`${base}/cart/`);
      const quantities = await page.locator('.cart-line').evaluateAll(
        (lines) => lines.map((l) => Number(l.dataset.quantity)));
      expect(quantities.reduce((a, b) => a + b, 0) === 4, `4 units: ${quantities}`);
      expect(await page.locator('.cart-count').innerText() === '4', 'the header counts 4');
      const total = await page.locator('[data-order-total]').innerText();
      expect(/^R\$ [\d.]+,\d\d$/.test(total), `a total in reais: ${total}`);
      await page.screenshot({ path: path.join(shots, `cart-${label}.png`), fullPage: true });
      await page.getByRole('button', { name: 'One less Fleece Hoodie' }).click();
      await page.waitForURL(`${base}/cart/`);
      expect(await page.locator('.cart-line').count() === 2, 'the hoodie line is gone');
      await shopper.close();
    }
  }],
  ['an empty cart invites the shopper back to the store', async ({ base, shots }) => {
    for (const [label, viewport] of Object.entries(sizes)) {
      const shopper = await newShopper(viewport);
      const { page } = shopper;
      await page.goto(`${base}/cart/`);
      expect(await page.getByText('Your cart is empty').isVisible(), 'the empty-cart screen');
      await page.screenshot({ path: path.join(shots, `empty-cart-${label}.png`), fullPage: true });
      await page.getByRole('link', { name: 'Visit our store' }).click();
      expect(page.url() === `${base}/store/`, 'the button leads to the store');
      await shopper.close();
    }
  }],
]);
