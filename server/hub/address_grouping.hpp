#pragma once
// Which network an address belongs to, so that per-address limits also hold against one machine or one
// customer that uses many addresses: an IPv4 /24 and an IPv6 /64 by default (a home or an office is handed
// a whole /64 and can use every address in it; a small cloud tenant gets a run of IPv4 neighbours).
#include <string>

namespace huddle::hub {

struct AddressGrouping {
  unsigned ipv4_prefix = 24;  // --address-group-v4; 32 makes each address its own group
  unsigned ipv6_prefix = 64;  // --address-group-v6; 128 likewise

  // "203.0.113.0/24", "2001:db8:1:2::/64"; an IPv4-mapped IPv6 address counts as IPv4. Empty for an empty
  // or unreadable address (not a network client, which no limit applies to).
  std::string group_of(const std::string& address) const;
};

}  // namespace huddle::hub
