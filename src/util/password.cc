#include "util/password.h"

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "util/digest.h"
#include "util/random.h"
#include "util/text.h"

namespace reserva {
namespace {

constexpr auto slot_wait = std::chrono::seconds(2);

std::mutex slot_mutex;
std::condition_variable slot_freed;
int slots_taken = 0;
int slots_awaited = 0;

class password_slot {
public:
    password_slot() {
        std::unique_lock<std::mutex> lock(slot_mutex);
        int slots = password_slots();
        if (slots_taken >= slots) {
            if (slots_awaited >= slots) throw password_busy();
            ++slots_awaited;
            bool got = slot_freed.wait_for(lock, slot_wait, [slots] { return slots_taken < slots; });
            --slots_awaited;
            if (!got) throw password_busy();
        }
        ++slots_taken;
    }
    ~password_slot() {
        {
            std::lock_guard<std::mutex> lock(slot_mutex);
            --slots_taken;
        }
        slot_freed.notify_one();
    }
    password_slot(const password_slot&) = delete;
    password_slot& operator=(const password_slot&) = delete;
};

std::string derive_hex(const std::string& password, const std::string& salt, int iterations) {
    password_slot slot;
    unsigned char key[32];
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), iterations,
                          EVP_sha256(), sizeof key, key) != 1)
        throw std::runtime_error("PBKDF2 failed");
    return lower_hex(key, sizeof key);
}

}  // namespace

int password_slots() {
    static const int slots = std::max(1u, std::thread::hardware_concurrency());
    return static_cast<int>(slots);
}

std::string hash_password(const std::string& password, int iterations) {
    std::string salt = random_hex(16);
    return "pbkdf2_sha256$" + std::to_string(iterations) + "$" + salt + "$" + derive_hex(password, salt, iterations);
}

bool verify_password(const std::string& password, const std::string& stored) {
    auto parts = split(stored, '$');
    if (parts.size() != 4 || parts[0] != "pbkdf2_sha256") return false;
    auto iterations = parse_int64(parts[1]);
    if (!iterations || *iterations < 1000 || *iterations > 100000000) return false;
    std::string expected(parts[3]);
    std::string actual = derive_hex(password, std::string(parts[2]), static_cast<int>(*iterations));
    return equal_in_constant_time(expected, actual);
}

void spend_password_time(const std::string& password) { derive_hex(password, "no-account-salt", password_iterations); }

}  // namespace reserva
