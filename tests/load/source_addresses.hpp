#pragma once
// The loopback source addresses 127.0.0.1 .. 127.0.0.k that clients bind to, round robin. One address
// gives ~28k ports towards one server port (ip_local_port_range), and Huddle caps connections per address
// (--max-connections-per-address), so large runs spread over several. Another first address puts a group of
// clients on another network (Huddle also counts per-address limits per /24): the attack target keeps its
// attackers and its honest clients apart that way.
#include <cstddef>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/address_v4.hpp>

namespace huddle::load {

class SourceAddresses {
 public:
  explicit SourceAddresses(std::size_t count, boost::asio::ip::address_v4 first = boost::asio::ip::address_v4(0x7F000001));
  const boost::asio::ip::address& for_client(std::size_t index) const { return addresses_[index % addresses_.size()]; }
  std::size_t size() const noexcept { return addresses_.size(); }

 private:
  std::vector<boost::asio::ip::address> addresses_;
};

}  // namespace huddle::load
