#include "db/setup.h"

#include <cppconn/prepared_statement.h>
#include <openssl/evp.h>

#include <cctype>
#include <stdexcept>

#include "db/pool.h"

namespace reserva::db {
namespace {

void check_identifier(const std::string& value, const char* what) {
    bool fine = !value.empty() && value.size() <= 64;
    for (char c : value) fine = fine && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!fine) throw std::invalid_argument(std::string("[database] ") + what + " must be 1 to 64 letters, digits or _");
}

std::string sha1(const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha1(), nullptr) != 1)
        throw std::runtime_error("OpenSSL could not compute SHA-1");
    return std::string(reinterpret_cast<char*>(digest), length);
}

}  // namespace

std::string native_password_hash(const std::string& password) {
    static const char hex[] = "0123456789ABCDEF";
    std::string hash = "*";
    for (unsigned char c : sha1(sha1(password))) {
        hash += hex[c >> 4];
        hash += hex[c & 15];
    }
    return hash;
}

void set_up_database(const setup_request& request) {
    check_identifier(request.name, "name");
    check_identifier(request.user, "user");
    database_settings root;
    root.socket = request.admin_socket;
    root.user = "root";
    pool admin(root, 1);
    lease conn(admin);
    // Identifiers cannot be statement parameters: they were checked above, and the hash is hex.
    std::string account = "'" + request.user + "'@'localhost'";
    std::string hash = "'" + native_password_hash(request.password) + "'";
    for (const std::string& statement : {
             "CREATE DATABASE IF NOT EXISTS `" + request.name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
             "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY PASSWORD " + hash,
             "ALTER USER " + account + " IDENTIFIED BY PASSWORD " + hash,
             // What migrations and the store use (the same as scripts/stack's test user); nothing
             // on other databases, no GRANT OPTION, no FILE or SUPER.
             "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON `" + request.name +
                 "`.* TO " + account,
         })
        conn->prepare(statement).execute();
}

}  // namespace reserva::db
