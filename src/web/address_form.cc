#include "web/address_form.h"

#include <cctype>

#include "view/address_values.h"

namespace reserva::web {

store::address read_address(const http::request& req) {
    return {req.param("street"), req.param("number"), req.param("complement"), req.param("neighborhood"),
            req.param("city"),   req.param("state"),  req.param("zip")};
}

void show_field_errors(ctemplate::TemplateDictionary& dict, const std::map<std::string, std::string>& errors) {
    for (auto& [field, message] : errors) {
        std::string section = "ERROR_";
        for (char c : field) section += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        dict.AddSectionDictionary(section)->SetValue("MESSAGE", message);
    }
}

void fill_address_fields(ctemplate::TemplateDictionary& parent, const store::address& a,
                         const std::map<std::string, std::string>& errors) {
    auto* fields = parent.AddIncludeDictionary("ADDRESS_FIELDS");
    fields->SetFilename("address_fields.tpl");
    view::fill_address_values(*fields, a);
    show_field_errors(*fields, errors);
}

}  // namespace reserva::web
