{{%AUTOESCAPE context="HTML"}}<h1>Lower stock below what is held?</h1>
<div class="admin-card" data-variant-id="{{VARIANT_ID}}" data-sku="{{SKU}}">
  <p><strong>{{PRODUCT}}</strong>, {{COLOR}}, {{SIZE}} ({{SKU}}): {{ON_HAND}} on hand now, {{NEW_ON_HAND}} after this change.</p>
  <p class="alert alert-error" role="alert" data-held-warning>{{HELD_TEXT}}. Payments that on-hand stock can no longer cover will be refunded.</p>
  <form method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="confirm" value="1">
    {{#FIELD}}<input type="hidden" name="{{NAME}}" value="{{VALUE}}">{{/FIELD}}
    <button type="submit" class="button button-primary">Change it anyway</button>
    <a class="button" href="/admin/stock/">Cancel</a>
  </form>
</div>
