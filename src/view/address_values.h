// A delivery address as template values (STREET ... ZIP, HAS_COMPLEMENT), for pages and e-mail.
#pragma once
#include <ctemplate/template.h>

#include "store/address.h"

namespace reserva::view {

void fill_address_values(ctemplate::TemplateDictionary& dict, const store::address& a);

}  // namespace reserva::view
