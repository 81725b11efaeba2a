#pragma once
// One connection to an embedded SQLite file of ours (the journal, huddle.db; the cohort store,
// programmes.db), opened the same way for both: checked for damage before anything is read, WAL mode, deleted
// content overwritten (secure_delete), fsyncs as --durability says, and a layout version that a newer Huddle's
// file is refused by.
#include <filesystem>
#include <string>
#include <system_error>

#include "store/durability.hpp"

struct sqlite3;

namespace huddle::store {

class SqliteDatabase {
 public:
  // What the file is called in messages, and what a refused file means for the server.
  struct Role {
    std::string name;     // "journal": "the journal /data/huddle.db is damaged ..."
    std::string refused;  // "it was not replayed"
  };

  // Opens (or creates) `file`, checks it, sets it up and runs `schema_sql` (CREATE TABLE IF NOT EXISTS ...).
  // Throws JournalError, naming the file and what is wrong, when it cannot be opened, is damaged, is not a
  // database, or has another layout version than `schema_version`.
  SqliteDatabase(const std::filesystem::path& file, Durability durability, Role role, const char* schema_sql,
                 int schema_version);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  sqlite3* get() const noexcept { return db_; }
  const std::filesystem::path& file() const noexcept { return file_; }
  // Runs SQL that must not fail (set-up); throws JournalError naming the file when it does.
  void exec(const char* sql);
  // Copies the write-ahead log into the database file and empties the log: until then, rows deleted or
  // replaced live on as frames of the log (secure_delete only overwrites the database file's pages).
  std::error_code checkpoint_truncate();

 private:
  std::filesystem::path file_;
  Role role_;
  sqlite3* db_ = nullptr;
};

// SQLite's full-disk and I/O errors as the errno a caller can show (ENOSPC, EIO, EACCES, EBUSY).
std::error_code sqlite_error(int code);

}  // namespace huddle::store
