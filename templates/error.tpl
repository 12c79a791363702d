{{%AUTOESCAPE context="HTML"}}<section class="error-page" data-status="{{STATUS}}">
  <h1>{{HEADING}}</h1>
  <p>{{MESSAGE}}</p>
  <p><a class="button" href="/store/">Back to the store</a></p>
</section>
