{{%AUTOESCAPE context="HTML"}}<section class="account-form">
  <h1>Your account is deleted</h1>
  <p class="alert alert-info" role="status" data-account-deleted>Your account, saved addresses and sign-ins are gone, and you are signed out everywhere.</p>
  {{#ANY_ORDERS}}<p>Your {{ORDERS_KEPT}} stay in the store's records for tax purposes, without your name, e-mail or address.</p>{{/ANY_ORDERS}}
  <p><a class="button button-primary" href="/store/">Back to the store</a></p>
</section>
