{{%AUTOESCAPE context="HTML"}}<section class="account-form">
  {{#FORM}}<h1>Choose a new password</h1>
  {{#ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <form method="post" action="/password_reset/{{TOKEN}}/">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="password">New password (at least 8 characters)</label>
    <input type="password" id="password" name="password" autocomplete="new-password" required minlength="8" maxlength="200">
    <label for="password_again">The new password again</label>
    <input type="password" id="password_again" name="password_again" autocomplete="new-password" required minlength="8" maxlength="200">
    <button type="submit" class="button button-primary button-block">Save the new password</button>
  </form>
  <p class="muted">Saving signs you out everywhere; then sign in with the new password.</p>{{/FORM}}
  {{#DEAD}}<h1>This link is no longer valid</h1>
  <p class="alert alert-error" role="alert" data-reset-link="dead">This link was used already, or it is more than {{VALID_MINUTES}} minutes old, so it changes nothing now. Each link to choose a new password works once, for {{VALID_MINUTES}} minutes.</p>
  <p><a class="button button-primary" href="/password_reset/">Ask for a new link</a></p>{{/DEAD}}
</section>
