#pragma once
// What an acknowledgement promises about the disk (--durability).
#include <optional>
#include <string_view>

namespace huddle::store {

enum class Durability {
  full,  // every acknowledged change is on disk (fsync per transaction): survives a power cut
         // (PostgreSQL: synchronous_commit=on)
  fast,  // acknowledged changes survive a crash of the server process, but the last moments before a power
         // cut or kernel crash may be lost (SQLite WAL with synchronous=NORMAL; PostgreSQL with
         // synchronous_commit=off, where it is the database server's crash that may lose them)
};

constexpr std::optional<Durability> parse_durability(std::string_view text) noexcept {
  if (text == "full") return Durability::full;
  if (text == "fast") return Durability::fast;
  return std::nullopt;
}

}  // namespace huddle::store
