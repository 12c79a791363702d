{{%AUTOESCAPE context="HTML"}}<p class="breadcrumb"><a href="/admin/stock/">Stock</a> › Ledger</p>
<h1>Stock ledger</h1>
<p>Every change of on-hand stock in the store, newest first: sales, refunds, adjustments, counts, imports. Rows are never changed.</p>
<form method="get" action="/admin/stock/ledger" class="stock-search">
  <label for="ledger-q">Product name or SKU</label><input id="ledger-q" name="q" value="{{Q}}" maxlength="100">
  <label for="ledger-reason">Reason</label>
  <select id="ledger-reason" name="reason">
    <option value="">all</option>
    {{#REASON_OPTION}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{CODE}}</option>{{/REASON_OPTION}}
  </select>
  <label for="ledger-who">Who (e-mail, cli or system)</label><input id="ledger-who" name="who" value="{{WHO_FILTER}}" maxlength="254">
  <button type="submit" class="button button-small">Show</button>
</form>
{{#NONE}}<p>No changes match.</p>{{/NONE}}
<div class="table-wrap"><table class="admin-table">
  <thead><tr><th>When</th><th>Variant</th><th class="num">Change</th><th class="num">On hand after</th><th>Reason</th><th>Who</th><th>Note</th></tr></thead>
  <tbody>
  {{#ENTRY}}<tr class="ledger-row" data-variant-id="{{VARIANT_ID}}" data-delta="{{DELTA}}" data-after="{{AFTER}}" data-reason="{{REASON}}" data-who="{{WHO}}">
    <td data-label="When">{{AT}}</td>
    <td data-label="Variant"><a href="/admin/stock/{{VARIANT_ID}}/ledger">{{SKU}}</a> {{PRODUCT}}, {{COLOR}}, {{SIZE}}</td>
    <td data-label="Change" class="num">{{DELTA_TEXT}}</td><td data-label="On hand after" class="num">{{AFTER}}</td>
    <td data-label="Reason">{{REASON}}{{#HAS_ORDER}} (<a href="/admin/orders/{{ORDER_ID}}/">order #{{ORDER_ID}}</a>){{/HAS_ORDER}}</td><td data-label="Who">{{WHO}}</td><td data-label="Note">{{NOTE}}</td>
  </tr>{{/ENTRY}}
  </tbody>
</table></div>
{{#OLDER}}<p><a href="{{OLDER_HREF}}" rel="next">Older changes</a></p>{{/OLDER}}
