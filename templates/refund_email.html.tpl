{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="en"><body style="font-family: sans-serif; color: #1f1d1a;">
<h1 style="font-size: 20px;">{{AMOUNT}} refunded for order #{{ORDER_ID}}</h1>
<p>Reason: {{REASON}}</p>
<p>Refunded so far: <strong>{{REFUNDED}}</strong> of {{TOTAL}}.</p>
<p>Mercado Pago returns it to the card or account you paid with; your bank may take a few days to show it.</p>
<p><a href="{{ORDER_URL}}">See your order</a></p>
<p>Reserva</p>
</body></html>
