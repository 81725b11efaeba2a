#pragma once
// A prepared SQLite statement that is freed however the scope is left (the journal and the cohort store).
#include <sqlite3.h>

#include "store/journal_error.hpp"

namespace huddle::store {

struct SqliteStatement {
  sqlite3_stmt* stmt = nullptr;
  // Throws JournalError when the SQL cannot be prepared (a damaged schema, a closed connection).
  SqliteStatement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) throw JournalError(sqlite3_errmsg(db));
  }
  ~SqliteStatement() { sqlite3_finalize(stmt); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
};

}  // namespace huddle::store
