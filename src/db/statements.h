// Running one statement with its parameters, the SQL written out at the call site:
//
//   auto found = db::query(conn, "SELECT id, name FROM product WHERE id = ? AND shown = ?", id, true);
//   while (found.next()) use(found.int64(1), found.text(2));
//   int changed = db::execute(conn, "UPDATE product SET name = ? WHERE id = ?", name, id);
//
// Parameters bind by their C++ type, in order: signed integers as INT or BIGINT by size,
// unsigned ones likewise, bool, double, strings, and std::optional<T> (or std::nullopt) as NULL
// when empty. A type with no binding (an enum, say) does not compile. Statements are prepared
// once per connection (db::connection::prepare); errors are Connector/C++'s own, for
// db::with_connection and db::in_transaction to handle as they always have.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "db/pool.h"

namespace sql {
class ResultSet;
}

namespace reserva::db {

// The rows a query returned, read with typed getters by column (1 is the first).
class result {
public:
    explicit result(std::unique_ptr<sql::ResultSet> rows);
    result(result&&) noexcept;
    result& operator=(result&&) noexcept;
    ~result();
    // Moves to the next row; false past the last one.
    bool next();
    std::int64_t int64(int column) const;
    int int32(int column) const;
    std::uint64_t uint64(int column) const;
    std::string text(int column) const;
    bool boolean(int column) const;
    bool is_null(int column) const;
    std::size_t size() const;  // how many rows in all
    // For a reader that takes Connector/C++'s own type (store/clients.h's collect_shopper).
    sql::ResultSet& raw() { return *rows_; }

private:
    std::unique_ptr<sql::ResultSet> rows_;
};

namespace detail {
void bind_int32(sql::PreparedStatement& s, int index, std::int32_t value);
void bind_uint32(sql::PreparedStatement& s, int index, std::uint32_t value);
void bind_int64(sql::PreparedStatement& s, int index, std::int64_t value);
void bind_uint64(sql::PreparedStatement& s, int index, std::uint64_t value);
void bind_bool(sql::PreparedStatement& s, int index, bool value);
void bind_double(sql::PreparedStatement& s, int index, double value);
void bind_string(sql::PreparedStatement& s, int index, std::string_view value);
void bind_null(sql::PreparedStatement& s, int index);
result run_query(sql::PreparedStatement& s);
int run_update(sql::PreparedStatement& s);

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class>
inline constexpr bool no_binding = false;

template <class T>
void bind_one(sql::PreparedStatement& s, int index, const T& value) {
    if constexpr (is_optional<T>::value) {
        if (value) bind_one(s, index, *value);
        else bind_null(s, index);
    } else if constexpr (std::is_same_v<T, std::nullopt_t>) {
        bind_null(s, index);
    } else if constexpr (std::is_same_v<T, bool>) {
        bind_bool(s, index, value);
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
        if constexpr (sizeof(T) <= 4) bind_int32(s, index, value);
        else bind_int64(s, index, value);
    } else if constexpr (std::is_integral_v<T>) {
        if constexpr (sizeof(T) <= 4) bind_uint32(s, index, value);
        else bind_uint64(s, index, value);
    } else if constexpr (std::is_floating_point_v<T>) {
        bind_double(s, index, value);
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
        bind_string(s, index, value);
    } else {
        static_assert(no_binding<T>, "db: this type has no SQL binding");
    }
}
}  // namespace detail

// Sets the statement's parameters 1, 2, ... to args.
template <class... Args>
void bind(sql::PreparedStatement& statement, const Args&... args) {
    int index = 0;
    (detail::bind_one(statement, ++index, args), ...);
}

template <class... Args>
result query(connection& conn, const std::string& sql, const Args&... args) {
    auto& statement = conn.prepare(sql);
    bind(statement, args...);
    return detail::run_query(statement);
}

// An INSERT, UPDATE or DELETE; returns how many rows it changed.
template <class... Args>
int execute(connection& conn, const std::string& sql, const Args&... args) {
    auto& statement = conn.prepare(sql);
    bind(statement, args...);
    return detail::run_update(statement);
}

// The AUTO_INCREMENT id of this connection's last INSERT.
std::int64_t last_insert_id(connection& conn);

}  // namespace reserva::db
