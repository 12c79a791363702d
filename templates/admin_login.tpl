{{%AUTOESCAPE context="HTML"}}<section class="account-form">
  <h1>Back office sign-in</h1>
  {{#ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <form method="post" action="/admin/login/">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <label for="email">E-mail</label>
    <input type="email" id="email" name="email" value="{{EMAIL}}" autocomplete="username" required maxlength="254">
    <label for="password">Password</label>
    <input type="password" id="password" name="password" autocomplete="current-password" required maxlength="200">
    <label for="totp">Authenticator code{{#CODE_OPTIONAL}} <span class="muted">(if you set one up)</span>{{/CODE_OPTIONAL}}</label>
    <input type="text" id="totp" name="totp" inputmode="numeric" autocomplete="one-time-code" maxlength="12"{{#ASK_CODE}} autofocus{{/ASK_CODE}}>
    <p class="muted field-help">Lost your phone? Enter one of your recovery codes instead.</p>
    <button type="submit" class="button button-primary button-block">Sign in</button>
  </form>
  <p class="muted">This is the store's back office. Shoppers sign in at <a href="/login/">the store</a>.</p>
</section>
