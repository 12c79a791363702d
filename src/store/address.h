// A Brazilian delivery address and the e-mail the purchase confirmation goes to, checked the way
// a person filling the form expects: each problem named next to its field.
#pragma once
#include <map>
#include <string>

namespace reserva::store {

struct address {
    std::string street, number, complement, neighborhood, city, state, zip;
};

// field name -> message; empty when the address is good. Normalises as it checks: trims
// spaces, upper-cases the state, keeps the CEP's 8 digits.
std::map<std::string, std::string> validate_address(address& a);
// "" when good, else the message.
std::string validate_email(std::string& email);

}  // namespace reserva::store
