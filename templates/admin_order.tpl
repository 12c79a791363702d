{{%AUTOESCAPE context="HTML"}}<p><a href="/admin/orders/">← Orders</a></p>
<section class="admin-order" data-order-id="{{ORDER_ID}}" data-order-state="{{ORDER_STATE}}" data-order-total="{{TOTAL_CENTS}}">
<h1>Order #{{ORDER_ID}} <span class="badge badge-{{ORDER_STATE}}">{{STATE_LABEL}}</span>{{#ALERT}} <span class="badge badge-alert" data-alert="{{WHAT}}">{{WHAT}}</span>{{/ALERT}}</h1>
{{#ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
{{#ALERT}}<p class="alert alert-error" role="alert">Mercado Pago reports a {{WHAT}} for this order. Do not ship it until that is settled.</p>{{/ALERT}}
<div class="admin-grid">
<section class="admin-card admin-card-wide">
  <h2>What was paid for</h2>
  <div class="table-wrap"><table class="admin-table">
    <thead><tr><th>Product</th><th>Color</th><th>Size</th><th class="num">Qty</th><th class="num">Unit</th><th class="num">Total</th></tr></thead>
    <tbody>
    {{#LINE}}<tr class="order-line" data-line-id="{{LINE_ID}}" data-product="{{PRODUCT_ID}}" data-color="{{COLOR_ID}}" data-size="{{SIZE}}" data-quantity="{{QUANTITY}}" data-restocked="{{RESTOCKED}}">
      <td data-label="Product">{{NAME}}</td><td data-label="Color">{{COLOR}}</td><td data-label="Size">{{SIZE}}</td>
      <td data-label="Qty" class="num">{{QUANTITY}}</td><td data-label="Unit" class="num">{{UNIT_PRICE}}</td><td data-label="Total" class="num">{{LINE_TOTAL}}</td>
    </tr>{{/LINE}}
    </tbody>
  </table></div>
  <p class="summary-total">Total: <strong data-order-total="{{TOTAL_CENTS}}">{{TOTAL}}</strong>{{#REFUNDED}} · refunded <strong class="refunded-total">{{AMOUNT}}</strong>{{/REFUNDED}}</p>
</section>
<section class="admin-card">
  <h2>Customer</h2>
  <p>{{NAME}}<br><a href="mailto:{{EMAIL}}" class="customer-email">{{EMAIL}}</a></p>
  {{#HAS_ADDRESS}}<address>{{STREET}}, {{NUMBER}}{{#HAS_COMPLEMENT}} — {{COMPLEMENT}}{{/HAS_COMPLEMENT}}<br>{{NEIGHBORHOOD}}, {{CITY}} – {{STATE}}<br>CEP {{ZIP}}</address>{{/HAS_ADDRESS}}
  {{#NO_ADDRESS}}<p class="muted">No delivery address yet.</p>{{/NO_ADDRESS}}
  <p class="muted">Created {{CREATED_AT}}</p>
</section>
<section class="admin-card">
  <h2>Fulfilment</h2>
  {{#SHIPPED}}<p class="shipment">Shipped {{SHIPPED_AT}} with <strong>{{CARRIER}}</strong>, tracking <strong class="tracking-code">{{TRACKING}}</strong>.</p>{{/SHIPPED}}
  {{#DELIVERED}}<p>Delivered {{DELIVERED_AT}}.</p>{{/DELIVERED}}
  {{#CAN_SHIP}}<form method="post" action="/admin/orders/{{ORDER_ID}}/ship" class="ship-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="carrier">Carrier</label>
    <input type="text" id="carrier" name="carrier" list="carriers" required maxlength="100" placeholder="Correios">
    <datalist id="carriers"><option value="Correios"><option value="Correios SEDEX"><option value="Jadlog"><option value="Loggi"><option value="Total Express"></datalist>
    <label for="tracking">Tracking code</label>
    <input type="text" id="tracking" name="tracking" required maxlength="100" placeholder="AA123456789BR">
    <button type="submit" class="button button-primary">Mark shipped and tell the customer</button>
  </form>{{/CAN_SHIP}}
  {{#CAN_DELIVER}}<form method="post" action="/admin/orders/{{ORDER_ID}}/deliver" class="deliver-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <button type="submit" class="button">Mark delivered</button>
  </form>{{/CAN_DELIVER}}
</section>
<section class="admin-card">
  <h2>Payments</h2>
  <ul class="plain-list">{{#PAYMENT}}<li class="payment" data-payment-id="{{GATEWAY_ID}}" data-payment-status="{{STATUS}}">{{AMOUNT}} · <strong>{{STATUS}}</strong> · Mercado Pago {{GATEWAY_ID}} · link {{ID}} · {{CREATED_AT}}</li>{{/PAYMENT}}</ul>
  <h3>Refunds</h3>
  {{#NO_REFUNDS}}<p class="muted">None.</p>{{/NO_REFUNDS}}
  <ul class="plain-list">{{#REFUND}}<li class="refund" data-refund-cents="{{CENTS}}" data-refund-status="{{STATUS}}"><strong>{{AMOUNT}}</strong> · {{STATUS}} · {{KIND}} · {{REASON}} · {{WHO}}, {{CREATED_AT}}</li>{{/REFUND}}</ul>
  {{#CAN_REFUND}}<form method="post" action="/admin/orders/{{ORDER_ID}}/refund" class="refund-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="key" value="{{KEY}}">
    <h3>Refund</h3>
    <label for="amount">Amount (empty: all that is left, {{LEFT}})</label>
    <input type="text" id="amount" name="amount" inputmode="decimal" placeholder="{{LEFT}}" maxlength="20">
    <label for="reason">Reason (the customer sees it)</label>
    <input type="text" id="reason" name="reason" required maxlength="200" placeholder="Item returned">
    {{#RESTOCK_LINE}}<label for="restock_{{LINE_ID}}">Back to stock: {{NAME}} (up to {{MAX}})</label>
    <input id="restock_{{LINE_ID}}" name="restock_{{LINE_ID}}" type="number" min="0" max="{{MAX}}" value="0">{{/RESTOCK_LINE}}
    <button type="submit" class="button button-primary">Refund through Mercado Pago</button>
  </form>{{/CAN_REFUND}}
  {{#REFUND_OWNER_ONLY}}<p class="muted">Only the store's owner can refund.</p>{{/REFUND_OWNER_ONLY}}
</section>
<section class="admin-card">
  <h2>Timeline</h2>
  <ol class="timeline">{{#EVENT}}<li class="event" data-kind="{{KIND}}"><span class="when">{{AT}} · {{WHO}}</span><br>{{TEXT}}</li>{{/EVENT}}</ol>
  <form method="post" action="/admin/orders/{{ORDER_ID}}/note" class="note-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="note">Add a note</label>
    <textarea id="note" name="text" rows="3" maxlength="2000" required></textarea>
    <button type="submit" class="button">Add note</button>
  </form>
</section>
</div>
</section>
