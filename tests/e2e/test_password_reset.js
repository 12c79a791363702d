// A shopper who forgot the password, in a real browser: "Forgot your password?" on the sign-in
// page, the e-mail as a mail client shows it (its HTML part, from the SMTP sink), the button in
// it, a new password, signing in with it; the same link a second time is refused. Desktop and
// phone sizes; the screenshots are kept for a human look.
'use strict';
const path = require('path');
const { runTests, expect, newShopper } = require('./browser');

const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

async function resetMails(sink, email) {
  const r = await fetch(`${sink}/messages?to=${encodeURIComponent(email)}`);
  return (await r.json()).filter((m) => m.subject.includes('choose a new password'));
}

async function waitForResetMail(sink, email) {
  for (let i = 0; i < 100; i += 1) {
    const found = await resetMails(sink, email);
    if (found.length) return found[found.length - 1];
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`no reset e-mail for ${email}`);
}

runTests([
  ['a forgotten password is reset from the e-mail link, once', async ({ base, shots }) => {
    const sink = base.replace(/:(\d+)$/, (_, port) => `:${Number(port) + 3}`);
    for (const [label, viewport] of Object.entries(sizes)) {
      const email = `reset-${label}-${Date.now()}@example.com`;
      const shopper = await newShopper(viewport);
      const { page } = shopper;
      await page.goto(`${base}/register/`);
      await page.fill('#name', 'Ana Souza');
      await page.fill('#email', email);
      await page.fill('#password', 'first password');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('button', { name: 'Sign out' }).click();

      await page.goto(`${base}/login/`);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.fill('#email', email);
      await page.screenshot({ path: path.join(shots, `reset-ask-${label}.png`), fullPage: true });
      await page.getByRole('button', { name: 'Send me a link' }).click();
      const sent = page.locator('[data-reset-sent]');
      expect(await sent.isVisible(), 'the page says a link was sent if the account exists');
      expect((await sent.innerText()).includes('60 minutes'), 'and for how long it works');
      await page.screenshot({ path: path.join(shots, `reset-sent-${label}.png`), fullPage: true });

      const mail = await waitForResetMail(sink, email);
      expect(mail.text.includes('/password_reset/'), 'the plain-text part has the link');
      const mailbox = await shopper.context.newPage();
      await mailbox.setViewportSize(viewport);
      await mailbox.setContent(mail.html);
      await mailbox.screenshot({ path: path.join(shots, `reset-email-${label}.png`), fullPage: true });
      await mailbox.getByRole('link', { name: 'Choose a new password' }).click();
      await mailbox.waitForURL(/\/password_reset\/[0-9a-f]{32}\/$/);
      const link = mailbox.url();
      await mailbox.fill('#password', 'second password');
      await mailbox.fill('#password_again', 'second password');
      await mailbox.screenshot({ path: path.join(shots, `reset-new-password-${label}.png`), fullPage: true });
      await mailbox.getByRole('button', { name: 'Save the new password' }).click();
      await mailbox.waitForURL(`${base}/login/`);
      expect(await mailbox.getByText('Your new password is saved').isVisible(), 'the sign-in page says it is saved');
      await mailbox.screenshot({ path: path.join(shots, `reset-saved-${label}.png`), fullPage: true });

      await mailbox.fill('#email', email);
      await mailbox.fill('#password', 'first password');
      await mailbox.getByRole('button', { name: 'Sign in' }).click();
      expect(await mailbox.getByText('E-mail or password is not right.').isVisible(), 'the old password no longer works');
      await mailbox.fill('#password', 'second password');
      await mailbox.getByRole('button', { name: 'Sign in' }).click();
      await mailbox.waitForURL(`${base}/my_orders/`);
      expect(await mailbox.getByRole('button', { name: 'Sign out' }).isVisible(), 'signed in with the new password');

      const again = await mailbox.goto(link);
      expect(again.status() === 410, `the used link is refused: ${again.status()}`);
      expect(await mailbox.getByRole('heading', { name: 'This link is no longer valid' }).isVisible(), 'and says so');
      await mailbox.screenshot({ path: path.join(shots, `reset-link-used-${label}.png`), fullPage: true });
      await shopper.close();
    }
  }],
  ['My account shows the data and the ways to download or delete it', async ({ base, shots }) => {
    for (const [label, viewport] of Object.entries(sizes)) {
      const email = `account-${label}-${Date.now()}@example.com`;
      const shopper = await newShopper(viewport);
      const { page } = shopper;
      await page.goto(`${base}/register/`);
      await page.fill('#email', email);
      await page.fill('#password', 'first password');
      await page.getByRole('button', { name: 'Create account' }).click();
      expect(await page.getByRole('heading', { name: 'Check your e-mail' }).isVisible(), 'registration says to check the e-mail');
      await page.screenshot({ path: path.join(shots, `register-sent-${label}.png`), fullPage: true });
      await page.getByRole('link', { name: 'My account' }).click();
      await page.waitForURL(`${base}/account/`);
      expect(await page.locator('[data-account-email]').innerText() === email, 'the e-mail is shown');
      await page.screenshot({ path: path.join(shots, `account-${label}.png`), fullPage: true });
      await page.fill('#delete_password', 'first password');
      await page.getByRole('button', { name: 'Delete my account' }).click();
      expect(await page.locator('[data-account-deleted]').isVisible(), 'deleted');
      await page.screenshot({ path: path.join(shots, `account-deleted-${label}.png`), fullPage: true });
      await shopper.close();
    }
  }],
]);
