// The template names the busiest pages fill (store, product, cart, checkout and the layout), as
// ctemplate StaticTemplateStrings: their ids are worked out once at start-up. A name given as a
// plain string is hashed again for every value set and looked up in ctemplate's global name map
// under its lock, which was about half the cost of filling a page's dictionaries.
#pragma once
#include <ctemplate/template_string.h>

#define RESERVA_TEMPLATE_NAMES(X)                                                                          \
    X(ACCOUNT) X(ACCOUNT_EMAIL) X(ADJUSTMENT) X(AFTER) X(AT_LIMIT) X(AVAILABLE) X(BEFORE) X(BODY) X(CAN_ADD) \
    X(CAN_BUY) X(CART_COUNT) X(CART_KNOWN) X(COLOR) X(COLOR_ID) X(COLOR_NAME) X(COLOR_SOLD_OUT)               \
    X(CSRF_TOKEN) X(DESCRIPTION) X(EMAIL) X(EMPTY) X(ERROR_QUANTITY) X(EXPIRY_MINUTES) X(FORM_ERRORS) X(FULL) \
    X(GUEST) X(ID) X(IMAGE_URL) X(IN_STOCK) X(LINE) X(LINE_TOTAL) X(LOWERED) X(NAME) X(NOTICE_STOCK_LIMIT)    \
    X(ORDER_ID) X(OUT_OF_STOCK) X(PAYMENT_FAILED) X(PAYMENT_UNAVAILABLE) X(PRICE) X(PRICE_CENTS) X(PRODUCT)   \
    X(PRODUCT_ID) X(QUANTITY) X(REMOVED) X(SAVED) X(SAVED_ADDRESSES) X(SIGNED_IN) X(SIGNED_OUT) X(SIZE)       \
    X(SIZE_REQUIRED) X(SIZE_SOLD_OUT) X(SOLD_OUT) X(TITLE) X(TOTAL) X(TOTAL_CENTS) X(UNITS) X(UNIT_PRICE)     \
    X(VARIANT)

namespace reserva::view::names {
#define RESERVA_DECLARE_TEMPLATE_NAME(name) extern const ctemplate::StaticTemplateString name;
RESERVA_TEMPLATE_NAMES(RESERVA_DECLARE_TEMPLATE_NAME)
#undef RESERVA_DECLARE_TEMPLATE_NAME
}  // namespace reserva::view::names
