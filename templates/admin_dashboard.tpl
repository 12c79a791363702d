{{%AUTOESCAPE context="HTML"}}<h1>Today, {{TODAY}}</h1>
<div class="stat-cards">
  <a class="stat-card" href="/admin/orders/?state=paid" data-stat="to-ship"><strong>{{TO_SHIP}}</strong>to ship</a>
  <a class="stat-card" href="/admin/orders/?state=awaiting_payment" data-stat="awaiting-payment"><strong>{{AWAITING}}</strong>awaiting payment</a>
  <div class="stat-card" data-stat="sales-today" data-cents="{{SALES_TODAY_CENTS}}"><strong>{{SALES_TODAY}}</strong>sales today ({{ORDERS_TODAY}} orders)</div>
  <a class="stat-card" href="/admin/orders/" data-stat="flagged"><strong>{{FLAGGED}}</strong>flagged by Mercado Pago</a>
</div>
<div class="admin-grid">
<section class="admin-card">
  <h2>Oldest orders to ship</h2>
  {{#NOTHING_TO_SHIP}}<p class="muted">Nothing waits to be shipped.</p>{{/NOTHING_TO_SHIP}}
  <ul class="plain-list">{{#SHIP_ROW}}<li class="order-row" data-order-id="{{ORDER_ID}}" data-order-state="{{ORDER_STATE}}" data-order-total="{{TOTAL_CENTS}}"><a href="/admin/orders/{{ORDER_ID}}/">#{{ORDER_ID}}</a> · {{NAME}} · {{TOTAL}} · paid {{FINISHED_AT}}</li>{{/SHIP_ROW}}</ul>
</section>
<section class="admin-card">
  <h2>Low stock</h2>
  {{#NO_LOW_STOCK}}<p class="muted">Every variant has more than a few units.</p>{{/NO_LOW_STOCK}}
  <ul class="plain-list">{{#LOW}}<li class="low-stock">{{PRODUCT}} · {{COLOR}} · {{SIZE}}: <strong>{{ON_HAND}}</strong> on hand {{#HELD}}({{UNITS}} held by open payments){{/HELD}}</li>{{/LOW}}</ul>
</section>
</div>
