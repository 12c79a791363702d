{{%AUTOESCAPE context="HTML"}}<h1>Checkout</h1>
<section class="cart checkout" data-order-id="{{ORDER_ID}}">
  <div>
    <h2>Your order #{{ORDER_ID}}</h2>
    <ul class="cart-lines">
      {{#LINE}}<li class="cart-line" data-product="{{PRODUCT_ID}}" data-color="{{COLOR_ID}}" data-size="{{SIZE}}" data-quantity="{{QUANTITY}}">
        <img src="{{IMAGE_URL}}" alt="{{NAME}}" width="72" height="72">
        <div class="line-details">
          <p class="line-name">{{NAME}}</p>
          <p class="line-variant">{{COLOR}} · Size {{SIZE}} · {{QUANTITY}} × {{UNIT_PRICE}}</p>
        </div>
        <p class="line-total">{{LINE_TOTAL}}</p>
      </li>{{/LINE}}
    </ul>
    <p><a href="/cart/">Change the cart</a></p>
  </div>
  <aside class="cart-summary">
    <h2>Summary</h2>
    <dl>
      <dt>Products</dt><dd data-product-count="{{UNITS}}">{{UNITS}}</dd>
      <dt class="summary-total">Total</dt><dd class="summary-total" data-order-total="{{TOTAL_CENTS}}">{{TOTAL}}</dd>
    </dl>
  </aside>
</section>
