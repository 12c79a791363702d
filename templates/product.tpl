{{%AUTOESCAPE context="HTML"}}<article class="product" data-product-id="{{ID}}">
  <div class="product-media">
    {{#NO_PHOTOS}}<img src="{{IMAGE_URL}}" alt="{{NAME}}" width="600" height="600">{{/NO_PHOTOS}}
    {{#PHOTO}}<img class="product-photo" src="{{SRC}}" srcset="{{SRCSET}}" sizes="(max-width: 700px) 100vw, 600px" alt="{{NAME}}, photo {{NUMBER}}" width="{{WIDTH}}" height="{{HEIGHT}}"{{#LATER}} loading="lazy"{{/LATER}}>{{/PHOTO}}
  </div>
  <div class="product-info">
    <p class="breadcrumb"><a href="/store/">Store</a> › {{NAME}}</p>
    <h1>{{NAME}}</h1>
    <p class="product-price" data-price="{{PRICE_CENTS}}">{{PRICE}}</p>
    <p class="product-description">{{DESCRIPTION}}</p>
    {{#SIZE_REQUIRED}}<p class="alert alert-error" role="alert">Please choose a size before adding to the cart.</p>{{/SIZE_REQUIRED}}
    {{#CAN_BUY}}<form class="add-to-cart" method="post" action="/add_to_cart/{{ID}}/">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <label for="color">Color</label>
      <select id="color" name="color">
        {{#COLOR}}<option value="{{COLOR_ID}}">{{COLOR_NAME}}{{#COLOR_SOLD_OUT}} (sold out){{/COLOR_SOLD_OUT}}</option>{{/COLOR}}
      </select>
      <label for="size">Size</label>
      <select id="size" name="size">
        <option value="">Choose a size</option>
        {{#SIZE}}<option value="{{SIZE}}">{{SIZE}}{{#SIZE_SOLD_OUT}} (sold out){{/SIZE_SOLD_OUT}}</option>{{/SIZE}}
      </select>
      <button type="submit" class="button button-primary">Add to cart</button>
    </form>{{/CAN_BUY}}
    {{#SOLD_OUT}}<p class="alert" role="status">Sold out for now.</p>{{/SOLD_OUT}}
    <table class="availability">
      <caption>Available now</caption>
      <thead><tr><th scope="col">Color</th><th scope="col">Size</th><th scope="col">In stock</th></tr></thead>
      <tbody>
        {{#VARIANT}}<tr class="variant{{#OUT_OF_STOCK}} out-of-stock{{/OUT_OF_STOCK}}" data-color="{{COLOR_ID}}" data-size="{{SIZE}}" data-available="{{AVAILABLE}}">
          <td>{{COLOR_NAME}}</td><td>{{SIZE}}</td><td>{{#OUT_OF_STOCK}}Out of stock{{/OUT_OF_STOCK}}{{#IN_STOCK}}{{AVAILABLE}}{{/IN_STOCK}}</td>
        </tr>{{/VARIANT}}
      </tbody>
    </table>
  </div>
</article>
<script src="/static/js/product.js" defer></script>
