{{%AUTOESCAPE context="HTML"}}<h1>My orders</h1>
{{#NONE}}<section class="empty-state"><p>You have no finished orders yet.</p><a class="button button-primary" href="/store/">Visit our store</a></section>{{/NONE}}
{{#ORDER}}<section class="order-summary" data-order-id="{{ORDER_ID}}" data-order-state="{{ORDER_STATE}}">
  <h2><a href="/order_approved/{{ORDER_ID}}/">Order #{{ORDER_ID}}</a> · {{FINISHED_AT}} · <span class="order-status order-state">{{STATE_LABEL}}</span></h2>
  {{#SHIPPED}}<p class="shipment">Shipped {{SHIPPED_AT}} with {{CARRIER}} · tracking <strong class="tracking-code" data-tracking="{{TRACKING}}">{{TRACKING}}</strong></p>{{/SHIPPED}}
  <ul class="cart-lines">
    {{#LINE}}<li class="cart-line" data-product="{{PRODUCT_ID}}" data-size="{{SIZE}}" data-quantity="{{QUANTITY}}">
      <img src="{{IMAGE_URL}}" alt="{{NAME}}" width="56" height="56">
      <div class="line-details"><p class="line-name">{{NAME}}</p><p class="line-variant">{{COLOR}} · Size {{SIZE}} · {{QUANTITY}} × {{UNIT_PRICE}}</p></div>
      <p class="line-total">{{LINE_TOTAL}}</p>
    </li>{{/LINE}}
  </ul>
  <p class="summary-total">Total: <strong data-order-total="{{TOTAL_CENTS}}">{{TOTAL}}</strong></p>
  {{#REFUND}}<p class="alert alert-info refund-notice" data-refund-cents="{{REFUND_CENTS}}">{{#AUTOMATIC}}A payment of {{AMOUNT}} was refunded: {{REASON}}.{{/AUTOMATIC}}{{#AFTER_SALE}}{{AMOUNT}} {{#DONE}}was refunded{{/DONE}}{{#PENDING}}is being refunded{{/PENDING}}: {{REASON}}.{{/AFTER_SALE}}</p>{{/REFUND}}
</section>{{/ORDER}}
