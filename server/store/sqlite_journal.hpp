#pragma once
// The default journal: an embedded SQLite database in the data folder, in WAL mode. One append is one
// transaction, so a request's events are stored all together or not at all, and the request is acknowledged
// only after the commit returned.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "store/durability.hpp"
#include "store/journal.hpp"

struct sqlite3;

namespace huddle::store {

// The database cannot be opened or is damaged; the message says which file and what is wrong.
struct JournalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class SqliteJournal final : public Journal {
 public:
  // Opens (or creates) the database and checks its integrity; throws JournalError when it is damaged, not a
  // database, or from a newer Huddle.
  SqliteJournal(const std::filesystem::path& file, Durability durability);
  ~SqliteJournal() override;
  SqliteJournal(const SqliteJournal&) = delete;
  SqliteJournal& operator=(const SqliteJournal&) = delete;

  std::error_code append(const std::string& session_code, const std::vector<core::Event>& events) override;
  std::vector<core::Event> read(const std::string& session_code) override;
  std::vector<std::string> sessions() override;
  std::error_code remove(const std::string& session_code) override;

  // Caps the database at about `bytes` (0: no cap; --journal-max-mb). At the cap, appends fail with
  // no_space_on_device exactly as on a full disk, and work again once the cap is raised or space is freed.
  void set_size_limit(std::uint64_t bytes);

 private:
  void exec(const char* sql);

  std::filesystem::path file_;
  std::mutex mutex_;  // one connection; sessions on different strands take turns
  sqlite3* db_ = nullptr;
};

}  // namespace huddle::store
