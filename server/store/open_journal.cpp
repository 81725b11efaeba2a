#include "store/open_journal.hpp"

#include "store/journal_error.hpp"
#include "store/postgres_journal.hpp"
#include "store/sqlite_journal.hpp"

namespace huddle::store {

std::unique_ptr<Journal> open_journal(const std::string& where, const std::filesystem::path& data_dir,
                                      Durability durability, std::uint64_t max_bytes) {
  if (where.empty() || where == "sqlite") {
    auto journal = std::make_unique<SqliteJournal>(data_dir / "huddle.db", durability);
    journal->set_size_limit(max_bytes);
    return journal;
  }
  if (where.starts_with("postgres://") || where.starts_with("postgresql://")) {
    auto journal = std::make_unique<PostgresJournal>(where, durability);
    journal->set_size_limit(max_bytes);
    return journal;
  }
  // Not echoed: a mistyped URI may hold a password.
  throw JournalError("the journal must be \"sqlite\" or a postgresql://user@host:port/database URI");
}

}  // namespace huddle::store
