#pragma once
// The cohort store on disk: programmes.db in the data folder, its own SQLite file beside the journal
// (huddle.db), so a cohort's snapshot rewrites never wait behind a 10,000-person session's group commits and a
// cohort can be deleted without touching the journal. A replaced or removed snapshot is overwritten in the
// file (secure_delete) and the write-ahead log is emptied after every change, so no earlier version, and with
// it no order in which answers arrived, can be recovered from the disk.
#include <filesystem>
#include <mutex>

#include "store/cohort_store.hpp"
#include "store/durability.hpp"
#include "store/sqlite_database.hpp"

namespace huddle::store {

// The file's name in the data folder.
inline constexpr const char* cohort_store_file_name = "programmes.db";

class SqliteCohortStore final : public CohortStore {
 public:
  // Opens (or creates) data_dir/programmes.db and checks it; throws JournalError naming the file when it is
  // damaged, not a database, from a newer Huddle, or cannot be opened.
  SqliteCohortStore(const std::filesystem::path& data_dir, Durability durability);

  std::error_code save(const std::string& cohort_id, const std::string& snapshot) override;
  std::vector<std::pair<std::string, std::string>> load_all() override;
  std::error_code remove(const std::string& cohort_id) override;
  // The database's pages in use (not its free pages), in bytes.
  std::uint64_t stored_bytes() override;

  const std::filesystem::path& file() const noexcept { return database_.file(); }

 private:
  std::error_code change(const char* sql, const std::string& cohort_id, const std::string* snapshot);

  SqliteDatabase database_;
  std::mutex mutex_;  // one connection; a change and its checkpoint are not interleaved with another's
};

}  // namespace huddle::store
