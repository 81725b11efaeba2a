#include "core/polls/poll.hpp"

#include "core/polls/ballot_input.hpp"

namespace huddle::core {

using protocol::ErrorCode;

Poll::Poll(std::string id, PollSettings settings) : id_(std::move(id)), settings_(std::move(settings)) {
  if (settings_.kind == PollKind::single || settings_.kind == PollKind::multi) counts_.assign(settings_.options.size(), 0);
  if (settings_.kind == PollKind::scale) counts_.assign(static_cast<std::size_t>(settings_.scale.max - settings_.scale.min + 1), 0);
}

void Poll::count(const Ballot& ballot, int sign) {
  auto bump = [&](std::size_t i) {
    if (i < counts_.size()) counts_[i] = sign > 0 ? counts_[i] + 1 : counts_[i] - 1;
  };
  if (const auto* b = std::get_if<SingleChoice>(&ballot)) bump(static_cast<std::size_t>(b->index));
  if (const auto* b = std::get_if<MultiChoice>(&ballot)) {
    for (int index : b->indices) bump(static_cast<std::size_t>(index));
  }
  if (const auto* b = std::get_if<ScaleRating>(&ballot)) {
    bump(static_cast<std::size_t>(b->value - settings_.scale.min));
    rating_sum_ += sign * static_cast<long long>(b->value);
  }
}

const Ballot* Poll::ballot_of(const std::string& voter_key) const {
  auto it = ballots_.find(voter_key);
  return it == ballots_.end() ? nullptr : &it->second.ballot;
}

std::optional<Rejection> Poll::check_cast(const std::string&, const Ballot& ballot) const {
  if (!is_open()) return Rejection{ErrorCode::poll_closed, "Voting on this poll has closed."};
  return check_ballot(settings_, ballot);
}

std::optional<Rejection> Poll::cast(const std::string& voter_key, Ballot ballot, std::optional<std::string> voter_name) {
  if (auto rejection = check_cast(voter_key, ballot)) return rejection;
  if (settings_.anonymous) voter_name.reset();
  if (const auto* before = ballot_of(voter_key)) count(*before, -1);
  count(ballot, +1);
  ballots_.insert_or_assign(voter_key, RecordedBallot{std::move(ballot), std::move(voter_name)});
  return std::nullopt;
}

std::optional<Rejection> Poll::check_withdraw(const std::string&) const {
  if (!is_open()) return Rejection{ErrorCode::poll_closed, "This poll has closed; its answers can no longer change."};
  return std::nullopt;
}

std::optional<Rejection> Poll::withdraw(const std::string& voter_key) {
  if (auto rejection = check_withdraw(voter_key)) return rejection;
  if (const auto* before = ballot_of(voter_key)) count(*before, -1);
  ballots_.erase(voter_key);
  return std::nullopt;
}

void Poll::hide() noexcept {
  revealed_ = false;
  settings_.results_live = false;
}

std::optional<Rejection> Poll::check_set_anonymous(bool anonymous) const {
  if (!anonymous && settings_.anonymous && !ballots_.empty()) {
    return Rejection{ErrorCode::forbidden,
                     "People have already answered this poll anonymously, so it cannot become named. "
                     "Launch a new named poll instead."};
  }
  return std::nullopt;
}

std::optional<Rejection> Poll::set_anonymous(bool anonymous) {
  if (auto rejection = check_set_anonymous(anonymous)) return rejection;
  settings_.anonymous = anonymous;
  if (anonymous) {
    for (auto& [key, recorded] : ballots_) recorded.voter_name.reset();
  }
  return std::nullopt;
}

void Poll::replace_ballots(const std::vector<std::pair<std::string, Ballot>>& ballots) {
  for (const auto& [key, recorded] : ballots_) count(recorded.ballot, -1);
  ballots_.clear();
  for (const auto& [key, ballot] : ballots) {
    if (const auto* before = ballot_of(key)) count(*before, -1);
    count(ballot, +1);
    ballots_[key] = RecordedBallot{ballot, std::nullopt};
  }
}

}  // namespace huddle::core
