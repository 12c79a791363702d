// The back office's stock pages (SPEC section 8): the color x size grid per product, adjustments
// (a delta with a reason) and counts (an absolute number, 409 when the variant changed since the
// form was drawn), the ledger of a variant, the CSV exports and the stock import (owners only).
// Lowering on-hand below what live payment links hold asks for a confirmation first, saying how
// many units are held by how many orders.
#pragma once
#include "admin/application.h"

namespace reserva::admin {

void add_stock_routes(application& app, context& ctx);

}  // namespace reserva::admin
