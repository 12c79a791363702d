{{%AUTOESCAPE context="HTML"}}<section class="account-form enrol">
  <h1>Set up your second factor</h1>
  {{#REQUIRED}}<p class="alert alert-info">This store asks for a code from an authenticator app at every sign-in. Set it up now to continue.</p>{{/REQUIRED}}
  {{#ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <ol>
    <li>Open an authenticator app (Google Authenticator, Aegis, 1Password ...) and scan this code:
      <img class="qr-code" src="{{QR_DATA_URI:none}}" alt="QR code for your authenticator app" width="220" height="220" data-otpauth="{{OTPAUTH_URI}}"></li>
    <li>Or type this key by hand: <code class="totp-secret" data-secret="{{SECRET}}">{{SECRET}}</code></li>
    <li>Enter the 6-digit code the app shows:</li>
  </ol>
  <form method="post" action="/admin/enrol/">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <label for="code">Code from the app</label>
    <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
    <button type="submit" class="button button-primary button-block">Turn on</button>
  </form>
</section>
