{{%AUTOESCAPE context="HTML"}}<h1>Stock</h1>
{{#NOTICE}}<p class="alert alert-info" role="status">{{MESSAGE}}</p>{{/NOTICE}}
{{#ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
<form method="get" action="/admin/stock/" class="stock-search">
  <label for="stock-q">Product name or SKU</label><input id="stock-q" name="q" value="{{Q}}" maxlength="100">
  <label class="checkbox"><input type="checkbox" name="low" value="1"{{#LOW_ONLY}} checked{{/LOW_ONLY}}> Low stock only</label>
  <button type="submit" class="button button-small">Show</button>
  <a href="/admin/export/stock.csv">Export stock.csv</a>
  <a href="/admin/stock/ledger">Ledger of every change</a>
</form>
{{#NONE}}<p>No variants match.</p>{{/NONE}}
{{#PRODUCT}}<section class="admin-card stock-product" data-product-id="{{PRODUCT_ID}}">
  <h2><a href="/admin/products/{{PRODUCT_ID}}/">{{PRODUCT}}</a></h2>
  <div class="table-wrap"><table class="admin-table stock-grid">
    <thead><tr><th>Color</th>{{#SIZE_HEAD}}<th>{{SIZE}}</th>{{/SIZE_HEAD}}</tr></thead>
    <tbody>
    {{#COLOR_ROW}}<tr><th scope="row">{{COLOR}}</th>{{#SLOT}}<td data-label="{{SLOT_SIZE}}">{{#EMPTY_SLOT}}—{{/EMPTY_SLOT}}{{#CELL}}<div class="stock-cell{{#LOW}} low{{/LOW}}" data-variant-id="{{VARIANT_ID}}" data-sku="{{SKU}}" data-product="{{PRODUCT_ID}}" data-color="{{COLOR_ID}}" data-size="{{SIZE}}" data-on-hand="{{ON_HAND}}" data-held="{{HELD}}" data-version="{{VERSION}}">
        <p class="stock-numbers"><strong>{{ON_HAND}}</strong> on hand{{#LOW}} (low){{/LOW}} · {{HELD}} held <span class="sku">{{SKU}}</span></p>
        <form method="post" action="/admin/stock/{{VARIANT_ID}}/adjust" class="stock-form">
          <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
          <label>Change <input name="delta" size="4" inputmode="numeric" placeholder="+12" required></label>
          <label>Reason <input name="reason" size="10" placeholder="received 12" required maxlength="500"></label>
          <button type="submit" class="button button-small">Adjust</button>
        </form>
        <form method="post" action="/admin/stock/{{VARIANT_ID}}/count" class="stock-form">
          <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="version" value="{{VERSION}}">
          <label>Counted <input name="quantity" size="4" inputmode="numeric" required></label>
          <input type="hidden" name="reason" value="count">
          <button type="submit" class="button button-small">Set</button>
        </form>
        <a href="/admin/stock/{{VARIANT_ID}}/ledger">Ledger</a>
      </div>{{/CELL}}</td>{{/SLOT}}</tr>{{/COLOR_ROW}}
    </tbody>
  </table></div>
</section>{{/PRODUCT}}
{{#CAN_IMPORT}}<section class="admin-card">
  <h2>Import stock from CSV</h2>
  <p>A header row <code>sku,quantity</code> (counts) or <code>sku,delta</code> (adjustments); comma or semicolon, as your spreadsheet saves it.</p>
  <form method="post" action="/admin/import/stock" enctype="multipart/form-data">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="import-file">CSV file</label><input id="import-file" type="file" name="file" accept=".csv,text/csv" required>
    <label class="checkbox"><input type="checkbox" name="dry_run" value="1" checked> Preview only (change nothing)</label>
    <button type="submit" class="button">Import</button>
  </form>
</section>{{/CAN_IMPORT}}
