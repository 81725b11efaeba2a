#pragma once
// Per-address token buckets for requests that probe for secrets (a wrong join code is a guess at a
// session). Bounded: at most `max_addresses` entries; when full, addresses whose bucket has refilled are
// dropped first, and if none has, the table is cleared (a flood from many addresses then gets a fresh
// allowance rather than the server running out of memory).
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "hub/token_bucket.hpp"

namespace huddle::hub {

class AddressLimiter {
 public:
  AddressLimiter(double per_second, double burst, std::size_t max_addresses = 10'000)
      : per_second_(per_second), burst_(burst), max_addresses_(max_addresses) {}

  // Takes one token for `address`; false when it has none left. An empty address (not a network client)
  // is never limited.
  bool take(const std::string& address, TokenBucket::Clock::time_point now);
  // Whether `address` has used up its allowance (it is refused until its bucket refills).
  bool exhausted(const std::string& address, TokenBucket::Clock::time_point now);

 private:
  std::mutex mutex_;
  double per_second_;
  double burst_;
  std::size_t max_addresses_;
  std::unordered_map<std::string, TokenBucket> buckets_;
};

}  // namespace huddle::hub
