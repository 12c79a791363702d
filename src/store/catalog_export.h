// The catalog and its stock as CSV files for a spreadsheet (SPEC section 8: /admin/export/...,
// reservactl export): UTF-8, comma-separated, a header row, CRLF, one row per variant keyed by
// its SKU. stock.csv can be edited and imported back (store/stock_import.h reads its on_hand).
#pragma once
#include <string>

#include "db/pool.h"

namespace reserva::store {

// sku,product_id,product,color,size,price,published,description (a product without variants:
// one row with an empty SKU). price as 129.90; published 1 or 0.
std::string export_products_csv(db::pool& pool);
// sku,product,color,size,on_hand,held
std::string export_stock_csv(db::pool& pool);

}  // namespace reserva::store
