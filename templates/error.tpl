{{%AUTOESCAPE context="HTML"}}<section class="error-page" data-status="{{STATUS}}">
  <h1>{{HEADING}}</h1>
  <p>{{MESSAGE}}</p>
  <p><a class="button" href="{{BACK_HREF}}">{{BACK_LABEL}}</a></p>
</section>
