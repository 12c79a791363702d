{{%AUTOESCAPE context="HTML"}}<section class="account-form">
  <h1>Your second factor is on</h1>
  <p>Keep these recovery codes somewhere safe (printed, or in a password manager). Each signs you in once if you lose your phone. They are shown only now.</p>
  <ul class="recovery-codes">{{#CODE}}<li><code data-recovery-code="{{VALUE}}">{{VALUE}}</code></li>{{/CODE}}</ul>
  <p><a class="button button-primary" href="{{NEXT}}">Continue</a></p>
</section>
