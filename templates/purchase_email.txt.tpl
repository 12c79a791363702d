Thank you for shopping at Reserva!

Your order #{{ORDER_ID}} is confirmed (paid on {{FINISHED_AT}}).

{{#LINE}}  {{QUANTITY}} x {{NAME}} ({{COLOR}}, size {{SIZE}})  {{UNIT_PRICE}} each  = {{LINE_TOTAL}}
{{/LINE}}
Total paid: {{TOTAL}}

Delivery to:
  {{STREET}}, {{NUMBER}}{{#HAS_COMPLEMENT}} - {{COMPLEMENT}}{{/HAS_COMPLEMENT}}
  {{NEIGHBORHOOD}}, {{CITY}} - {{STATE}}
  CEP {{ZIP}}

See your order: {{ORDER_URL}}

Reserva
