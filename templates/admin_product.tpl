{{%AUTOESCAPE context="HTML"}}<p class="breadcrumb"><a href="/admin/products/">Products</a> › {{#IS_NEW}}New{{/IS_NEW}}{{#IS_EDIT}}{{NAME}}{{/IS_EDIT}}</p>
<h1>{{#IS_NEW}}New product{{/IS_NEW}}{{#IS_EDIT}}{{NAME}}{{/IS_EDIT}}</h1>
{{#NOTICE}}<p class="alert alert-info" role="status">{{MESSAGE}}</p>{{/NOTICE}}
{{#ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
<div class="admin-forms">
<section class="admin-card">
  <h2>Details</h2>
  <form method="post" action="{{ACTION}}" class="product-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="product-name">Name</label><input id="product-name" name="name" value="{{NAME}}" required maxlength="200">
    <label for="product-price">Price (R$)</label><input id="product-price" name="price" value="{{PRICE}}" required inputmode="decimal" placeholder="129,90">
    <label for="product-description">Description</label><textarea id="product-description" name="description" rows="4" maxlength="10000">{{DESCRIPTION}}</textarea>
    <label class="checkbox"><input type="checkbox" name="published" value="1"{{#PUBLISHED}} checked{{/PUBLISHED}}> Published (shown in the shop)</label>
    <button type="submit" class="button button-primary">{{#IS_NEW}}Create{{/IS_NEW}}{{#IS_EDIT}}Save{{/IS_EDIT}}</button>
  </form>
  {{#IS_EDIT}}<p><a href="/product/{{ID}}/">See it in the shop</a></p>{{/IS_EDIT}}
</section>
{{#IS_EDIT}}<section class="admin-card">
  <h2>Photos</h2>
  {{#NO_PHOTOS}}<p>No photos yet: the first one you add is the product's picture in the shop.</p>{{/NO_PHOTOS}}
  <ol class="photo-list">
  {{#PHOTO}}<li class="photo-item" data-photo-id="{{PHOTO_ID}}">
    <img src="{{SRC}}" alt="Photo {{NUMBER}}" width="96" height="96">
    <span class="row-actions">
      {{#CAN_MOVE_UP}}<form method="post" action="/admin/products/{{ID}}/photos/order"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="photos" value="{{UP_ORDER}}"><button type="submit" class="button button-small">Move up</button></form>{{/CAN_MOVE_UP}}
      <form method="post" action="/admin/products/{{ID}}/photos/{{PHOTO_ID}}/delete"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="button button-small">Delete</button></form>
    </span>
  </li>{{/PHOTO}}
  </ol>
  <form method="post" action="/admin/products/{{ID}}/photos" enctype="multipart/form-data" class="photo-upload">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="photo-file">Add a photo (JPEG, PNG or WebP, up to 10 MB)</label>
    <input id="photo-file" type="file" name="photo" accept="image/jpeg,image/png,image/webp" required>
    <button type="submit" class="button">Upload</button>
  </form>
</section>{{/IS_EDIT}}
</div>
{{#IS_EDIT}}<section class="admin-card">
  <h2>Variants</h2>
  {{#NO_VARIANTS}}<p>No variants yet: add each color and size the product comes in.</p>{{/NO_VARIANTS}}
  <div class="table-wrap"><table class="admin-table">
    <thead><tr><th>SKU</th><th>Color</th><th>Size</th><th class="num">On hand</th><th class="num">Held</th><th></th></tr></thead>
    <tbody>
    {{#VARIANT}}<tr class="variant-row" data-variant-id="{{VARIANT_ID}}" data-sku="{{SKU}}">
      <td data-label="SKU">{{SKU}}</td><td data-label="Color">{{COLOR}}</td><td data-label="Size">{{SIZE}}</td>
      <td data-label="On hand" class="num">{{ON_HAND}}</td><td data-label="Held" class="num">{{HELD}}</td>
      <td><a href="/admin/stock/{{VARIANT_ID}}/ledger">Ledger</a></td>
    </tr>{{/VARIANT}}
    </tbody>
  </table></div>
  <form method="post" action="/admin/products/{{ID}}/variants" class="variant-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="variant-color">Color</label>
    <select id="variant-color" name="color"><option value="">Choose…</option>{{#COLOR_OPTION}}<option value="{{COLOR_ID}}">{{COLOR_NAME}}</option>{{/COLOR_OPTION}}</select>
    <label for="variant-new-color">…or a new color</label><input id="variant-new-color" name="new_color" maxlength="100">
    <label for="variant-size">Size</label><input id="variant-size" name="size" required maxlength="16" placeholder="M">
    <label for="variant-sku">SKU (empty: P{{ID}}-color-size)</label><input id="variant-sku" name="sku" maxlength="64">
    <button type="submit" class="button">Add variant at stock 0</button>
  </form>
</section>{{/IS_EDIT}}
