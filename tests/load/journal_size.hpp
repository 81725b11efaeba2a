#pragma once
// The size of the server's journal: every file in its --data folder whose name begins "huddle.db" (the
// database and its write-ahead log and shared memory), so the storage flood's effect on disk is measured
// where it lands rather than inferred from acks.
#include <cstdint>
#include <optional>
#include <string>

namespace huddle::load {

// nullopt when `data_dir` is empty or cannot be read.
std::optional<std::uintmax_t> journal_bytes(const std::string& data_dir);

}  // namespace huddle::load
