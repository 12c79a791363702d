{{%AUTOESCAPE context="HTML"}}<h1>Your cart</h1>
{{#ERROR_QUANTITY}}<p class="alert alert-error" role="alert">Stock quantity changed, revise the cart.</p>{{/ERROR_QUANTITY}}
{{#NOTICE_STOCK_LIMIT}}<p class="alert alert-info" role="status">That is all we have of that item in stock right now.</p>{{/NOTICE_STOCK_LIMIT}}
{{#NOTICE_ITEM_LIMIT}}<p class="alert alert-info" role="status" data-notice="item_limit">One order can hold at most {{UNITS}} units of each item (color and size).</p>{{/NOTICE_ITEM_LIMIT}}
{{#ADJUSTMENT}}<p class="alert alert-info cart-adjustment" role="status">{{#REMOVED}}{{NAME}} ({{COLOR}}, size {{SIZE}}) sold out and was removed from your cart.{{/REMOVED}}{{#LOWERED}}Only {{AFTER}} of {{NAME}} ({{COLOR}}, size {{SIZE}}) left in stock: your cart now has {{AFTER}} instead of {{BEFORE}}.{{/LOWERED}}</p>{{/ADJUSTMENT}}
{{#EMPTY}}<section class="empty-state">
  <p>Your cart is empty.</p>
  <a class="button button-primary" href="/store/">Visit our store</a>
</section>{{/EMPTY}}
{{#FULL}}<section class="cart" data-order-id="{{ORDER_ID}}">
  <div>
    <p class="muted">Order #{{ORDER_ID}}</p>
    <ul class="cart-lines">
      {{#LINE}}<li class="cart-line" data-product="{{PRODUCT_ID}}" data-color="{{COLOR_ID}}" data-size="{{SIZE}}" data-quantity="{{QUANTITY}}">
        <img src="{{IMAGE_URL}}" alt="{{NAME}}" width="96" height="96">
        <div class="line-details">
          <p class="line-name"><a href="/product/{{PRODUCT_ID}}/">{{NAME}}</a></p>
          <p class="line-variant">{{COLOR}} · Size {{SIZE}}</p>
          <p class="line-unit">{{UNIT_PRICE}} each · <span class="line-stock" data-available="{{AVAILABLE}}">{{AVAILABLE}} in stock</span></p>
        </div>
        <div class="line-qty">
          <div class="qty-controls">
            <form method="post" action="/remove_from_cart/{{PRODUCT_ID}}/">
              <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
              <input type="hidden" name="color" value="{{COLOR_ID}}">
              <input type="hidden" name="size" value="{{SIZE}}">
              <button type="submit" aria-label="One less {{NAME}}">−</button>
            </form>
            <span class="qty" aria-label="Quantity">{{QUANTITY}}</span>
            <form method="post" action="/add_to_cart/{{PRODUCT_ID}}/">
              <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
              <input type="hidden" name="color" value="{{COLOR_ID}}">
              <input type="hidden" name="size" value="{{SIZE}}">
              {{#CAN_ADD}}<button type="submit" aria-label="One more {{NAME}}">+</button>{{/CAN_ADD}}
              {{#AT_LIMIT}}<button type="submit" disabled aria-label="No more {{NAME}} in stock">+</button>{{/AT_LIMIT}}
            </form>
          </div>
        </div>
        <p class="line-total">{{LINE_TOTAL}}</p>
      </li>{{/LINE}}
    </ul>
  </div>
  <aside class="cart-summary">
    <h2>Summary</h2>
    <dl>
      <dt>Products</dt><dd data-product-count="{{UNITS}}">{{UNITS}}</dd>
      <dt class="summary-total">Total</dt><dd class="summary-total" data-order-total="{{TOTAL_CENTS}}">{{TOTAL}}</dd>
    </dl>
    <a class="button button-primary button-block" href="/checkout/">Go to checkout</a>
    <p class="summary-note">Stock is reserved for you when you confirm the order.</p>
  </aside>
</section>{{/FULL}}
