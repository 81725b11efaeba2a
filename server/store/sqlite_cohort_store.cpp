#include "store/sqlite_cohort_store.hpp"

#include <sqlite3.h>

#include "store/journal_error.hpp"
#include "store/sqlite_statement.hpp"

namespace huddle::store {

namespace {
// Bumped when the table layout changes; a file from a newer Huddle is refused rather than misread.
constexpr int schema_version = 1;
}  // namespace

SqliteCohortStore::SqliteCohortStore(const std::filesystem::path& data_dir, Durability durability)
    : database_(data_dir / cohort_store_file_name, durability, {"programme store", "no cohort was loaded"},
                "CREATE TABLE IF NOT EXISTS cohorts (id TEXT PRIMARY KEY, snapshot TEXT NOT NULL) WITHOUT ROWID",
                schema_version) {}

std::error_code SqliteCohortStore::save(const std::string& cohort_id, const std::string& snapshot) {
  return change("INSERT OR REPLACE INTO cohorts (id, snapshot) VALUES (?, ?)", cohort_id, &snapshot);
}

std::error_code SqliteCohortStore::remove(const std::string& cohort_id) {
  return change("DELETE FROM cohorts WHERE id = ?", cohort_id, nullptr);
}

std::error_code SqliteCohortStore::change(const char* sql, const std::string& cohort_id, const std::string* snapshot) {
  std::lock_guard lock(mutex_);
  sqlite3* db = database_.get();
  // One statement is one transaction: the old snapshot stays whole until the new one is committed (synced to
  // the log with synchronous=FULL).
  try {
    SqliteStatement statement(db, sql);
    sqlite3_bind_text(statement.stmt, 1, cohort_id.c_str(), static_cast<int>(cohort_id.size()), SQLITE_TRANSIENT);
    if (snapshot) {
      sqlite3_bind_text(statement.stmt, 2, snapshot->c_str(), static_cast<int>(snapshot->size()), SQLITE_TRANSIENT);
    }
    if (int rc = sqlite3_step(statement.stmt); rc != SQLITE_DONE) return sqlite_error(rc);
  } catch (const JournalError&) {
    return std::make_error_code(std::errc::io_error);
  }
  // The replaced text lives on as frames of the write-ahead log until a checkpoint copies the (securely
  // overwritten) pages into the database and empties the log: done at once, so at no moment between two
  // changes does the disk hold two versions of a cohort.
  return database_.checkpoint_truncate();
}

std::vector<std::pair<std::string, std::string>> SqliteCohortStore::load_all() {
  std::lock_guard lock(mutex_);
  sqlite3* db = database_.get();
  SqliteStatement select(db, "SELECT id, snapshot FROM cohorts ORDER BY id");
  std::vector<std::pair<std::string, std::string>> cohorts;
  int rc;
  while ((rc = sqlite3_step(select.stmt)) == SQLITE_ROW) {
    const auto* id = reinterpret_cast<const char*>(sqlite3_column_text(select.stmt, 0));
    const auto id_bytes = static_cast<std::size_t>(sqlite3_column_bytes(select.stmt, 0));
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(select.stmt, 1));
    const auto text_bytes = static_cast<std::size_t>(sqlite3_column_bytes(select.stmt, 1));
    cohorts.emplace_back(std::string(id ? id : "", id_bytes), std::string(text ? text : "", text_bytes));
  }
  if (rc != SQLITE_DONE) {
    throw JournalError("reading the programme store " + database_.file().string() + ": " + sqlite3_errmsg(db));
  }
  return cohorts;
}

std::uint64_t SqliteCohortStore::stored_bytes() {
  std::lock_guard lock(mutex_);
  sqlite3* db = database_.get();
  auto pragma = [&](const char* sql) -> std::uint64_t {
    SqliteStatement statement(db, sql);
    return sqlite3_step(statement.stmt) == SQLITE_ROW ? static_cast<std::uint64_t>(sqlite3_column_int64(statement.stmt, 0)) : 0;
  };
  const std::uint64_t pages = pragma("PRAGMA page_count");
  const std::uint64_t free_pages = pragma("PRAGMA freelist_count");
  return (pages > free_pages ? pages - free_pages : 0) * pragma("PRAGMA page_size");
}

}  // namespace huddle::store
