{{%AUTOESCAPE context="HTML"}}<section class="account-form">
  <h1>Check your e-mail</h1>
  <p class="alert alert-info" role="status">We sent a message to the address you gave. It says what to do next.</p>
  <p>If this is a new account, it is ready and you are signed in. If the address already had an account, no new one was made: the message tells you how to sign in or choose a new password.</p>
  <p><a class="button button-primary" href="{{NEXT}}">Continue shopping</a></p>
</section>
