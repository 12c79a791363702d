#include "util/random.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace reserva {
namespace {

// RAND_bytes has a fixed cost per call (locks, DRBG bookkeeping) that dominated drawing one
// 16-byte token: every page for a visitor without cookies draws a CSRF token. So each thread
// draws 512 bytes at a time and hands them out once each, wiping what it hands out. A forked
// child never reuses its parent's bytes: the buffer belongs to the process that filled it.
struct random_buffer {
    unsigned char bytes[512];
    std::size_t next = sizeof bytes;
    pid_t owner = 0;
};
thread_local random_buffer buffer;

void draw(unsigned char* out, std::size_t count) {
    if (count > sizeof buffer.bytes) {
        if (RAND_bytes(out, static_cast<int>(count)) != 1) throw std::runtime_error("OpenSSL RAND_bytes failed");
        return;
    }
    pid_t self = getpid();
    if (buffer.owner != self || sizeof buffer.bytes - buffer.next < count) {
        if (RAND_bytes(buffer.bytes, sizeof buffer.bytes) != 1) throw std::runtime_error("OpenSSL RAND_bytes failed");
        buffer.next = 0;
        buffer.owner = self;
    }
    std::memcpy(out, buffer.bytes + buffer.next, count);
    OPENSSL_cleanse(buffer.bytes + buffer.next, count);
    buffer.next += count;
}

}  // namespace

std::string random_hex(std::size_t bytes) {
    unsigned char raw[64];
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes * 2);
    while (bytes > 0) {
        std::size_t now = bytes < sizeof raw ? bytes : sizeof raw;
        draw(raw, now);
        for (std::size_t i = 0; i < now; ++i) {
            hex += digits[raw[i] >> 4];
            hex += digits[raw[i] & 15];
        }
        bytes -= now;
    }
    OPENSSL_cleanse(raw, sizeof raw);
    return hex;
}

}  // namespace reserva
