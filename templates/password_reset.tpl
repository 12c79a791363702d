{{%AUTOESCAPE context="HTML"}}<section class="account-form">
  <h1>Choose a new password</h1>
  {{#ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  {{#SENT}}<p class="alert alert-info" role="status" data-reset-sent>If an account uses {{EMAIL}}, we have sent it a link to choose a new password. The link works once, for {{VALID_MINUTES}} minutes. Nothing arrived? Look in the spam folder, or check the address and ask again.</p>
  <p><a href="/login/">Back to sign in</a></p>{{/SENT}}
  {{#FORM}}<p>Give the e-mail address of your account. We will send it a link to choose a new password.</p>
  <form method="post" action="/password_reset/">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="email">E-mail</label>
    <input type="email" id="email" name="email" value="{{EMAIL}}" autocomplete="username" required maxlength="254">
    <button type="submit" class="button button-primary button-block">Send me a link</button>
  </form>
  <p><a href="/login/">Back to sign in</a></p>{{/FORM}}
</section>
