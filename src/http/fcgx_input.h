// cgicc reads the request through this: FastCGI params instead of environment variables and the
// FastCGI input stream instead of stdin, so one process serves many requests on many threads.
#pragma once
#include <fcgiapp.h>

#include <cgicc/CgiInput.h>

namespace reserva::http {

class fcgx_input : public cgicc::CgiInput {
public:
    explicit fcgx_input(FCGX_Request& request) : request_(request) {}
    size_t read(char* data, size_t length) override;
    std::string getenv(const char* name) override;

private:
    FCGX_Request& request_;
};

}  // namespace reserva::http
