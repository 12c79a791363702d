{{%AUTOESCAPE context="HTML"}}<h1>My account</h1>
{{#PASSWORD_CHANGED}}<p class="alert alert-info" role="status">Your new password is saved. Every other sign-in (other browsers, other devices) has ended.</p>{{/PASSWORD_CHANGED}}
{{#EMAIL_LINK_SENT}}<p class="alert alert-info" role="status">We sent a link to the new address. Your account keeps its current address until you open that link (it works for one hour).</p>{{/EMAIL_LINK_SENT}}
<section class="account-section">
  <h2>E-mail</h2>
  <p data-account-email>{{EMAIL}}</p>
</section>
<section class="account-section">
  <h2>Addresses</h2>
  {{#NO_ADDRESSES}}<p class="muted">No saved addresses.</p>{{/NO_ADDRESSES}}
  <ul class="address-list">
    {{#ADDRESS}}<li><address>{{STREET}}, {{NUMBER}}{{#HAS_COMPLEMENT}} — {{COMPLEMENT}}{{/HAS_COMPLEMENT}}<br>{{NEIGHBORHOOD}}, {{CITY}} – {{STATE}} · CEP {{ZIP}}</address></li>{{/ADDRESS}}
  </ul>
  <p><a href="/addresses/">Add or change addresses</a></p>
</section>
<section class="account-section">
  <h2>Orders</h2>
  {{#NO_ORDERS}}<p class="muted">No orders yet.</p>{{/NO_ORDERS}}
  <ul class="account-orders">
    {{#ORDER}}<li data-order-id="{{ORDER_ID}}">Order #{{ORDER_ID}} · paid {{FINISHED_AT}} · {{UNITS}} · {{TOTAL}}</li>{{/ORDER}}
  </ul>
  <p><a href="/my_orders/">See my orders in full</a></p>
</section>
<section class="account-section">
  <h2>Change the password</h2>
  {{#PASSWORD_ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/PASSWORD_ERROR}}
  <form class="account-form" method="post" action="/account/password">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="current_password">Current password</label>
    <input type="password" id="current_password" name="current_password" autocomplete="current-password" required maxlength="200">
    <label for="new_password">New password (at least 8 characters)</label>
    <input type="password" id="new_password" name="new_password" autocomplete="new-password" required minlength="8" maxlength="200">
    <button type="submit" class="button button-primary">Change the password</button>
  </form>
</section>
<section class="account-section">
  <h2>Change the e-mail address</h2>
  {{#EMAIL_ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/EMAIL_ERROR}}
  <form class="account-form" method="post" action="/account/email">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="new_email">New e-mail address</label>
    <input type="email" id="new_email" name="new_email" autocomplete="email" required maxlength="254">
    <label for="email_password">Current password</label>
    <input type="password" id="email_password" name="current_password" autocomplete="current-password" required maxlength="200">
    <button type="submit" class="button button-primary">Send a confirmation link</button>
  </form>
</section>
<section class="account-section">
  <h2>My data</h2>
  <p>Download everything the store keeps about you: account, addresses, orders with their lines and payments' status, and when you signed in.</p>
  <p><a class="button button-secondary" href="/account/data.json" download>Download my data (JSON)</a></p>
</section>
<section class="account-section account-danger">
  <h2>Delete my account</h2>
  {{#DELETE_ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/DELETE_ERROR}}
  <p>Deleting signs you out everywhere and removes your account, saved addresses and sign-ins. It cannot be undone.</p>
  <p>Your past orders stay in the store's records, because the law requires us to keep sales for tax purposes, but without your name, e-mail or address: only the products, amounts, dates and payment numbers remain. If an order has not reached you yet, please contact us before deleting: we would no longer have the address to send it to.</p>
  <form class="account-form" method="post" action="/account/delete">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="delete_password">Your password, to confirm</label>
    <input type="password" id="delete_password" name="password" autocomplete="current-password" required maxlength="200">
    <button type="submit" class="button button-danger">Delete my account</button>
  </form>
</section>
