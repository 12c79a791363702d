#include "view/address_values.h"

namespace reserva::view {

void fill_address_values(ctemplate::TemplateDictionary& dict, const store::address& a) {
    dict.SetValue("STREET", a.street);
    dict.SetValue("NUMBER", a.number);
    dict.SetValue("COMPLEMENT", a.complement);
    if (!a.complement.empty()) dict.ShowSection("HAS_COMPLEMENT");
    dict.SetValue("NEIGHBORHOOD", a.neighborhood);
    dict.SetValue("CITY", a.city);
    dict.SetValue("STATE", a.state);
    // A stored CEP is 8 digits; people read it as 01310-100.
    dict.SetValue("ZIP", a.zip.size() == 8 && a.zip.find_first_not_of("0123456789") == std::string::npos
                             ? a.zip.substr(0, 5) + "-" + a.zip.substr(5)
                             : a.zip);
}

}  // namespace reserva::view
