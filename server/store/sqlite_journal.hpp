#pragma once
// The default journal: an embedded SQLite database in the data folder, in WAL mode. A request's events are
// stored all together or not at all, and the request is acknowledged only after the commit returned.
// Concurrent appends (different sessions on different threads) are group-committed: one transaction, and so
// one disk flush, for all that queued while the previous commit ran.
#include <cstdint>
#include <filesystem>
#include <mutex>

#include "store/durability.hpp"
#include "store/group_commit.hpp"
#include "store/journal.hpp"
#include "store/journal_error.hpp"
#include "store/sqlite_database.hpp"

namespace huddle::store {

// The journal's default cap (--journal-max-mb), in MiB: a fixed size rather than "whatever the disk holds",
// so a flood is stopped by the server before the disk is full (logs, the OS and other programs live there
// too). It holds four sessions at their full quota (hub::default_session_max_mb) and thousands of ordinary
// ones; at start the server warns when the disk has less room free than the cap leaves to fill.
inline constexpr std::uint64_t default_journal_max_mb = 4096;

class SqliteJournal final : public Journal {
 public:
  // Opens (or creates) the database and checks its integrity; throws JournalError when it is damaged, not a
  // database, or from a newer Huddle.
  SqliteJournal(const std::filesystem::path& file, Durability durability);
  ~SqliteJournal() override;
  SqliteJournal(const SqliteJournal&) = delete;
  SqliteJournal& operator=(const SqliteJournal&) = delete;

  std::error_code append(const std::string& session_code, const std::vector<core::Event>& events) override;
  void for_each(const std::string& session_code, const EventVisitor& visit) override;
  std::vector<std::string> sessions() override;
  bool contains(const std::string& session_code) override;
  std::error_code remove(const std::string& session_code) override;
  std::error_code rewrite(const std::string& session_code, const Edit& edit) override;

  // Caps the database at about `bytes` (0: no cap; --journal-max-mb). At the cap, appends fail with
  // no_space_on_device exactly as on a full disk, and work again once the cap is raised or space is freed.
  void set_size_limit(std::uint64_t bytes);

 private:
  using Pending = GroupCommit::Pending;
  void commit_batch(const std::vector<Pending*>& batch);
  std::error_code append_one(const std::string& session_code, const std::vector<core::Event>& events);

  SqliteDatabase database_;
  sqlite3* const db_;  // database_'s connection
  std::mutex mutex_;  // one connection; sessions on different strands take turns
  GroupCommit group_;  // concurrent appends share one transaction
};

}  // namespace huddle::store
