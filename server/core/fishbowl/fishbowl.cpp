#include "core/fishbowl/fishbowl.hpp"

#include <algorithm>

#include "core/cards/split_mix64.hpp"

namespace huddle::core {

Fishbowl::Fishbowl(FishbowlSettings settings)
    : settings_(std::move(settings)), seats_(static_cast<std::size_t>(settings_.seat_count())) {}

std::optional<int> Fishbowl::seat_of(const std::string& participant_id) const {
  for (std::size_t i = 0; i < seats_.size(); ++i) {
    if (seats_[i].participant_id == participant_id) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::optional<std::size_t> Fishbowl::queue_place(const std::string& participant_id) const {
  auto it = std::find(queue_.begin(), queue_.end(), participant_id);
  if (it == queue_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - queue_.begin());
}

std::optional<int> Fishbowl::free_inner_seat() const {
  for (int i = 0; i < settings_.seats; ++i) {
    if (seats_[static_cast<std::size_t>(i)].free()) return i;
  }
  return std::nullopt;
}

const Observation* Fishbowl::find_observation(const std::string& id) const {
  auto it = std::find_if(observations_.begin(), observations_.end(), [&](const auto& o) { return o.id == id; });
  return it == observations_.end() ? nullptr : &*it;
}

void Fishbowl::seat(int seat, const std::string& participant_id, Millis at) {
  if (seat < 0 || static_cast<std::size_t>(seat) >= seats_.size()) return;
  FishbowlSeat& target = seats_[static_cast<std::size_t>(seat)];
  if (target.participant_id == participant_id) return;
  stand_up(target, at);
  if (participant_id.empty()) return;
  if (auto before = seat_of(participant_id)) stand_up(seats_[static_cast<std::size_t>(*before)], at);
  set_queued(participant_id, false);
  target.participant_id = participant_id;
  target.since = at;
  ++talk_of(participant_id).turns;
}

void Fishbowl::set_queued(const std::string& participant_id, bool queued) {
  auto it = std::find(queue_.begin(), queue_.end(), participant_id);
  if (queued && it == queue_.end()) queue_.push_back(participant_id);
  if (!queued && it != queue_.end()) queue_.erase(it);
}

void Fishbowl::clear(Millis at) {
  for (auto& seat : seats_) stand_up(seat, at);
  queue_.clear();
}

void Fishbowl::add_observation(Observation observation) { observations_.push_back(std::move(observation)); }

void Fishbowl::hold(const std::string& id, std::string text) { held_.emplace(id, std::move(text)); }

void Fishbowl::release_held(std::uint64_t seed, bool guessable) {
  // Id order, then the seed's shuffle: the batch's order depends on the set of observations, never on who
  // wrote first (as for cards, confusion_board.cpp).
  std::vector<std::string> order;
  order.reserve(held_.size());
  for (const auto& entry : held_) order.push_back(entry.first);
  SplitMix64 rng(seed);
  shuffle_with(order, rng);
  for (const auto& id : order) {
    observations_.push_back(Observation{id, std::move(held_[id]), {}, false, guessable});
  }
  held_.clear();
}

void Fishbowl::set_surfaced(const std::string& id, bool surfaced) {
  auto it = std::find_if(observations_.begin(), observations_.end(), [&](const auto& o) { return o.id == id; });
  if (it == observations_.end() || it->surfaced == surfaced) return;
  it->surfaced = surfaced;
  if (surfaced) surfaced_.push_back(id);
  else surfaced_.erase(std::remove(surfaced_.begin(), surfaced_.end(), id), surfaced_.end());
}

void Fishbowl::stand_up(FishbowlSeat& seat, Millis at) {
  if (seat.free()) return;
  talk_of(seat.participant_id).ms += std::max<Millis>(0, at - seat.since);
  seat = FishbowlSeat{};
}

TalkTime& Fishbowl::talk_of(const std::string& participant_id) {
  auto it = std::find_if(talk_.begin(), talk_.end(), [&](const auto& t) { return t.participant_id == participant_id; });
  if (it != talk_.end()) return *it;
  return talk_.emplace_back(TalkTime{participant_id, 0, 0});
}

}  // namespace huddle::core
