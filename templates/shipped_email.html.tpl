{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="en"><body style="font-family: sans-serif; color: #1f1d1a;">
<h1 style="font-size: 20px;">Your order #{{ORDER_ID}} is on its way</h1>
<p>Carrier: <strong>{{CARRIER}}</strong><br>Tracking code: <strong>{{TRACKING}}</strong></p>
<p>Shipped on {{SHIPPED_AT}} to:<br>{{STREET}}, {{NUMBER}}{{#HAS_COMPLEMENT}} — {{COMPLEMENT}}{{/HAS_COMPLEMENT}}<br>{{NEIGHBORHOOD}}, {{CITY}} – {{STATE}}<br>CEP {{ZIP}}</p>
<p><a href="{{ORDER_URL}}">See your order</a></p>
<p>Reserva</p>
</body></html>
