{{%AUTOESCAPE context="HTML"}}<section class="order-page" data-order-id="{{ORDER_ID}}" data-order-status="{{STATUS}}" data-order-state="{{ORDER_STATE}}">
  {{#FINISHED}}<h1>Thank you! Order #{{ORDER_ID}} is confirmed</h1>
  <p>Your payment was approved on {{FINISHED_AT}}. A confirmation goes to {{EMAIL}}.</p>
  <p class="order-progress">Status: <strong class="order-state">{{STATE_LABEL}}</strong></p>
  {{#SHIPPED}}<p class="alert alert-info shipment" role="status">On its way since {{SHIPPED_AT}} with {{CARRIER}}. Tracking code: <strong class="tracking-code" data-tracking="{{TRACKING}}">{{TRACKING}}</strong></p>{{/SHIPPED}}
  {{#DELIVERED}}<p class="delivered">Delivered on {{DELIVERED_AT}}.</p>{{/DELIVERED}}
  <ul class="cart-lines">
    {{#LINE}}<li class="cart-line" data-product="{{PRODUCT_ID}}" data-size="{{SIZE}}" data-quantity="{{QUANTITY}}">
      <img src="{{IMAGE_URL}}" alt="{{NAME}}" width="72" height="72">
      <div class="line-details">
        <p class="line-name">{{NAME}}</p>
        <p class="line-variant">{{COLOR}} · Size {{SIZE}} · {{QUANTITY}} × {{UNIT_PRICE}}</p>
      </div>
      <p class="line-total">{{LINE_TOTAL}}</p>
    </li>{{/LINE}}
  </ul>
  <p class="summary-total">Total paid: <strong data-order-total="{{TOTAL_CENTS}}">{{TOTAL}}</strong></p>
  <h2>Delivery to</h2>
  <address>{{STREET}}, {{NUMBER}}{{#HAS_COMPLEMENT}} — {{COMPLEMENT}}{{/HAS_COMPLEMENT}}<br>{{NEIGHBORHOOD}}, {{CITY}} – {{STATE}}<br>CEP {{ZIP}}</address>
  {{/FINISHED}}
  {{#WAITING}}<h1>Waiting for your payment</h1>
  <p>Mercado Pago has not confirmed the payment for order #{{ORDER_ID}} yet. This page will show the confirmation once it arrives; your items stay reserved until the payment link expires.</p>
  <p><a class="button" href="/order_approved/{{ORDER_ID}}/">Check again</a> <a class="button" href="/cart/">Back to the cart</a></p>
  {{/WAITING}}
  {{#REFUND}}{{#AUTOMATIC}}<p class="alert alert-info refund-notice" role="status" data-refund-cents="{{REFUND_CENTS}}">A payment of {{AMOUNT}} was {{#DONE}}refunded{{/DONE}}{{#PENDING}}approved but is being refunded{{/PENDING}} because {{REASON}}. Nothing else was charged.</p>{{/AUTOMATIC}}{{#AFTER_SALE}}<p class="alert alert-info refund-notice" role="status" data-refund-cents="{{REFUND_CENTS}}">{{AMOUNT}} {{#DONE}}was refunded to you{{/DONE}}{{#PENDING}}is being refunded to you{{/PENDING}}: {{REASON}}.</p>{{/AFTER_SALE}}{{/REFUND}}
  <p><a href="/store/">Continue shopping</a></p>
</section>
