#include "store/photos.h"

#include <cppconn/resultset.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <stdexcept>

#include "db/statements.h"
#include "db/transaction.h"
#include "media/photo_image.h"
#include "store/catalog_admin.h"
#include "store/catalog_version.h"
#include "util/random.h"

namespace reserva::store {
namespace {

[[noreturn]] void file_failed(const std::string& what, const std::string& path) {
    throw std::runtime_error("cannot " + what + " " + path + ": " + std::strerror(errno));
}

void ensure_folder(const std::string& dir) {
    if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) file_failed("create the media folder", dir);
}

// Written under a temporary name and renamed, so the web server never serves half a file.
void write_new_file(const std::string& path, const std::string& bytes) {
    std::string temporary = path + ".part";
    int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) file_failed("create", temporary);
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int saved = errno;
            close(fd);
            unlink(temporary.c_str());
            errno = saved;
            file_failed("write", temporary);
        }
        done += static_cast<std::size_t>(n);
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        unlink(temporary.c_str());
        file_failed("write", temporary);
    }
    if (rename(temporary.c_str(), path.c_str()) != 0) {
        unlink(temporary.c_str());
        file_failed("rename", temporary);
    }
}

void remove_files(const media_place& media, const product_photo& photo) {
    for (int width : media::photo_widths(photo.width)) unlink((media.dir + "/" + photo_file_name(photo, width)).c_str());
}

std::vector<product_photo> read_photos(sql::ResultSet& rows) {
    std::vector<product_photo> photos;
    while (rows.next()) photos.push_back({rows.getInt64(1), rows.getInt(2), rows.getString(3), rows.getInt(4), rows.getInt(5)});
    return photos;
}

// product.image_url follows the first photo (carts and orders read it); "" when none is left.
void follow_first_photo(db::connection& conn, const media_place& media, std::int64_t product_id) {
    auto photos = product_photos(conn, product_id);
    db::execute(conn, "UPDATE product SET image_url = ?, updated_at = NOW(3) WHERE id = ?",
                photos.empty() ? "" : photo_src(media, photos.front()), product_id);
    bump_catalog_version(conn);
}

void lock_product(db::connection& conn, std::int64_t product_id) {
    auto row = db::query(conn, "SELECT id FROM product WHERE id = ? FOR UPDATE", product_id);
    if (!row.next()) throw invalid_request("no product with id " + std::to_string(product_id));
}

}  // namespace

std::string photo_file_name(const product_photo& photo, int width) {
    return photo.name + "-" + std::to_string(width) + ".jpg";
}

std::string photo_url(const media_place& media, const product_photo& photo, int width) {
    return media.url + photo_file_name(photo, width);
}

std::string photo_src(const media_place& media, const product_photo& photo) {
    return photo_url(media, photo, media::photo_widths(photo.width).front());
}

std::string photo_srcset(const media_place& media, const product_photo& photo) {
    std::string srcset;
    for (int width : media::photo_widths(photo.width))
        srcset += (srcset.empty() ? "" : ", ") + photo_url(media, photo, width) + " " + std::to_string(width) + "w";
    return srcset;
}

std::vector<product_photo> product_photos(db::connection& conn, std::int64_t product_id) {
    // Read for the admin product page: built once.
    static const std::string statement =
        "SELECT id, position, name, width, height FROM product_photo WHERE product_id = ? ORDER BY position, id";
    auto rows = db::query(conn, statement, product_id);
    return read_photos(rows.raw());
}

std::vector<product_photo> product_photos(db::pool& pool, std::int64_t product_id) {
    return db::with_connection(pool, [&](db::connection& conn) { return product_photos(conn, product_id); });
}

std::int64_t add_photo(db::pool& pool, const media_place& media, std::int64_t product_id, std::string_view upload,
                       const actor* by) {
    db::with_connection(pool, [&](db::connection& conn) {
        auto row = db::query(conn, "SELECT id FROM product WHERE id = ?", product_id);
        if (!row.next()) throw invalid_request("no product with id " + std::to_string(product_id));
    });
    // Decoded and encoded before anything is written or locked.
    auto encoded = media::prepare_photo(upload);
    product_photo photo{0, 0, random_hex(16), encoded.width, encoded.height};
    ensure_folder(media.dir);
    std::vector<std::string> written;
    try {
        for (auto& size : encoded.sizes) {
            std::string path = media.dir + "/" + photo_file_name(photo, size.width);
            write_new_file(path, size.jpeg);
            written.push_back(path);
        }
        return db::in_transaction(pool, [&](db::connection& conn) {
            lock_product(conn, product_id);
            db::execute(conn,
                "INSERT INTO product_photo (product_id, position, name, width, height)"
                " SELECT ?, COUNT(*), ?, ?, ? FROM product_photo WHERE product_id = ?",
                product_id, photo.name, photo.width, photo.height, product_id);
            std::int64_t id = db::last_insert_id(conn);
            follow_first_photo(conn, media, product_id);
            if (by)
                record_audit(conn, *by, "photo.add", "product " + std::to_string(product_id), "",
                             "photo " + std::to_string(id) + " (" + std::to_string(photo.width) + "x" + std::to_string(photo.height) + ")");
            return id;
        });
    } catch (...) {
        for (auto& path : written) unlink(path.c_str());
        throw;
    }
}

void delete_photo(db::pool& pool, const media_place& media, std::int64_t product_id, std::int64_t photo_id,
                  const actor* by) {
    auto removed = db::in_transaction(pool, [&](db::connection& conn) {
        lock_product(conn, product_id);
        auto photos = product_photos(conn, product_id);
        auto found = std::find_if(photos.begin(), photos.end(), [&](auto& p) { return p.id == photo_id; });
        if (found == photos.end())
            throw invalid_request("product " + std::to_string(product_id) + " has no photo " + std::to_string(photo_id));
        db::execute(conn, "DELETE FROM product_photo WHERE id = ?", photo_id);
        db::execute(conn, "UPDATE product_photo SET position = position - 1 WHERE product_id = ? AND position > ?",
                    product_id, found->position);
        follow_first_photo(conn, media, product_id);
        if (by) record_audit(conn, *by, "photo.delete", "product " + std::to_string(product_id), "photo " + std::to_string(photo_id), "");
        return *found;
    });
    // After the commit: a failed commit must not leave a row whose files are gone. A file
    // that outlives its row is only disk space.
    remove_files(media, removed);
}

void reorder_photos(db::pool& pool, const media_place& media, std::int64_t product_id,
                    const std::vector<std::int64_t>& photo_ids, const actor* by) {
    db::in_transaction(pool, [&](db::connection& conn) {
        lock_product(conn, product_id);
        std::set<std::int64_t> have, given(photo_ids.begin(), photo_ids.end());
        for (auto& p : product_photos(conn, product_id)) have.insert(p.id);
        if (given != have || given.size() != photo_ids.size())
            throw invalid_request("the new order must name each of the product's photos once");
        for (std::size_t i = 0; i < photo_ids.size(); ++i) {
            db::execute(conn, "UPDATE product_photo SET position = ? WHERE id = ?", static_cast<int>(i), photo_ids[i]);
        }
        follow_first_photo(conn, media, product_id);
        if (by) {
            std::string before, after;
            for (auto id : have) before += (before.empty() ? "" : ",") + std::to_string(id);
            for (auto id : photo_ids) after += (after.empty() ? "" : ",") + std::to_string(id);
            record_audit(conn, *by, "photo.order", "product " + std::to_string(product_id), before, after);
        }
    });
}

}  // namespace reserva::store
