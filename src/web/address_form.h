// The address fields (templates/address_fields.tpl) shared by checkout and the address book.
#pragma once
#include <ctemplate/template.h>

#include <map>
#include <string>

#include "http/request.h"
#include "store/address.h"

namespace reserva::web {

store::address read_address(const http::request& req);
// Fills the ADDRESS_FIELDS include of `parent` with the values and each field's error.
void fill_address_fields(ctemplate::TemplateDictionary& parent, const store::address& a,
                         const std::map<std::string, std::string>& errors);
// Adds an ERROR_<FIELD> section with the message for each error.
void show_field_errors(ctemplate::TemplateDictionary& dict, const std::map<std::string, std::string>& errors);

}  // namespace reserva::web
