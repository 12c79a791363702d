{{COUNT}} variant(s) of the store fell to their low-stock threshold:

{{#VARIANT}}  {{SKU}}  {{PRODUCT}} ({{COLOR}}, size {{SIZE}}): {{ON_HAND}} on hand{{#HAS_HELD}}, {{HELD}} held by payment links{{/HAS_HELD}} (threshold {{THRESHOLD}})
{{/VARIANT}}
Every low variant: {{STOCK_URL}}

Reserva
