{{%AUTOESCAPE context="HTML"}}<section class="account-form">
  <h1>Sign in</h1>
  {{#PASSWORD_SAVED}}<p class="alert alert-info" role="status">Your new password is saved and every earlier sign-in has ended. Sign in with the new password.</p>{{/PASSWORD_SAVED}}
  {{#ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <form method="post" action="/login/">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <label for="email">E-mail</label>
    <input type="email" id="email" name="email" value="{{EMAIL}}" autocomplete="username" required maxlength="254">
    <label for="password">Password</label>
    <input type="password" id="password" name="password" autocomplete="current-password" required maxlength="200">
    <button type="submit" class="button button-primary button-block">Sign in</button>
  </form>
  <p><a href="/password_reset/">Forgot your password?</a></p>
  <p>New here? <a href="/register/?next={{NEXT:u}}">Create an account</a>. Your cart comes with you.</p>
</section>
