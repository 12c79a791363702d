{{%AUTOESCAPE context="HTML"}}<h1>Checkout</h1>
{{#PAYMENT_UNAVAILABLE}}<p class="alert alert-error" role="alert">We could not reach Mercado Pago to create your payment. Nothing was charged; please try again in a moment.</p>{{/PAYMENT_UNAVAILABLE}}
{{#PAYMENT_FAILED}}<p class="alert alert-error" role="alert">Your payment was not approved. Nothing was charged; you can try again or choose another payment method at Mercado Pago.</p>{{/PAYMENT_FAILED}}
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
      <fieldset>
        <legend>Delivery address</legend>
        <label for="street">Street</label>
        <input type="text" id="street" name="street" value="{{STREET}}" autocomplete="address-line1" required maxlength="200">
        {{#ERROR_STREET}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_STREET}}
        <div class="form-row">
          <div><label for="number">Number</label>
          <input type="text" id="number" name="number" value="{{NUMBER}}" required maxlength="20">
          {{#ERROR_NUMBER}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_NUMBER}}</div>
          <div><label for="complement">Complement (optional)</label>
          <input type="text" id="complement" name="complement" value="{{COMPLEMENT}}" autocomplete="address-line2" maxlength="100">
          {{#ERROR_COMPLEMENT}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_COMPLEMENT}}</div>
        </div>
        <label for="neighborhood">Neighborhood</label>
        <input type="text" id="neighborhood" name="neighborhood" value="{{NEIGHBORHOOD}}" required maxlength="100">
        {{#ERROR_NEIGHBORHOOD}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_NEIGHBORHOOD}}
        <div class="form-row">
          <div><label for="city">City</label>
          <input type="text" id="city" name="city" value="{{CITY}}" autocomplete="address-level2" required maxlength="100">
          {{#ERROR_CITY}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_CITY}}</div>
          <div><label for="state">State</label>
          <input type="text" id="state" name="state" value="{{STATE}}" autocomplete="address-level1" required maxlength="2" placeholder="SP">
          {{#ERROR_STATE}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_STATE}}</div>
        </div>
        <label for="zip">CEP</label>
        <input type="text" id="zip" name="zip" value="{{ZIP}}" autocomplete="postal-code" required maxlength="9" placeholder="01310-100" inputmode="numeric">
        {{#ERROR_ZIP}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_ZIP}}
      </fieldset>
      <fieldset>
        <legend>Contact</legend>
        <label for="email">E-mail for the order confirmation</label>
        <input id="email" name="email" type="email" value="{{EMAIL}}" autocomplete="email" required maxlength="254">
        {{#ERROR_EMAIL}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_EMAIL}}
      </fieldset>
      <button type="submit" class="button button-primary button-block">Confirm order</button>
      <p class="summary-note">You will pay at Mercado Pago. Your items are reserved for {{EXPIRY_MINUTES}} minutes.</p>
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
