{{%AUTOESCAPE context="HTML"}}<h1>Orders</h1>
<ul class="state-filters" aria-label="Filter by state">
  {{#FILTER}}<li><a href="/admin/orders/?state={{STATE:u}}" aria-current="{{CURRENT}}" data-filter-state="{{STATE}}" data-count="{{COUNT}}">{{LABEL}} <span class="count">{{COUNT}}</span></a></li>{{/FILTER}}
</ul>
{{#FLAGGED}}<p class="alert alert-error" role="alert">{{COUNT}} order(s) flagged by Mercado Pago (chargeback or refund at the gateway): check them before shipping.</p>{{/FLAGGED}}
<form class="search-form" method="get" action="/admin/orders/" role="search">
  <input type="hidden" name="state" value="{{STATE}}">
  <label for="q" class="visually-hidden">Search orders</label>
  <input type="search" id="q" name="q" value="{{Q}}" placeholder="Order number, e-mail or name" maxlength="200">
  <button type="submit" class="button">Search</button>
  {{#CAN_EXPORT}}<a class="button" href="/admin/export/orders.csv">Export CSV</a>{{/CAN_EXPORT}}
</form>
{{#NONE}}<p class="muted">No orders match.</p>{{/NONE}}
<div class="table-wrap"><table class="admin-table orders-table">
  <thead><tr><th>Order</th><th>Date</th><th>Customer</th><th>State</th><th class="num">Items</th><th class="num">Total</th></tr></thead>
  <tbody>
  {{#ROW}}<tr class="order-row{{#ALERT}} flagged{{/ALERT}}" data-order-id="{{ORDER_ID}}" data-order-state="{{ORDER_STATE}}" data-order-total="{{TOTAL_CENTS}}">
    <td data-label="Order"><a href="/admin/orders/{{ORDER_ID}}/">#{{ORDER_ID}}</a></td>
    <td data-label="Date">{{CREATED_AT}}</td>
    <td data-label="Customer">{{NAME}}<br><span class="muted">{{EMAIL}}</span></td>
    <td data-label="State"><span class="badge badge-{{ORDER_STATE}}">{{STATE_LABEL}}</span>{{#ALERT}} <span class="badge badge-alert" data-alert="{{WHAT}}">{{WHAT}}</span>{{/ALERT}}</td>
    <td data-label="Items" class="num">{{UNITS}}</td>
    <td data-label="Total" class="num">{{TOTAL}}{{#REFUNDED}}<br><span class="muted">−{{AMOUNT}} refunded</span>{{/REFUNDED}}</td>
  </tr>{{/ROW}}
  </tbody>
</table></div>
<nav class="pager">{{#NEWER}}<a href="{{HREF}}">Newer</a>{{/NEWER}} {{#OLDER}}<a href="{{HREF}}">Older</a>{{/OLDER}}</nav>
