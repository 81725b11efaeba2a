#pragma once
// Per-address token buckets for requests that probe for secrets or cost the server something lasting (a
// wrong join code is a guess at a session; a new session holds memory and disk). Each address also draws
// on its network's bucket (AddressGrouping: an IPv4 /24, an IPv6 /64), so one machine with many addresses
// gets no more than its network's share. Bounded: at most `max_entries` buckets; when full, buckets that
// have refilled are dropped first, and if none has, the table is cleared (a flood from very many networks
// then gets a fresh allowance rather than the server running out of memory).
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "hub/address_grouping.hpp"
#include "hub/token_bucket.hpp"

namespace huddle::hub {

class AddressLimiter {
 public:
  struct Rate {
    double per_second;
    double burst;
  };

  AddressLimiter(Rate per_address, Rate per_group, AddressGrouping grouping, std::size_t max_entries = 20'000)
      : per_address_(per_address), per_group_(per_group), grouping_(grouping), max_entries_(max_entries) {}

  // Takes one token from `address` and one from its network; false, and nothing taken, when either has
  // none left. An empty address (not a network client) is never limited.
  bool take(const std::string& address, TokenBucket::Clock::time_point now);
  // Whether `address` or its network has used up its allowance (refused until the bucket refills).
  bool exhausted(const std::string& address, TokenBucket::Clock::time_point now);

 private:
  // Keeps the table under max_entries_ with room for two more buckets.
  void make_room(TokenBucket::Clock::time_point now);
  TokenBucket& bucket(const std::string& key, Rate rate, TokenBucket::Clock::time_point now);

  std::mutex mutex_;
  Rate per_address_;
  Rate per_group_;
  AddressGrouping grouping_;
  std::size_t max_entries_;
  std::unordered_map<std::string, TokenBucket> buckets_;  // by address, and by group ("…/24")
};

}  // namespace huddle::hub
