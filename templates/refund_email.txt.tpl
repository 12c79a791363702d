We have refunded {{AMOUNT}} for your Reserva order #{{ORDER_ID}}.

Reason: {{REASON}}
Refunded so far: {{REFUNDED}} of {{TOTAL}}.

Mercado Pago returns it to the card or account you paid with; your bank may take a few days
to show it.

See your order: {{ORDER_URL}}

Reserva
