// reservactl setup-db: the store's database and its user, made as MariaDB's root over the server's
// unix socket. Debian's MariaDB lets the system's root in as its root that way (unix_socket
// authentication), so the sysadmin types no password and the package never stores one of root's.
#pragma once
#include <string>

namespace reserva::db {

struct setup_request {
    std::string admin_socket;  // the server's unix socket, e.g. /run/mysqld/mysqld.sock
    std::string name;          // the database ([database] name)
    std::string user;          // the service's user ([database] user), made as user@localhost
    std::string password;      // its password: set whether the user is new or not
};

// Creates the database (utf8mb4) and the user when missing, sets the user's password and grants
// it what the store and its migrations need on that database alone. Idempotent. Throws
// std::invalid_argument for a name or user that is not [A-Za-z0-9_] (they go into the statements
// as identifiers), db::unavailable when the server cannot be reached as root, and
// sql::SQLException when it refuses a statement.
void set_up_database(const setup_request& request);

// MariaDB's mysql_native_password hash of password: "*" and 40 upper-case hex digits
// (SHA1(SHA1(password))), so that the password itself never goes into a statement.
std::string native_password_hash(const std::string& password);

}  // namespace reserva::db
