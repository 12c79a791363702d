// The parameter binding of db::query and db::execute, against a statement that records what it
// was given: each C++ type must reach Connector/C++ as the SQL type the column expects, in order.
#include <boost/test/unit_test.hpp>

#include <cppconn/datatype.h>
#include <cppconn/prepared_statement.h>

#include <optional>
#include <string>
#include <vector>

#include "db/statements.h"

using namespace reserva;

namespace {

// Every call becomes "index:type:value"; what a binding never calls throws.
class recording_statement : public sql::PreparedStatement {
public:
    std::vector<std::string> calls;

    void setBigInt(unsigned int i, const sql::SQLString& v) override { record(i, "bigint", v); }
    void setBlob(unsigned int, std::istream*) override { unused(); }
    void setBoolean(unsigned int i, bool v) override { record(i, "bool", v ? "true" : "false"); }
    void setDateTime(unsigned int i, const sql::SQLString& v) override { record(i, "datetime", v); }
    void setDouble(unsigned int i, double v) override { record(i, "double", std::to_string(v)); }
    void setInt(unsigned int i, int32_t v) override { record(i, "int", std::to_string(v)); }
    void setUInt(unsigned int i, uint32_t v) override { record(i, "uint", std::to_string(v)); }
    void setInt64(unsigned int i, int64_t v) override { record(i, "int64", std::to_string(v)); }
    void setUInt64(unsigned int i, uint64_t v) override { record(i, "uint64", std::to_string(v)); }
    void setNull(unsigned int i, int type) override { record(i, "null", std::to_string(type)); }
    void setString(unsigned int i, const sql::SQLString& v) override { record(i, "string", v); }

    void clearParameters() override { calls.clear(); }
    bool execute(const sql::SQLString&) override { return unused(), false; }
    bool execute() override { return unused(), false; }
    sql::ResultSet* executeQuery(const sql::SQLString&) override { return unused(), nullptr; }
    sql::ResultSet* executeQuery() override { return unused(), nullptr; }
    int executeUpdate(const sql::SQLString&) override { return unused(), 0; }
    int executeUpdate() override { return unused(), 0; }
    sql::ResultSetMetaData* getMetaData() override { return unused(), nullptr; }
    sql::ParameterMetaData* getParameterMetaData() override { return unused(), nullptr; }
    bool getMoreResults() override { return unused(), false; }
    sql::PreparedStatement* setResultSetType(sql::ResultSet::enum_type) override { return unused(), this; }
    sql::Connection* getConnection() override { return unused(), nullptr; }
    void cancel() override { unused(); }
    void clearWarnings() override { unused(); }
    void close() override { unused(); }
    size_t getFetchSize() override { return unused(), 0; }
    unsigned int getMaxFieldSize() override { return unused(), 0; }
    uint64_t getMaxRows() override { return unused(), 0; }
    unsigned int getQueryTimeout() override { return unused(), 0; }
    sql::ResultSet* getResultSet() override { return unused(), nullptr; }
    sql::ResultSet::enum_type getResultSetType() override { return unused(), sql::ResultSet::TYPE_FORWARD_ONLY; }
    uint64_t getUpdateCount() override { return unused(), 0; }
    const sql::SQLWarning* getWarnings() override { return unused(), nullptr; }
    void setCursorName(const sql::SQLString&) override { unused(); }
    void setEscapeProcessing(bool) override { unused(); }
    void setFetchSize(size_t) override { unused(); }
    void setMaxFieldSize(unsigned int) override { unused(); }
    void setMaxRows(unsigned int) override { unused(); }
    void setQueryTimeout(unsigned int) override { unused(); }

private:
    void record(unsigned int i, const char* type, const std::string& value) {
        calls.push_back(std::to_string(i) + ":" + type + ":" + value);
    }
    [[noreturn]] static void unused() { throw std::logic_error("the binding called an unexpected method"); }
};

using calls = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(statements)

BOOST_AUTO_TEST_CASE(integers_bind_by_their_size_and_sign_in_order) {
    recording_statement s;
    std::int64_t order_id = 9000000000;
    std::size_t limit = 50;
    db::bind(s, order_id, 7, limit, 3u);
    BOOST_TEST(s.calls == (calls{"1:int64:9000000000", "2:int:7", "3:uint64:50", "4:uint:3"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_bool_binds_as_a_bool_not_an_integer) {
    recording_statement s;
    db::bind(s, true, false);
    BOOST_TEST(s.calls == (calls{"1:bool:true", "2:bool:false"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(literals_strings_and_views_bind_as_strings) {
    recording_statement s;
    std::string email = "ana@example.com";
    std::string_view state = "paid";
    db::bind(s, "open", email, state, std::string());
    BOOST_TEST(s.calls == (calls{"1:string:open", "2:string:ana@example.com", "3:string:paid", "4:string:"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_empty_optional_binds_null_and_a_full_one_its_value) {
    recording_statement s;
    std::optional<std::string> sku;
    std::optional<std::int64_t> parent = 12;
    db::bind(s, sku, parent, std::nullopt);
    auto null = std::to_string(sql::DataType::SQLNULL);
    BOOST_TEST(s.calls == (calls{"1:null:" + null, "2:int64:12", "3:null:" + null}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_arguments_bind_nothing) {
    recording_statement s;
    db::bind(s);
    BOOST_TEST(s.calls.empty());
}

BOOST_AUTO_TEST_SUITE_END()
