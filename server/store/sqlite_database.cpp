#include "store/sqlite_database.hpp"

#include <sqlite3.h>

#include <cstdlib>
#include <utility>

#include "store/journal_error.hpp"
#include "store/sqlite_statement.hpp"

namespace huddle::store {

std::error_code sqlite_error(int code) {
  switch (code & 0xFF) {
    case SQLITE_FULL: return std::make_error_code(std::errc::no_space_on_device);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN: return std::make_error_code(std::errc::permission_denied);
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return std::make_error_code(std::errc::device_or_resource_busy);
    default: return std::make_error_code(std::errc::io_error);
  }
}

SqliteDatabase::SqliteDatabase(const std::filesystem::path& file, Durability durability, Role role,
                               const char* schema_sql, int schema_version)
    : file_(file), role_(std::move(role)) {
  const std::string where = file.string();
  const std::string what = "the " + role_.name + " " + where;
  const std::string advice = "; " + role_.refused + ". Restore it from a backup or move it aside to start empty.";
  if (sqlite3_open_v2(where.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw JournalError("cannot open " + what + ": " + why);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    {
      SqliteStatement check(db_, "PRAGMA quick_check");
      const int rc = sqlite3_step(check.stmt);
      const auto* result = rc == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(check.stmt, 0)) : nullptr;
      if (!result || std::string(result) != "ok") {
        throw JournalError(what + " is damaged (" + (result ? result : sqlite3_errmsg(db_)) + ")" + advice);
      }
    }
    exec("PRAGMA journal_mode=WAL");
    // Deleted rows are overwritten with zeros, not just unlinked, so their text cannot be dug out of the
    // file's free pages afterwards.
    exec("PRAGMA secure_delete=ON");
    exec(durability == Durability::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    exec(schema_sql);
    exec(("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '" + std::to_string(schema_version) + "')").c_str());
    SqliteStatement version(db_, "SELECT value FROM meta WHERE key = 'schema'");
    if (sqlite3_step(version.stmt) == SQLITE_ROW) {
      const int stored = std::atoi(reinterpret_cast<const char*>(sqlite3_column_text(version.stmt, 0)));
      if (stored != schema_version) {
        throw JournalError(what + " has layout version " + std::to_string(stored) + "; this server reads version " +
                           std::to_string(schema_version) + ".");
      }
    }
  } catch (const JournalError& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    const std::string why = e.what();
    if (why.find(where) != std::string::npos) throw;
    throw JournalError(what + " cannot be used (" + why + ")" + advice);
  }
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close(db_); }

void SqliteDatabase::exec(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string why = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw JournalError("the " + role_.name + " " + file_.string() + ": " + why);
  }
}

std::error_code SqliteDatabase::checkpoint_truncate() {
  if (int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr); rc != SQLITE_OK) {
    return sqlite_error(rc);
  }
  return {};
}

}  // namespace huddle::store
