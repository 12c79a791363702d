{{%AUTOESCAPE context="HTML"}}<h1>Checkout</h1>
{{#PAYMENT_UNAVAILABLE}}<p class="alert alert-error" role="alert">We could not reach Mercado Pago to create your payment. Nothing was charged; please try again in a moment.</p>{{/PAYMENT_UNAVAILABLE}}
{{#PAYMENT_FAILED}}<p class="alert alert-error" role="alert">Your payment was not approved. Nothing was charged; you can try again or choose another payment method at Mercado Pago.</p>{{/PAYMENT_FAILED}}
{{#TOO_MANY_UNITS}}<p class="alert alert-error" role="alert" data-refused="too_many_units">One order can hold at most {{UNITS}} of each item (color and size). Please lower the quantity in <a href="/cart/">your cart</a>.</p>{{/TOO_MANY_UNITS}}
{{#ADDRESS_BUSY}}<p class="alert alert-error" role="alert" data-refused="address_busy">Too many orders from your network are waiting for payment right now. Please pay or let one of them lapse (payment links last {{EXPIRY_MINUTES}}) and try again.</p>{{/ADDRESS_BUSY}}
{{#FORM_ERRORS}}<p class="alert alert-error" role="alert">Please check the fields marked below.</p>{{/FORM_ERRORS}}
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

    <form class="checkout-form" method="post" action="/checkout/">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      {{#SAVED_ADDRESSES}}<fieldset>
        <legend>Deliver to</legend>
        {{#SAVED}}<label class="choice"><input type="radio" name="address_id" value="{{ID}}"> {{STREET}}, {{NUMBER}}{{#HAS_COMPLEMENT}} — {{COMPLEMENT}}{{/HAS_COMPLEMENT}}, {{CITY}} – {{STATE}}</label>
        {{/SAVED}}<label class="choice"><input type="radio" name="address_id" value=""> A new address (below; it will be saved)</label>
        {{#ERROR_ADDRESS_ID}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_ADDRESS_ID}}
      </fieldset>{{/SAVED_ADDRESSES}}
      <fieldset>
        <legend>Delivery address</legend>
        {{>ADDRESS_FIELDS}}
      </fieldset>
      {{#GUEST}}<fieldset>
        <legend>Contact</legend>
        <label for="email">E-mail for the order confirmation</label>
        <input id="email" name="email" type="email" value="{{EMAIL}}" autocomplete="email" maxlength="254">
        {{#ERROR_EMAIL}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_EMAIL}}
        <p class="field-hint">Or <a href="/login/?next=/checkout/">sign in</a> to use your saved addresses.</p>
      </fieldset>{{/GUEST}}
      {{#ACCOUNT}}<p class="muted">The confirmation goes to {{ACCOUNT_EMAIL}}.</p>{{/ACCOUNT}}
      <button type="submit" class="button button-primary button-block">Confirm order</button>
      <p class="summary-note">You will pay at Mercado Pago. Your items are reserved for {{EXPIRY_MINUTES}}.</p>
    </form>
  </div>
  <aside class="cart-summary">
    <h2>Summary</h2>
    <dl>
      <dt>Products</dt><dd data-product-count="{{UNITS}}">{{UNITS}}</dd>
      <dt class="summary-total">Total</dt><dd class="summary-total" data-order-total="{{TOTAL_CENTS}}">{{TOTAL}}</dd>
    </dl>
  </aside>
</section>
