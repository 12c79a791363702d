{{%AUTOESCAPE context="HTML"}}<p class="breadcrumb"><a href="/admin/stock/">Stock</a> › Import</p>
<h1>Stock import</h1>
{{#DRY_RUN}}<p class="alert alert-info" role="status">Preview: nothing was changed. {{CHANGES}} changes ({{MODE}}), {{UNCHANGED}} lines already right, {{BAD}} bad lines.</p>{{/DRY_RUN}}
{{#REFUSED}}<p class="alert alert-error" role="alert">Nothing was imported: {{BAD}} lines are bad. Fix them and import the file again.</p>{{/REFUSED}}
<h2>Changes</h2>
<div class="table-wrap"><table class="admin-table">
  <thead><tr><th class="num">Line</th><th>SKU</th><th>Variant</th><th class="num">On hand</th><th class="num">After</th></tr></thead>
  <tbody>
  {{#CHANGE}}<tr class="import-change" data-line="{{LINE}}" data-sku="{{SKU}}" data-before="{{BEFORE}}" data-after="{{AFTER}}">
    <td class="num">{{LINE}}</td><td>{{SKU}}</td><td>{{VARIANT}}</td><td class="num">{{BEFORE}}</td><td class="num">{{AFTER}}{{#BELOW_HELD}} (below the {{HELD}} held){{/BELOW_HELD}}</td>
  </tr>{{/CHANGE}}
  </tbody>
</table></div>
<h2>Bad lines</h2>
<div class="table-wrap"><table class="admin-table">
  <thead><tr><th class="num">Line</th><th>Why</th></tr></thead>
  <tbody>
  {{#BAD_LINE}}<tr class="import-bad" data-line="{{LINE}}"><td class="num">{{LINE}}</td><td>{{REASON}}</td></tr>{{/BAD_LINE}}
  </tbody>
</table></div>
<p><a href="/admin/stock/">Back to the stock</a></p>
