// The whole journey in a real browser: store → product → cart → checkout → the gateway's
// checkout page (the sandbox) → approve → the order confirmation. Screenshots along the way.
'use strict';
const path = require('path');
const { runTests, expect, newShopper, openProduct } = require('./browser');

runTests([
  ['a shopper buys a polo and sees the confirmation', async ({ base, shots }) => {
    const shopper = await newShopper({ width: 1280, height: 900 });
    const { page } = shopper;
    try {
      await openProduct(page, base, 'Piquet Polo');
      await page.selectOption('#color', { label: 'Green' });
      await page.selectOption('#size', 'G');
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.waitForURL(`${base}/cart/`);
      await page.getByRole('link', { name: 'Go to checkout' }).click();
      await page.waitForURL(`${base}/checkout/`);
      await page.getByLabel('Street').fill('Rua Augusta');
      await page.getByLabel('Number').fill('1500');
      await page.getByLabel('Neighborhood').fill('Consolação');
      await page.getByLabel('City').fill('São Paulo');
      await page.getByLabel('State').fill('SP');
      await page.getByLabel('CEP').fill('01304-001');
      await page.getByLabel('E-mail for the order confirmation').fill('ana@example.com');
      await page.screenshot({ path: path.join(shots, 'checkout-desktop.png'), fullPage: true });
      await page.getByRole('button', { name: 'Confirm order' }).click();
      await page.waitForURL(/\/checkout\/v1\/redirect\?pref_id=/);
      expect(await page.getByText('R$ 129,90').first().isVisible(), 'the gateway shows the price');
      await page.screenshot({ path: path.join(shots, 'gateway-desktop.png'), fullPage: true });
      await page.getByRole('button', { name: 'Approve payment' }).click();
      await page.waitForURL(/\/order_approved\/\d+\/$/);
      expect(await page.getByText(/Order #\d+ is confirmed/).isVisible(), 'the confirmation');
      expect(await page.getByText('Rua Augusta, 1500').isVisible(), 'the delivery address');
      expect(await page.locator('.cart-count').innerText() === '0', 'the cart is empty now');
      await page.screenshot({ path: path.join(shots, 'order-approved-desktop.png'), fullPage: true });
    } finally {
      await shopper.close();
    }
  }],
]);
