// What one SQL statement costs at the least on this machine, for bench/run: several connections
// (as many as reserva-fcgi's pool) execute one prepared statement in a loop for a few seconds,
// with no web server and no page around it. Prints, per statement, the CPU time MariaDB and this
// client (Connector/C++, as reserva-fcgi uses it) spent per execution, from /proc.
//
//   statement_floor MARIADB_PID SOCKET USER PASSWORD DATABASE CONNECTIONS SECONDS
//
// Every line for bench/run starts with RESULT.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <mysql_driver.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

// utime + stime of a process, or of this one, in clock ticks.
long cpu_ticks(const std::string& pid) {
    std::ifstream file("/proc/" + pid + "/stat");
    std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    long ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i)
        if (i >= 14) ticks += std::stol(field);
    return ticks;
}

struct probe {
    const char* name;
    const char* sql;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 8) {
        std::fprintf(stderr, "usage: statement_floor MARIADB_PID SOCKET USER PASSWORD DATABASE CONNECTIONS SECONDS\n");
        return 2;
    }
    std::string mariadb_pid = argv[1];
    int connections = std::atoi(argv[6]), seconds = std::atoi(argv[7]);
    std::vector<probe> probes = {
        {"select_1", "SELECT 1"},
        {"primary_key_row", "SELECT id, name, price_cents FROM product WHERE id = (SELECT MIN(id) FROM product)"},
    };
    // STATEMENT_FLOOR_EXTRA="name=SQL" lines: more statements to measure the same way (a page's own).
    static std::vector<std::string> extra_texts;
    if (const char* extra = std::getenv("STATEMENT_FLOOR_EXTRA")) {
        std::string all = extra;
        for (std::size_t start = 0; start < all.size();) {
            std::size_t end = all.find('\n', start);
            if (end == std::string::npos) end = all.size();
            std::string line = all.substr(start, end - start);
            start = end + 1;
            if (auto eq = line.find('='); eq != std::string::npos) extra_texts.push_back(line);
        }
        for (auto& line : extra_texts) {
            line[line.find('=')] = '\0';
            probes.push_back({line.c_str(), line.c_str() + std::strlen(line.c_str()) + 1});
        }
    }
    auto* driver = sql::mysql::get_mysql_driver_instance();
    std::vector<std::unique_ptr<sql::Connection>> links;
    for (int i = 0; i < connections; ++i) {
        sql::ConnectOptionsMap options;
        options["hostName"] = sql::SQLString(std::string("unix://") + argv[2]);
        options["userName"] = sql::SQLString(argv[3]);
        options["password"] = sql::SQLString(argv[4]);
        options["schema"] = sql::SQLString(argv[5]);
        links.emplace_back(driver->connect(options));
    }
    const double us_per_tick = 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK));
    for (const auto& p : probes) {
        std::atomic<bool> stop{false};
        std::atomic<long> executions{0};
        long db_before = cpu_ticks(mariadb_pid), self_before = cpu_ticks("self");
        std::vector<std::thread> workers;
        for (auto& link : links)
            workers.emplace_back([&, conn = link.get()] {
                std::unique_ptr<sql::PreparedStatement> statement(conn->prepareStatement(p.sql));
                long done = 0;
                while (!stop) {
                    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery());
                    while (rows->next()) {
                    }
                    ++done;
                }
                executions += done;
            });
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
        stop = true;
        for (auto& w : workers) w.join();
        long n = executions.load();
        double db_us = (cpu_ticks(mariadb_pid) - db_before) * us_per_tick / static_cast<double>(n);
        double client_us = (cpu_ticks("self") - self_before) * us_per_tick / static_cast<double>(n);
        std::printf("RESULT statement=%s connections=%d executions_per_s=%.0f mariadb_us=%.1f client_us=%.1f\n", p.name,
                    connections, static_cast<double>(n) / seconds, db_us, client_us);
    }
    return 0;
}
