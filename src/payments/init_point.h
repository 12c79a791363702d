// The payment page the gateway sends a shopper to (a preference's init_point). The store
// redirects the shopper there, so it must be the gateway's own https page: a compromised or
// mistaken answer must not send shoppers to a look-alike.
#pragma once
#include <string>

namespace reserva::payments {

// https, on api_base's host or its domain ("api.mercadopago.com" -> mercadopago.com and its
// subdomains, also under a country code: www.mercadopago.com.br); when api_base is this machine
// (the sandbox), any http or https page on this machine.
bool trusted_init_point(const std::string& api_base, const std::string& init_point);

}  // namespace reserva::payments
