#include "db/statements.h"

#include <cppconn/datatype.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

namespace reserva::db {

result::result(std::unique_ptr<sql::ResultSet> rows) : rows_(std::move(rows)) {}
result::result(result&&) noexcept = default;
result& result::operator=(result&&) noexcept = default;
result::~result() = default;

bool result::next() { return rows_->next(); }
std::int64_t result::int64(int column) const { return rows_->getInt64(column); }
int result::int32(int column) const { return rows_->getInt(column); }
std::uint64_t result::uint64(int column) const { return rows_->getUInt64(column); }
std::string result::text(int column) const { return rows_->getString(column); }
bool result::boolean(int column) const { return rows_->getBoolean(column); }
bool result::is_null(int column) const { return rows_->isNull(column); }
std::size_t result::size() const { return rows_->rowsCount(); }

namespace detail {

void bind_int32(sql::PreparedStatement& s, int index, std::int32_t value) { s.setInt(index, value); }
void bind_uint32(sql::PreparedStatement& s, int index, std::uint32_t value) { s.setUInt(index, value); }
void bind_int64(sql::PreparedStatement& s, int index, std::int64_t value) { s.setInt64(index, value); }
void bind_uint64(sql::PreparedStatement& s, int index, std::uint64_t value) { s.setUInt64(index, value); }
void bind_bool(sql::PreparedStatement& s, int index, bool value) { s.setBoolean(index, value); }
void bind_double(sql::PreparedStatement& s, int index, double value) { s.setDouble(index, value); }
void bind_string(sql::PreparedStatement& s, int index, std::string_view value) {
    s.setString(index, std::string(value));
}
void bind_null(sql::PreparedStatement& s, int index) { s.setNull(index, sql::DataType::SQLNULL); }

result run_query(sql::PreparedStatement& s) { return result(std::unique_ptr<sql::ResultSet>(s.executeQuery())); }
int run_update(sql::PreparedStatement& s) { return s.executeUpdate(); }

}  // namespace detail

std::int64_t last_insert_id(connection& conn) {
    auto row = query(conn, "SELECT LAST_INSERT_ID()");
    row.next();
    return row.int64(1);
}

}  // namespace reserva::db
