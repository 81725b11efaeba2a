#pragma once
// Which journal a server writes, from where the operator pointed it (--journal): the embedded SQLite file by
// default, or a PostgreSQL database for a cluster.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "store/durability.hpp"
#include "store/journal.hpp"

namespace huddle::store {

// "" or "sqlite": SqliteJournal in data_dir/huddle.db. "postgres://..." or "postgresql://...": PostgresJournal
// on that libpq URI. Either is capped at `max_bytes` (0: no cap) through its set_size_limit. Throws
// JournalError for anything else, or when the journal cannot be opened.
std::unique_ptr<Journal> open_journal(const std::string& where, const std::filesystem::path& data_dir,
                                      Durability durability, std::uint64_t max_bytes);

}  // namespace huddle::store
