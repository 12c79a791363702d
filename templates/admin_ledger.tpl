{{%AUTOESCAPE context="HTML"}}<p class="breadcrumb"><a href="/admin/stock/">Stock</a> › <a href="/admin/products/{{PRODUCT_ID}}/">{{PRODUCT}}</a> › {{SKU}}</p>
<h1>Ledger of {{SKU}}</h1>
<p>{{PRODUCT}}, {{COLOR}}, {{SIZE}}: <strong>{{ON_HAND}}</strong> on hand, {{HELD}} held.</p>
{{#NONE}}<p>No changes yet.</p>{{/NONE}}
<div class="table-wrap"><table class="admin-table">
  <thead><tr><th>When</th><th class="num">Change</th><th class="num">On hand after</th><th>Reason</th><th>Who</th><th>Note</th></tr></thead>
  <tbody>
  {{#ENTRY}}<tr class="ledger-row" data-delta="{{DELTA}}" data-after="{{AFTER}}" data-reason="{{REASON}}" data-who="{{WHO}}">
    <td data-label="When">{{AT}}</td><td data-label="Change" class="num">{{DELTA_TEXT}}</td><td data-label="On hand after" class="num">{{AFTER}}</td>
    <td data-label="Reason">{{REASON}}{{#HAS_ORDER}} (order #{{ORDER_ID}}){{/HAS_ORDER}}</td><td data-label="Who">{{WHO}}</td><td data-label="Note">{{NOTE}}</td>
  </tr>{{/ENTRY}}
  </tbody>
</table></div>
