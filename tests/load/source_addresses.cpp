#include "source_addresses.hpp"

#include <stdexcept>

#include <boost/asio/ip/address_v4.hpp>

namespace huddle::load {

SourceAddresses::SourceAddresses(std::size_t count, boost::asio::ip::address_v4 first) {
  const auto base = first.to_uint();
  // Within first's /24 and never its .0 or .255: those are not hosts.
  if (count == 0 || (base & 0xFFu) == 0 || (base & 0xFFu) + count > 255) {
    throw std::invalid_argument("--sources must be 1 to 254, within one /24 from " + first.to_string());
  }
  for (std::size_t i = 0; i < count; ++i) {
    addresses_.emplace_back(boost::asio::ip::address_v4(base + static_cast<unsigned>(i)));
  }
}

}  // namespace huddle::load
