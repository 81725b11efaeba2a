#include "room_seats.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "latency_stats.hpp"

namespace huddle::load {

namespace {

struct ClockShown {
  RoomSeats::Clock clock;
  std::int64_t deadline = 0;  // 0 when null (the room is done, or not running)
};

// `"key":N` within `object`, as a number; nullopt when absent or not a number (null).
template <class T>
std::optional<T> number_after(std::string_view object, std::string_view quoted_key_colon) {
  const auto at = object.find(quoted_key_colon);
  if (at == std::string_view::npos) return std::nullopt;
  const char* first = object.data() + at + quoted_key_colon.size();
  T value{};
  const auto [ptr, ec] = std::from_chars(first, object.data() + object.size(), value);
  if (ec != std::errc() || ptr == first) return std::nullopt;
  return value;
}

// The room's clock, {"deadline":D,"done":false,"round":R,"step":S} (keys sorted, no nested objects).
std::optional<ClockShown> read_clock(std::string_view frame) {
  constexpr std::string_view key = R"("clock":{)";
  const auto begin = frame.find(key);
  if (begin == std::string_view::npos) return std::nullopt;
  const auto end = frame.find('}', begin);
  if (end == std::string_view::npos) return std::nullopt;
  const auto object = frame.substr(begin, end - begin);
  const auto round = number_after<int>(object, R"("round":)");
  const auto step = number_after<int>(object, R"("step":)");
  if (!round || !step) return std::nullopt;
  return ClockShown{{*round, *step}, number_after<std::int64_t>(object, R"("deadline":)").value_or(0)};
}

}  // namespace

void RoomSeats::begin(std::size_t participants) {
  seats_.assign(participants, Seat{});
  known_ = checklist_items_ = 0;
  learning_ = true;
  changes_.clear();
}

RoomSeats::Heard RoomSeats::on_room(std::uint32_t index, const WsMessage& message) {
  if (index >= seats_.size() || message.full.empty()) return Heard::nothing;
  auto& seat = seats_[index];
  if (seat.watched && !changes_.empty()) {
    Heard heard = Heard::nothing;
    if (const auto shown = read_clock(message.full)) {
      for (std::size_t k = 0; k < changes_.size(); ++k) {
        if (seat.arrived[k] != 0 || !(shown->clock >= changes_[k])) continue;
        seat.arrived[k] = message.at;
        // A push that skipped this change (one coalesced away) shows a later step's deadline: not this one's.
        const bool exactly = shown->clock.round == changes_[k].round && shown->clock.step == changes_[k].step;
        seat.deadline[k] = exactly ? shown->deadline : 0;
        ++arrived_[k];
        heard = Heard::change;
      }
    }
    return heard;
  }
  if (!learning_ || seat.room != 0) return Heard::nothing;
  // {"data":{..., "room":{"checklist":{"items":[...],...} or null, "number":3, ...}}, "topic":"room", ...}
  const auto frame = nlohmann::json::parse(message.full, nullptr, false);
  if (!frame.is_object()) return Heard::nothing;
  const auto data = frame.find("data");
  if (data == frame.end() || !data->is_object()) return Heard::nothing;
  const auto room = data->find("room");
  if (room == data->end() || !room->is_object()) return Heard::nothing;  // in no room (yet)
  seat.room = room->value("number", 0u);
  if (seat.room == 0) return Heard::nothing;
  if (const auto checklist = room->find("checklist"); checklist != room->end() && checklist->is_object()) {
    seat.observer = true;
    if (const auto items = checklist->find("items"); items != checklist->end() && items->is_array()) {
      checklist_items_ = std::max(checklist_items_, items->size());
    }
  }
  ++known_;
  return Heard::seat;
}

void RoomSeats::watch(const std::vector<std::uint32_t>& who, const std::vector<Clock>& changes) {
  changes_.assign(changes.begin(), changes.begin() + static_cast<long>(std::min(changes.size(), max_changes)));
  expected_ = arrived_ = went_away_ = {};
  for (auto& seat : seats_) seat.watched = false;
  for (auto i : who) {
    auto& seat = seats_[i];
    if (seat.room == 0) continue;
    seat.watched = true;
    seat.gone = false;
    seat.arrived = {};
    seat.deadline = {};
    for (std::size_t k = 0; k < changes_.size(); ++k) ++expected_[k];
  }
}

void RoomSeats::forget(std::uint32_t index) {
  if (index >= seats_.size() || !seats_[index].watched || seats_[index].gone) return;
  auto& seat = seats_[index];
  seat.gone = true;
  for (std::size_t k = 0; k < changes_.size(); ++k) {
    if (seat.arrived[k] != 0) continue;
    --expected_[k];
    ++went_away_[k];
  }
}

nlohmann::json RoomSeats::result(std::size_t change,
                                 const std::function<std::optional<Micros>(const Seat&)>& deadline_of) const {
  LatencyStats after_deadline;
  after_deadline.reserve(arrived_[change]);
  std::size_t unknown = 0;
  for (const auto& seat : seats_) {
    if (!seat.watched || seat.arrived[change] == 0) continue;
    if (const auto deadline = deadline_of(seat)) after_deadline.add(seat.arrived[change] - *deadline);
    else ++unknown;
  }
  return {{"participants", expected_[change] + went_away_[change]},
          {"received", arrived_[change]},
          {"missing", expected_[change] - std::min(expected_[change], arrived_[change])},
          {"went_away", went_away_[change]},
          {"deadline_unknown", unknown},
          {"after_deadline_ms", after_deadline.summary()}};
}

}  // namespace huddle::load
