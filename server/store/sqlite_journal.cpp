#include "store/sqlite_journal.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "store/event_json.hpp"
#include "store/sqlite_statement.hpp"

namespace huddle::store {

namespace {

// Bumped when the table layout changes; a database from a newer Huddle is refused rather than misread.
constexpr int schema_version = 1;
// Events for_each reads under one lock: a few hundred KB of memory, a few milliseconds of other sessions'
// writes waiting.
constexpr std::size_t read_chunk_events = 1000;

}  // namespace

SqliteJournal::SqliteJournal(const std::filesystem::path& file, Durability durability)
    : database_(file, durability, {"journal", "it was not replayed"},
                "CREATE TABLE IF NOT EXISTS events (session TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, "
                "PRIMARY KEY (session, seq)) WITHOUT ROWID",
                schema_version),
      db_(database_.get()) {}

SqliteJournal::~SqliteJournal() = default;

std::error_code SqliteJournal::append(const std::string& session_code, const std::vector<core::Event>& events) {
  // Group commit (group_commit.hpp): one fsync for all that queued meanwhile; a savepoint per request.
  return group_.append(session_code, events, [this](const GroupCommit::Batch& batch) { commit_batch(batch); });
}

void SqliteJournal::commit_batch(const std::vector<Pending*>& batch) {
  std::lock_guard lock(mutex_);
  auto fail_all = [&](int rc) {
    for (Pending* p : batch) p->result = sqlite_error(rc);
  };
  if (int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr); rc != SQLITE_OK) return fail_all(rc);
  for (Pending* p : batch) p->result = append_one(*p->session_code, *p->events);
  // Some errors (a full disk among them) make SQLite roll back the whole transaction by itself: then the
  // appends that had succeeded before are gone too, and must not be acknowledged.
  if (sqlite3_get_autocommit(db_)) {
    std::error_code first = std::make_error_code(std::errc::io_error);
    for (Pending* p : batch) {
      if (p->result) {
        first = p->result;
        break;
      }
    }
    for (Pending* p : batch) p->result = first;
    return;
  }
  if (int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr); rc != SQLITE_OK) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    fail_all(rc);
  }
}

std::error_code SqliteJournal::append_one(const std::string& session_code, const std::vector<core::Event>& events) {
  if (int rc = sqlite3_exec(db_, "SAVEPOINT request", nullptr, nullptr, nullptr); rc != SQLITE_OK) return sqlite_error(rc);
  auto rollback = [&](int rc) {
    sqlite3_exec(db_, "ROLLBACK TO request; RELEASE request", nullptr, nullptr, nullptr);
    return sqlite_error(rc);
  };
  long long next = 0;
  {
    SqliteStatement last(db_, "SELECT COALESCE(MAX(seq), 0) FROM events WHERE session = ?");
    sqlite3_bind_text(last.stmt, 1, session_code.c_str(), -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(last.stmt);
    if (rc != SQLITE_ROW) return rollback(rc);
    next = sqlite3_column_int64(last.stmt, 0);
  }
  SqliteStatement insert(db_, "INSERT INTO events (session, seq, body) VALUES (?, ?, ?)");
  for (const auto& event : events) {
    const std::string body = event_to_json(event).dump();
    sqlite3_bind_text(insert.stmt, 1, session_code.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(insert.stmt, 2, ++next);
    sqlite3_bind_text(insert.stmt, 3, body.c_str(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
    int rc = sqlite3_step(insert.stmt);
    if (rc != SQLITE_DONE) return rollback(rc);
    sqlite3_reset(insert.stmt);
  }
  if (int rc = sqlite3_exec(db_, "RELEASE request", nullptr, nullptr, nullptr); rc != SQLITE_OK) return rollback(rc);
  return {};
}

void SqliteJournal::for_each(const std::string& session_code, const EventVisitor& visit) {
  // In chunks: the connection is locked while a chunk is read, not while the caller replays it, so a long
  // replay (a report of a big ended session) does not hold up every other session's writes, and memory
  // holds one chunk, not the history.
  struct Row {
    core::Event event;
    std::size_t bytes;
  };
  std::vector<Row> chunk;
  long long expected = 1;
  for (bool more = true; more;) {
    chunk.clear();
    {
      std::lock_guard lock(mutex_);
      SqliteStatement select(db_, "SELECT seq, body FROM events WHERE session = ? AND seq >= ? ORDER BY seq LIMIT ?");
      sqlite3_bind_text(select.stmt, 1, session_code.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(select.stmt, 2, expected);
      sqlite3_bind_int64(select.stmt, 3, static_cast<long long>(read_chunk_events));
      int rc;
      while ((rc = sqlite3_step(select.stmt)) == SQLITE_ROW) {
        if (sqlite3_column_int64(select.stmt, 0) != expected++) {
          throw JournalError("session " + session_code + " in " + database_.file().string() + " has a gap in its events");
        }
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(select.stmt, 1));
        const auto bytes = static_cast<std::size_t>(sqlite3_column_bytes(select.stmt, 1));
        auto body = nlohmann::json::parse(text ? text : "", nullptr, /*allow_exceptions=*/false);
        if (body.is_discarded()) throw JournalError("session " + session_code + " has an unreadable event");
        chunk.push_back({event_from_json(body), bytes});
      }
      if (rc != SQLITE_DONE) throw JournalError("reading session " + session_code + ": " + sqlite3_errmsg(db_));
    }
    more = chunk.size() == read_chunk_events;
    for (auto& row : chunk) visit(std::move(row.event), row.bytes);
  }
}

std::error_code SqliteJournal::remove(const std::string& session_code) {
  std::lock_guard lock(mutex_);
  SqliteStatement erase(db_, "DELETE FROM events WHERE session = ?");
  sqlite3_bind_text(erase.stmt, 1, session_code.c_str(), -1, SQLITE_TRANSIENT);
  if (int rc = sqlite3_step(erase.stmt); rc != SQLITE_DONE) return sqlite_error(rc);
  // The deleted rows also live on as frames in the write-ahead log until a checkpoint: copy them back into
  // the (securely overwritten) database and empty the log.
  return database_.checkpoint_truncate();
}

std::error_code SqliteJournal::rewrite(const std::string& session_code, const Edit& edit) {
  std::lock_guard lock(mutex_);
  // BEGIN IMMEDIATE under mutex_: no append (they take mutex_ too) and no other process writes between the
  // read and the write.
  if (int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr); rc != SQLITE_OK) return sqlite_error(rc);
  auto rollback = [&](int rc) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return sqlite_error(rc);
  };
  std::optional<std::vector<core::Event>> edited;
  try {
    std::vector<core::Event> history;
    SqliteStatement select(db_, "SELECT body FROM events WHERE session = ? ORDER BY seq");
    sqlite3_bind_text(select.stmt, 1, session_code.c_str(), -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(select.stmt)) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(select.stmt, 0));
      auto body = nlohmann::json::parse(text ? text : "", nullptr, /*allow_exceptions=*/false);
      if (body.is_discarded()) return rollback(SQLITE_CORRUPT);
      history.push_back(event_from_json(body));
    }
    if (rc != SQLITE_DONE) return rollback(rc);
    edited = edit(history);
  } catch (const std::exception&) {
    return rollback(SQLITE_CORRUPT);
  }
  if (!edited) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return {};
  }
  {
    // secure_delete (set at open) zeroes the old rows' bytes in the pages they leave.
    SqliteStatement erase(db_, "DELETE FROM events WHERE session = ?");
    sqlite3_bind_text(erase.stmt, 1, session_code.c_str(), -1, SQLITE_TRANSIENT);
    if (int rc = sqlite3_step(erase.stmt); rc != SQLITE_DONE) return rollback(rc);
  }
  {
    // Numbered again from 1: read() insists on a history without gaps.
    SqliteStatement insert(db_, "INSERT INTO events (session, seq, body) VALUES (?, ?, ?)");
    long long seq = 0;
    for (const auto& event : *edited) {
      const std::string body = event_to_json(event).dump();
      sqlite3_bind_text(insert.stmt, 1, session_code.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(insert.stmt, 2, ++seq);
      sqlite3_bind_text(insert.stmt, 3, body.c_str(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
      if (int rc = sqlite3_step(insert.stmt); rc != SQLITE_DONE) return rollback(rc);
      sqlite3_reset(insert.stmt);
    }
  }
  if (int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr); rc != SQLITE_OK) return rollback(rc);
  // The old rows also live on as frames in the write-ahead log until a checkpoint (see remove()).
  return database_.checkpoint_truncate();
}

void SqliteJournal::set_size_limit(std::uint64_t bytes) {
  std::lock_guard lock(mutex_);
  long long page_size = 4096;
  {
    SqliteStatement size(db_, "PRAGMA page_size");
    if (sqlite3_step(size.stmt) == SQLITE_ROW) page_size = sqlite3_column_int64(size.stmt, 0);
  }
  // SQLite's own ceiling stands for "no cap"; it never sets the cap below the pages already in use.
  const long long pages = bytes == 0 ? 4294967294LL : std::max<long long>(1, static_cast<long long>(bytes) / page_size);
  database_.exec(("PRAGMA max_page_count = " + std::to_string(pages)).c_str());
}

std::vector<std::string> SqliteJournal::sessions() {
  std::lock_guard lock(mutex_);
  SqliteStatement select(db_, "SELECT DISTINCT session FROM events ORDER BY session");
  std::vector<std::string> codes;
  while (sqlite3_step(select.stmt) == SQLITE_ROW) {
    codes.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(select.stmt, 0)));
  }
  return codes;
}

bool SqliteJournal::contains(const std::string& session_code) {
  std::lock_guard lock(mutex_);
  SqliteStatement any(db_, "SELECT 1 FROM events WHERE session = ? LIMIT 1");
  sqlite3_bind_text(any.stmt, 1, session_code.c_str(), -1, SQLITE_TRANSIENT);
  return sqlite3_step(any.stmt) == SQLITE_ROW;
}

}  // namespace huddle::store
