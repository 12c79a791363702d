Good news: your Reserva order #{{ORDER_ID}} is on its way.

Carrier: {{CARRIER}}
Tracking code: {{TRACKING}}
Shipped on {{SHIPPED_AT}} to:
  {{STREET}}, {{NUMBER}}{{#HAS_COMPLEMENT}} - {{COMPLEMENT}}{{/HAS_COMPLEMENT}}
  {{NEIGHBORHOOD}}, {{CITY}} - {{STATE}}
  CEP {{ZIP}}

See your order: {{ORDER_URL}}

Reserva
