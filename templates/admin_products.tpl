{{%AUTOESCAPE context="HTML"}}<h1>Products</h1>
<p><a class="button button-primary" href="/admin/products/new">New product</a> <a class="button" href="/admin/stock/">Stock</a>
<a class="button" href="/admin/export/products.csv">Export products.csv</a></p>
{{#NONE}}<p>No products yet.</p>{{/NONE}}
<div class="table-wrap"><table class="admin-table">
  <thead><tr><th>Photo</th><th>Name</th><th class="num">Price</th><th>State</th></tr></thead>
  <tbody>
  {{#PRODUCT}}<tr class="product-row" data-product-id="{{ID}}" data-published="{{PUBLISHED}}">
    <td data-label="Photo"><img class="admin-thumb" src="{{IMAGE_URL}}" alt="" width="56" height="56" loading="lazy"></td>
    <td data-label="Name"><a href="/admin/products/{{ID}}/">{{NAME}}</a></td>
    <td data-label="Price" class="num">{{PRICE}}</td>
    <td data-label="State"><span class="badge">{{STATE}}</span></td>
  </tr>{{/PRODUCT}}
  </tbody>
</table></div>
