#include "core/breakouts/room_forming.hpp"

#include <algorithm>
#include <random>
#include <set>
#include <utility>

namespace huddle::core {

namespace {

// A portable shuffle: std::shuffle's use of the engine is unspecified, and replay must never depend on the
// standard library's version (the rooms are journaled anyway, but tests compare across builds).
void shuffle(std::vector<std::string>& v, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  for (std::size_t i = v.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(engine() % i);
    std::swap(v[i - 1], v[j]);
  }
}

RoomLists deal(const std::vector<std::string>& people, int group_size) {
  const std::size_t n = people.size();
  if (n == 0) return {};
  const std::size_t size = static_cast<std::size_t>(std::max(group_size, 1));
  const std::size_t count = std::max<std::size_t>(1, n / size);
  RoomLists rooms(count);
  // Round-robin keeps sizes within one of each other.
  for (std::size_t i = 0; i < n; ++i) rooms[i % count].push_back(people[i]);
  return rooms;
}

using Pair = std::pair<std::string, std::string>;

std::set<Pair> pairs_of(const std::vector<RoomLists>& earlier) {
  std::set<Pair> met;
  for (const auto& rooms : earlier) {
    for (const auto& room : rooms) {
      for (std::size_t a = 0; a < room.size(); ++a) {
        for (std::size_t b = a + 1; b < room.size(); ++b) met.insert(std::minmax(room[a], room[b]));
      }
    }
  }
  return met;
}

std::size_t count_repeats(const RoomLists& rooms, const std::set<Pair>& met) {
  std::size_t repeats = 0;
  for (const auto& room : rooms) {
    for (std::size_t a = 0; a < room.size(); ++a) {
      for (std::size_t b = a + 1; b < room.size(); ++b) repeats += met.contains(std::minmax(room[a], room[b]));
    }
  }
  return repeats;
}

}  // namespace

RoomLists form_rooms(std::vector<std::string> people, int group_size, std::uint64_t seed) {
  shuffle(people, seed);
  return deal(people, group_size);
}

RoomLists form_rooms_new_partners(std::vector<std::string> people, int group_size, std::uint64_t seed,
                                  const std::vector<RoomLists>& earlier, int attempts) {
  const auto met = pairs_of(earlier);
  RoomLists best;
  std::size_t best_repeats = 0;
  std::mt19937_64 seeds(seed);
  for (int i = 0; i < std::max(attempts, 1); ++i) {
    RoomLists candidate = form_rooms(people, group_size, seeds());
    const std::size_t repeats = count_repeats(candidate, met);
    if (i == 0 || repeats < best_repeats) {
      best = std::move(candidate);
      best_repeats = repeats;
      if (repeats == 0) break;
    }
  }
  return best;
}

std::size_t repeated_pairs(const RoomLists& rooms, const std::vector<RoomLists>& earlier) {
  return count_repeats(rooms, pairs_of(earlier));
}

std::size_t room_for_newcomer(const RoomLists& rooms) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < rooms.size(); ++i) {
    if (rooms[i].size() < rooms[best].size()) best = i;
  }
  return best;
}

}  // namespace huddle::core
