{{%AUTOESCAPE context="HTML"}}<section class="error-page" data-status="{{STATUS}}">
  <h1>{{HEADING}}</h1>
  <p>{{MESSAGE}}</p>
  <p><a href="/admin/">Back to the back office</a></p>
</section>
