{{%AUTOESCAPE context="HTML"}}<section class="account-form">
  <h1>Create an account</h1>
  {{#ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <form method="post" action="/register/">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <label for="name">Name</label>
    <input type="text" id="name" name="name" value="{{NAME}}" autocomplete="name" maxlength="200">
    <label for="email">E-mail</label>
    <input type="email" id="email" name="email" value="{{EMAIL}}" autocomplete="username" required maxlength="254">
    <label for="password">Password (at least 8 characters)</label>
    <input type="password" id="password" name="password" autocomplete="new-password" required minlength="8" maxlength="200">
    <button type="submit" class="button button-primary button-block">Create account</button>
  </form>
  <p>Already have one? <a href="/login/?next={{NEXT:u}}">Sign in</a>.</p>
</section>
