{{%AUTOESCAPE context="HTML"}}<h1>My addresses</h1>
{{#SAVED}}<p class="alert alert-info" role="status">Address saved.</p>{{/SAVED}}
{{#DELETED}}<p class="alert alert-info" role="status">Address deleted.</p>{{/DELETED}}
{{#NONE}}<p class="muted">No saved addresses yet.</p>{{/NONE}}
<ul class="address-list">
  {{#ADDRESS}}<li class="saved-address" data-address-id="{{ID}}">
    <address>{{STREET}}, {{NUMBER}}{{#HAS_COMPLEMENT}} — {{COMPLEMENT}}{{/HAS_COMPLEMENT}}<br>{{NEIGHBORHOOD}}, {{CITY}} – {{STATE}} · CEP {{ZIP}}</address>
    <a class="button button-secondary" href="/addresses/?edit={{ID}}">Edit</a>
    <form method="post" action="/addresses/" class="inline-form">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <input type="hidden" name="action" value="delete">
      <input type="hidden" name="address_id" value="{{ID}}">
      <button type="submit">Delete</button>
    </form>
  </li>{{/ADDRESS}}
</ul>
<form class="checkout-form" method="post" action="/addresses/">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="action" value="{{ACTION}}">
  <input type="hidden" name="address_id" value="{{EDIT_ID}}">
  <fieldset>
    <legend>{{FORM_TITLE}}</legend>
    {{>ADDRESS_FIELDS}}
  </fieldset>
  <button type="submit" class="button button-primary">Save address</button>
</form>
