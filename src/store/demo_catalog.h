// A small catalog for trying the store out (reservactl demo).
#pragma once
#include <string>

#include "db/pool.h"
#include "store/photos.h"

namespace reserva::store {

// Adds the demo products, colors and stock; products already present (same name) are skipped,
// so running it twice changes nothing. Returns how many products were added.
int load_demo_catalog(db::pool& pool);

// Gives each demo product without photos its picture (picture_dir/NAME.png, made from the
// static/img/demo SVGs), through the same checks and sizes as an owner's upload. Returns how
// many photos were added.
int add_demo_photos(db::pool& pool, const media_place& media, const std::string& picture_dir);
// Where the installed demo pictures are: beside the migrations (pkgdatadir/static/img/demo).
std::string demo_picture_dir();

}  // namespace reserva::store
