{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="en"><body style="font-family: sans-serif; color: #1f1d1a;">
<h1 style="font-size: 20px;">Thank you for shopping at Reserva!</h1>
<p>Your order <strong>#{{ORDER_ID}}</strong> is confirmed (paid on {{FINISHED_AT}}).</p>
<table cellpadding="6" style="border-collapse: collapse;">
{{#LINE}}<tr><td>{{QUANTITY}} ×</td><td>{{NAME}} ({{COLOR}}, size {{SIZE}})</td><td>{{UNIT_PRICE}} each</td><td><strong>{{LINE_TOTAL}}</strong></td></tr>
{{/LINE}}</table>
<p>Total paid: <strong>{{TOTAL}}</strong></p>
<p>Delivery to:<br>{{STREET}}, {{NUMBER}}{{#HAS_COMPLEMENT}} — {{COMPLEMENT}}{{/HAS_COMPLEMENT}}<br>{{NEIGHBORHOOD}}, {{CITY}} – {{STATE}}<br>CEP {{ZIP}}</p>
<p><a href="{{ORDER_URL}}">See your order</a></p>
<p>Reserva</p>
</body></html>
