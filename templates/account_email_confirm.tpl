{{%AUTOESCAPE context="HTML"}}<section class="account-form">
  {{#CONFIRM}}<h1>Confirm your new e-mail address</h1>
  <p>Use <strong>{{NEW_EMAIL}}</strong> for your Reserva account from now on?</p>
  <form method="post" action="/account/email/{{TOKEN}}/">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <button type="submit" class="button button-primary button-block">Use this address</button>
  </form>{{/CONFIRM}}
  {{#CHANGED}}<h1>Your e-mail address changed</h1>
  <p class="alert alert-info" role="status" data-email-changed>Your account now uses {{NEW_EMAIL}}. Sign in with it from now on.</p>
  <p><a class="button button-primary" href="/account/">My account</a></p>{{/CHANGED}}
  {{#TAKEN}}<h1>This address has an account already</h1>
  <p class="alert alert-error" role="alert">Another account uses {{NEW_EMAIL}}, so your account keeps its current address. Sign in with that other account, or choose a different address.</p>{{/TAKEN}}
  {{#DEAD}}<h1>This link is no longer valid</h1>
  <p class="alert alert-error" role="alert">This link was used already, or it is more than {{VALID_MINUTES}} minutes old. Your e-mail address has not changed. You can ask for a new link on the My account page.</p>{{/DEAD}}
</section>
